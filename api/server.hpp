// The HTTP(S) server, after Boost.Beast's advanced server.
//
// One Session per connection, each on its own strand. A session reads a request, hands it
// to the Router, and reads the next one while the first is being answered (pipelining),
// up to pipeline_limit outstanding requests; responses are written strictly in request
// order, whichever finishes first. A write command's response arrives from the ledger's
// writer thread after its commit and is posted back onto the session's strand.
//
// A streamed response (Response::stream, http.hpp; the event stream) is written as its
// headers, then one chunk per piece the stream produces, then the final chunk, which
// leaves an HTTP/1.1 connection open for the next request (HTTP/1.0: no chunks, the close
// ends the body). The session pulls the next piece only once the previous one is written,
// and waits for the stream's wake (posted onto its strand) when there is nothing yet, so a
// slow client never makes the server buffer more than one piece. A stream occupies its
// connection: the session reads no further request until it has ended, so requests
// pipelined behind it wait (use another connection). The access log and metrics record a
// stream once, when it ends, with the bytes of the whole response.
//
// Limits: a slow client is dropped when a read or write exceeds io_timeout (each chunk of a
// stream is one write: a client that stops reading one is dropped); headers over
// header_limit get 431 and bodies over body_limit get 413, as problem documents, and the
// connection is closed (the rest of its bytes cannot be trusted to frame a request).
//
// stop() stops accepting, lets every in-flight request finish and its response be
// written, ends open streams (the chunk being written is finished, then the final chunk),
// then closes the connections; the io threads return from run().
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "api/router.hpp"
#include "base/result.hpp"

namespace dauvet::api {

struct Services;

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  unsigned threads = 2;
  std::size_t header_limit = 16 * 1024;
  std::size_t body_limit = 1024 * 1024;
  std::chrono::seconds io_timeout{30};
  std::size_t pipeline_limit = 16;
  std::string tls_cert_file, tls_key_file;  // both set: HTTPS only
  std::ostream* access_log = nullptr;       // one JSON line per request
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Services& services);
  ~Server();

  // Binds and starts accepting; returns the bound port.
  Result<std::uint16_t> start();
  // Runs the io threads until stop() has drained every connection.
  void run();
  // Thread-safe and idempotent.
  void stop();

  struct Shared;  // what sessions need: router, services, options, log, live-session list

 private:
  ServerOptions options_;
  boost::asio::io_context ioc_;
  std::shared_ptr<Shared> shared_;
  std::optional<boost::asio::ssl::context> tls_;
  std::shared_ptr<void> listener_;
  std::vector<std::thread> threads_;
};

}  // namespace dauvet::api
