// Routes: method + path pattern ("/v1/blobs/{sha256}") -> handler, each with a stable name
// used as the metrics label and checked against the OpenAPI document.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/auth.hpp"
#include "api/http.hpp"

namespace dauvet::api {

struct Services;

using Params = std::map<std::string, std::string, std::less<>>;
using Handler = std::function<void(const Request&, const Params&, Services&, Responder)>;
// A route that needs a bearer token: runs only once the token resolved to a principal whose
// role has the route's access level (auth.hpp); otherwise the router answers 401 / 403.
using AuthedHandler = std::function<void(const Request&, const Params&, const Principal&, Services&, Responder)>;

// The token of "Authorization: Bearer <token>" (the scheme in any case); nullopt when the
// header is missing, empty or of another scheme.
std::optional<std::string_view> bearer_token(const Request& req);

struct Route {
  http::verb method;
  std::string pattern;
  std::string name;
  Handler handler;
  std::optional<Access> access;  // set for routes that need a token (OpenAPI: security)
  // Answers with a long-lived streamed body (Response::stream): the session reads nothing
  // more from the connection until that response has ended (router.add(...).streams = true).
  bool streams = false;
};

// What handle() matched, for the session: the metrics / access-log name, and whether the
// answer may be a stream that occupies the connection.
struct Dispatched {
  std::string route;
  bool streams = false;
};

class Router {
 public:
  // The route just added, valid until the next add (to set `streams`).
  Route& add(http::verb method, std::string pattern, std::string name, Handler handler);
  Route& add(http::verb method, std::string pattern, std::string name, Access access, AuthedHandler handler);

  // Dispatches req; answers 404 / 405 problems itself. `dispatched` receives the matched
  // route (name "unmatched" if none) before the handler runs.
  void handle(const Request& req, Services& services, Responder respond, Dispatched* dispatched = nullptr) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  static bool match(std::string_view pattern, std::string_view path, Params& params);
  std::vector<Route> routes_;
};

}  // namespace dauvet::api
