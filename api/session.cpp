#include "api/session.hpp"

#include <nlohmann/json.hpp>

#include "api/problem.hpp"
#include "api/services.hpp"
#include "core/clock.hpp"

namespace dauvet::api {

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
    self->maybe_close();
  });
}

template <class Stream>
void Session<Stream>::do_read() {
  if (closing_ || read_done_ || reading_ || closed_) return;
  if (slots_.size() >= shared_->options.pipeline_limit) return;  // resumed by on_write
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
  slots_.push_back(Slot{std::nullopt, {}, std::string(req.method_string()), std::string(req.target()), {},
                        std::chrono::steady_clock::now()});
  if (!req.keep_alive()) read_done_ = true;
  auto self = this->shared_from_this();
  Responder respond = [self, id](Response res) {
    net::post(self->stream_.get_executor(), [self, id, res = std::move(res)]() mutable {
      self->on_response(id, std::move(res));
    });
  };
  shared_->router.handle(req, shared_->services, std::move(respond), &slots_.back().route);
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
  slots_.push_back(Slot{std::move(res), "unparsed", "-", "-", {}, std::chrono::steady_clock::now()});
  flush();
}

template <class Stream>
void Session<Stream>::on_response(std::uint64_t id, Response res) {
  if (closed_ || id < first_id_) return;
  res.prepare_payload();
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
  http::async_write(stream_, res, beast::bind_front_handler(&Session::on_write, this->shared_from_this()));
}

template <class Stream>
void Session<Stream>::on_write(beast::error_code ec, std::size_t bytes) {
  writing_ = false;
  Slot& slot = slots_.front();
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
                        {"bytes", bytes},
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
void Session<Stream>::maybe_close() {
  if ((read_done_ || closing_) && !reading_ && !writing_ && !handshaking_ && slots_.empty()) do_close();
}

template <class Stream>
void Session<Stream>::do_close() {
  if (closed_) return;
  closed_ = true;
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
