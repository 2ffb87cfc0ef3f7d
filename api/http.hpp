// HTTP vocabulary shared by the api layer: requests and responses are Beast messages, and
// every handler answers through a Responder exactly once, from any thread.
//
// A response is either whole (its body()) or streamed: it carries a BodyStream, and the
// session writes the headers, then each piece the stream produces as a chunk, then the
// final chunk. The session pulls; the stream never pushes, so a slow client is never
// handed more than one piece at a time.
//
// Handlers never touch sockets, so the whole API can be driven in tests by calling
// handle() (router.hpp) with a request and collecting the response (or pulling its stream).
#pragma once

#include <boost/beast/http.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dauvet::api {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;

// The body of a streamed response, produced piece by piece on the puller's thread. Never
// pulled concurrently: the next pull comes after the previous piece was written.
class BodyStream {
 public:
  struct Piece {
    enum class State { data, pending, end } state;
    std::string bytes;  // for data: never empty
  };
  using Wake = std::function<void()>;

  virtual ~BodyStream() = default;
  // The next piece, or end, or pending: nothing yet, and `wake` will be called once, from
  // any thread (even from inside this pull), when pulling again may yield something. The
  // wake only schedules the next pull, never pulls itself. (A wake may come early: the
  // next pull then answers pending again.)
  virtual Piece pull(Wake wake) = 0;
  // Ends the body soon, from any thread: a pending wake is called promptly and every later
  // pull answers end. Shutdown, or a client that went away.
  virtual void stop() = 0;
};

// A Beast response that may carry a streamed body instead of body().
struct Response : http::response<http::string_body> {
  using http::response<http::string_body>::message;
  Response() = default;
  Response(http::response<http::string_body> whole) : http::response<http::string_body>(std::move(whole)) {}  // NOLINT: implicit
  std::shared_ptr<BodyStream> stream;  // set: headers go out now, the body as it is produced
};

// Called once with the response; safe to call from the writer thread: the session
// posts it back onto its own strand.
using Responder = std::function<void(Response)>;

// A response with the request's version and keep-alive, a body and a content type.
Response make_response(const Request& req, http::status status, std::string body,
                       std::string_view content_type = "application/json");

// Query-string value of `name`, percent-decoded; empty optional if absent.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

// The path part of a request target, without the query.
std::string_view path_of(std::string_view target);

}  // namespace dauvet::api
