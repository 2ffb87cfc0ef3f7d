// One HTTP connection (see server.hpp for the behaviour, streamed responses included);
// Stream is a beast::tcp_stream or a beast::ssl_stream over one. Everything below runs on
// the session's strand; the only ways in from other threads are a Responder, a streamed
// body's wake and shutdown(), each of which posts.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <atomic>
#include <deque>
#include <mutex>
#include <optional>

#include "api/server.hpp"

namespace dauvet::api {

namespace beast = boost::beast;
namespace net = boost::asio;

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Finish what is in flight, then close; called on shutdown from any thread.
  virtual void shutdown() = 0;
};

struct Server::Shared {
  Shared(const Router& r, Services& s, ServerOptions o) : router(r), services(s), options(std::move(o)) {}
  const Router& router;
  Services& services;
  ServerOptions options;
  std::mutex log_mu;
  std::atomic<bool> stopping{false};
  std::atomic<int> live{0};
  std::mutex sessions_mu;
  std::vector<std::weak_ptr<SessionBase>> sessions;

  void log_access(std::string_view line);
};

template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  explicit Session(std::shared_ptr<Server::Shared> shared, Args&&... args)
      : shared_(std::move(shared)), stream_(std::forward<Args>(args)...) {
    ++shared_->live;
  }
  ~Session() override { --shared_->live; }

  void run();
  void shutdown() override;

 private:
  struct Slot {
    std::optional<Response> response;
    std::string route, method, target, actor;
    std::chrono::steady_clock::time_point started;
    bool streams = false;     // its route may answer with a stream: read nothing behind it
    std::uint64_t bytes = 0;  // written so far, for the access log
  };

  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void refuse(http::status status, std::string_view kind, std::string detail);
  void on_response(std::uint64_t id, Response res);
  void flush();
  void on_write(beast::error_code ec, std::size_t bytes);
  void done(beast::error_code ec);
  // A streamed response: headers, then pull a piece, write it as a
  // chunk, pull the next once it is written; pending pulls resume on the stream's wake.
  void start_stream();
  void pull_stream();
  void write_stream(std::string bytes);
  void on_stream_write(beast::error_code ec, std::size_t bytes);
  void on_stream_wake();
  void stop_streams();
  void maybe_close();
  void do_close();
  auto& lowest() { return beast::get_lowest_layer(stream_); }

  std::shared_ptr<Server::Shared> shared_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::deque<Slot> slots_;  // in request order; front is the next to write
  std::uint64_t first_id_ = 0;
  bool reading_ = false, writing_ = false, read_done_ = false, closing_ = false, closed_ = false;
  // A TLS handshake is in flight: closing must wait for it, since a TLS shutdown started
  // meanwhile would be a second read on the stream.
  bool handshaking_ = false;
  // The front slot's streamed body: its header serializer, the chunk being written, a pull
  // waiting for the stream's wake, the final chunk written.
  std::optional<http::response_serializer<http::string_body>> stream_head_;
  std::string chunk_;
  bool awaiting_ = false, stream_ended_ = false;
};

}  // namespace dauvet::api
