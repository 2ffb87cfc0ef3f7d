#include "api/session.hpp"

#include <nlohmann/json.hpp>

#include <charconv>

#include "api/problem.hpp"
#include "api/services.hpp"
#include "core/clock.hpp"

namespace dauvet::api {
namespace {

std::string chunk_size(std::size_t n) {
  char buf[20];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, n, 16).ptr);
}

}  // namespace

void Server::Shared::log_access(std::string_view line) {
  if (options.access_log == nullptr) return;
  std::lock_guard lock(log_mu);
  *options.access_log << line << '\n' << std::flush;
}

template <class Stream>
void Session<Stream>::run() {
  net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      self->do_read();
    } else {
      self->lowest().expires_after(self->shared_->options.io_timeout);
      self->handshaking_ = true;
      self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
        self->handshaking_ = false;
        if (ec || self->closing_) return self->do_close();
        self->do_read();
      });
    }
  });
}

template <class Stream>
void Session<Stream>::shutdown() {
  net::post(stream_.get_executor(), [self = this->shared_from_this()] {
    self->closing_ = true;
    // An idle keep-alive read, or a handshake: their handlers then close.
    if (self->reading_ || self->handshaking_) self->lowest().socket().cancel();
    // An open stream ends now: the chunk in flight is finished, then the final chunk.
    self->stop_streams();
    self->maybe_close();
  });
}

template <class Stream>
void Session<Stream>::do_read() {
  if (closing_ || read_done_ || reading_ || closed_) return;
  if (slots_.size() >= shared_->options.pipeline_limit) return;  // resumed by on_write
  // Behind a stream nothing can be answered until it ends, and a read pending meanwhile
  // would time out and close the connection under it: resumed once it is written.
  if (!slots_.empty() && slots_.back().streams) return;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(shared_->options.header_limit));
  parser_->body_limit(shared_->options.body_limit);
  lowest().expires_after(shared_->options.io_timeout);
  reading_ = true;
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, this->shared_from_this()));
}

template <class Stream>
void Session<Stream>::on_read(beast::error_code ec, std::size_t) {
  reading_ = false;
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == net::ssl::error::stream_truncated) {
    read_done_ = true;
    return maybe_close();
  }
  if (ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::eof) return do_close();
  if (ec == http::error::body_limit)
    return refuse(http::status::payload_too_large, "body_too_large",
                  "the body is larger than " + std::to_string(shared_->options.body_limit) + " bytes");
  if (ec == http::error::header_limit)
    return refuse(http::status::request_header_fields_too_large, "headers_too_large",
                  "the headers are larger than " + std::to_string(shared_->options.header_limit) + " bytes");
  if (ec) return refuse(http::status::bad_request, "malformed_request", "the request is not valid HTTP/1.1: " + ec.message());
  // RFC 9112 6.3: a Transfer-Encoding whose last coding is not chunked leaves a request
  // without a length. Beast then reads the body as empty, so its bytes would run as the
  // next request: the smuggling a front proxy that framed it differently never saw.
  if (parser_->get().count(http::field::transfer_encoding) != 0 && !parser_->chunked())
    return refuse(http::status::bad_request, "malformed_request",
                  "a request's Transfer-Encoding must end in chunked; its length cannot be known otherwise");

  Request req = parser_->release();
  const std::uint64_t id = first_id_ + slots_.size();
  slots_.push_back(Slot{.method = std::string(req.method_string()), .target = std::string(req.target()),
                        .started = std::chrono::steady_clock::now()});
  if (!req.keep_alive()) read_done_ = true;
  auto self = this->shared_from_this();
  Responder respond = [self, id](Response res) {
    net::post(self->stream_.get_executor(), [self, id, res = std::move(res)]() mutable {
      self->on_response(id, std::move(res));
    });
  };
  Dispatched dispatched;
  shared_->router.handle(req, shared_->services, std::move(respond), &dispatched);
  slots_.back().route = std::move(dispatched.route);  // the respond above only posts
  slots_.back().streams = dispatched.streams;
  do_read();
}

// A request that cannot be framed: answer it, then close, since what follows on the
// connection cannot be trusted to start a request.
template <class Stream>
void Session<Stream>::refuse(http::status status, std::string_view kind, std::string detail) {
  read_done_ = true;
  Request req;
  req.version(11);
  req.keep_alive(false);
  Response res = problem(req, status, kind, std::move(detail));
  res.keep_alive(false);
  slots_.push_back(Slot{.response = std::move(res), .route = "unparsed", .method = "-", .target = "-",
                        .started = std::chrono::steady_clock::now()});
  flush();
}

template <class Stream>
void Session<Stream>::on_response(std::uint64_t id, Response res) {
  if (closed_ || id < first_id_) {
    if (res.stream) res.stream->stop();
    return;
  }
  if (!res.stream) res.prepare_payload();
  slots_[id - first_id_].response = std::move(res);
  flush();
}

template <class Stream>
void Session<Stream>::flush() {
  if (writing_ || closed_ || slots_.empty() || !slots_.front().response) return;
  writing_ = true;
  lowest().expires_after(shared_->options.io_timeout);
  Slot& slot = slots_.front();
  Response& res = *slot.response;
  res.set(http::field::server, "dauvet");
  // Handlers name the authenticated actor for the access log through an internal field.
  if (auto it = res.find("X-Dauvet-Actor"); it != res.end()) {
    slot.actor = std::string(it->value());
    res.erase(it);
  }
  // Handlers that read a snapshot say which index their answer reflects; the rest
  // (errors, health) reflect the ledger as it is now.
  if (res.find("X-Ledger-Index") == res.end()) res.set("X-Ledger-Index", ledger_index_header(shared_->services.ledger));
  if (res.stream && slot.method == "HEAD") {  // the headers are the whole answer
    res.stream->stop();
    res.stream.reset();
    res.prepare_payload();
  }
  if (res.stream) return start_stream();
  http::async_write(stream_, res, beast::bind_front_handler(&Session::on_write, this->shared_from_this()));
}

template <class Stream>
void Session<Stream>::on_write(beast::error_code ec, std::size_t bytes) {
  writing_ = false;
  slots_.front().bytes += bytes;
  done(ec);
}

// The front response has been written (or failed): log it once, then go on to the next.
template <class Stream>
void Session<Stream>::done(beast::error_code ec) {
  Slot& slot = slots_.front();
  if (slot.response->stream) slot.response->stream->stop();  // a failed write leaves it open
  const auto elapsed = std::chrono::steady_clock::now() - slot.started;
  const unsigned status = slot.response->result_int();
  shared_->services.metrics.observe(slot.route, status, elapsed);
  if (shared_->options.access_log != nullptr) {
    nlohmann::json line{{"time", clock::format_utc_ms(clock::system_ms())},
                        {"actor", slot.actor},
                        {"method", slot.method},
                        {"path", std::string(path_of(slot.target))},
                        {"route", slot.route},
                        {"status", status},
                        {"bytes", slot.bytes},
                        {"duration_ms", std::chrono::duration<double, std::milli>(elapsed).count()}};
    shared_->log_access(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  const bool keep_alive = slot.response->keep_alive();
  slots_.pop_front();
  ++first_id_;
  if (ec || !keep_alive) return do_close();
  flush();
  do_read();  // resumes a read paused by a full pipeline
  maybe_close();
}

template <class Stream>
void Session<Stream>::start_stream() {
  Response& res = *slots_.front().response;
  res.erase(http::field::content_length);
  // HTTP/1.0 has no chunks: the body ends where the connection does.
  if (res.version() >= 11) res.chunked(true);
  else res.keep_alive(false);
  writing_ = true;
  lowest().expires_after(shared_->options.io_timeout);
  stream_head_.emplace(res);
  http::async_write_header(stream_, *stream_head_,
                           beast::bind_front_handler(&Session::on_stream_write, this->shared_from_this()));
}

// Pulls only once the previous piece is written: a slow client holds one piece, no more.
template <class Stream>
void Session<Stream>::pull_stream() {
  Response& res = *slots_.front().response;
  if (closing_) res.stream->stop();
  auto piece = res.stream->pull([self = this->shared_from_this()] {
    // Strong: while a pull is pending no I/O is, and this wake is what keeps the session.
    net::post(self->stream_.get_executor(), [self] { self->on_stream_wake(); });
  });
  switch (piece.state) {
    case BodyStream::Piece::State::pending:
      awaiting_ = true;
      return;
    case BodyStream::Piece::State::data:
      if (!res.chunked()) return write_stream(std::move(piece.bytes));
      return write_stream(chunk_size(piece.bytes.size()) + "\r\n" + piece.bytes + "\r\n");
    case BodyStream::Piece::State::end:
      stream_ended_ = true;
      if (!res.chunked()) return on_stream_write({}, 0);
      return write_stream("0\r\n\r\n");
  }
}

template <class Stream>
void Session<Stream>::write_stream(std::string bytes) {
  chunk_ = std::move(bytes);
  writing_ = true;
  lowest().expires_after(shared_->options.io_timeout);  // a client that stops reading is dropped
  net::async_write(stream_, net::buffer(chunk_), beast::bind_front_handler(&Session::on_stream_write, this->shared_from_this()));
}

template <class Stream>
void Session<Stream>::on_stream_write(beast::error_code ec, std::size_t bytes) {
  writing_ = false;
  slots_.front().bytes += bytes;
  if (ec || stream_ended_) {
    stream_ended_ = false;
    stream_head_.reset();
    return done(ec);
  }
  pull_stream();
}

template <class Stream>
void Session<Stream>::on_stream_wake() {
  if (!awaiting_ || closed_) return;
  awaiting_ = false;
  pull_stream();
}

// Every stream this session holds ends: the one being written winds down through its
// pull; the ones not started yet end as soon as they are.
template <class Stream>
void Session<Stream>::stop_streams() {
  for (Slot& slot : slots_) {
    if (slot.response && slot.response->stream) slot.response->stream->stop();
  }
}

template <class Stream>
void Session<Stream>::maybe_close() {
  if ((read_done_ || closing_) && !reading_ && !writing_ && !handshaking_ && slots_.empty()) do_close();
}

template <class Stream>
void Session<Stream>::do_close() {
  if (closed_) return;
  closed_ = true;
  stop_streams();  // releases a pending wake, and with it this session
  beast::error_code ec;
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  } else {
    lowest().expires_after(std::chrono::seconds(5));
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      self->lowest().socket().close(ignored);
    });
  }
}

template class Session<beast::tcp_stream>;
template class Session<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace dauvet::api
