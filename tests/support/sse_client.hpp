// A client for GET /v1/events/stream over a real connection (a beast::tcp_stream or an
// ssl_stream over one): sends the request, reads the headers, then reads the chunked body
// as it arrives, de-chunked by Beast's parser, until the test has what it waits for.
//
// Reads are asynchronous, run on the caller's thread, so that Beast's timeouts apply (they
// do not to synchronous reads); a read that times out closes the connection.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dauvet::testing {

template <class Stream>
class SseClient {
 public:
  using Clock = std::chrono::steady_clock;

  SseClient(boost::asio::io_context& ioc, Stream& stream) : ioc_(ioc), stream_(stream) {
    parser_.body_limit(boost::none);  // a stream has no end to bound
    parser_.on_chunk_body(on_chunk_);  // Beast keeps a reference: a member, like the parser
  }

  // Sends the request and reads the response headers; false if either failed.
  bool open(const std::string& target, const std::string& token, const std::map<std::string, std::string>& headers = {},
            std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    namespace http = boost::beast::http;
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::accept, "text/event-stream");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    for (const auto& [k, v] : headers) req.set(k, v);
    boost::beast::get_lowest_layer(stream_).expires_after(timeout);
    run([&](auto done) { http::async_write(stream_, req, done); });
    if (error_) return false;
    run([&](auto done) { http::async_read_header(stream_, buffer_, parser_, done); });
    return !error_;
  }

  // Reads until `until(body so far)` holds (true), or the response ends, the connection
  // fails or `timeout` passes (false; a timeout closes the connection).
  bool read_until(const std::function<bool(const std::string&)>& until,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    boost::beast::get_lowest_layer(stream_).expires_after(timeout);
    while (!until(body_)) {
      if (error_ || parser_.is_done()) return false;
      run([&](auto done) { boost::beast::http::async_read_some(stream_, buffer_, parser_, done); });
    }
    return true;
  }
  // Reads to the end of the response: true if it ended cleanly, with its final chunk.
  bool read_to_end(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    read_until([this](const std::string&) { return parser_.is_done(); }, timeout);
    return parser_.is_done() && !error_;
  }

  // The ids of the events received so far, in order.
  std::vector<std::uint64_t> ids() const {
    std::vector<std::uint64_t> out;
    for (auto p = body_.find("id: "); p != std::string::npos; p = body_.find("id: ", p + 1)) {
      if (p != 0 && body_[p - 1] != '\n') continue;
      out.push_back(std::stoull(body_.substr(p + 4, body_.find('\n', p) - p - 4)));
    }
    return out;
  }
  static auto has_ids(std::size_t n) {
    return [n](const std::string& body) {
      std::size_t count = 0;
      for (auto p = body.find("\nid: "); p != std::string::npos; p = body.find("\nid: ", p + 1)) ++count;
      return count >= n;
    };
  }

  const boost::beast::http::response_header<>& head() const { return parser_.get().base(); }
  const std::string& body() const { return body_; }
  bool done() const { return parser_.is_done(); }
  boost::beast::error_code error() const { return error_; }

 private:
  // Starts one operation and runs the io_context until it completes.
  template <class Start>
  void run(Start start) {
    bool finished = false;
    start([this, &finished](boost::beast::error_code ec, std::size_t) {
      if (ec) error_ = ec;
      finished = true;
    });
    ioc_.restart();
    while (!finished && ioc_.run_one() != 0) {
    }
  }

  boost::asio::io_context& ioc_;
  Stream& stream_;
  boost::beast::flat_buffer buffer_;
  boost::beast::http::response_parser<boost::beast::http::empty_body> parser_;
  std::string body_;
  boost::beast::error_code error_;
  std::function<std::size_t(std::uint64_t, boost::beast::string_view, boost::beast::error_code&)> on_chunk_ =
      [this](std::uint64_t, boost::beast::string_view piece, boost::beast::error_code&) {
        body_.append(piece.data(), piece.size());
        return piece.size();
      };
};

}  // namespace dauvet::testing
