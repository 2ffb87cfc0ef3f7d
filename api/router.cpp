#include "api/router.hpp"

#include "api/problem.hpp"
#include "api/services.hpp"

namespace dauvet::api {

std::optional<std::string_view> bearer_token(const Request& req) {
  const auto header = req[http::field::authorization];
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || !boost::beast::iequals(header.substr(0, kBearer.size()), kBearer))
    return std::nullopt;
  return std::string_view(header.substr(kBearer.size()));
}

Route& Router::add(http::verb method, std::string pattern, std::string name, Handler handler) {
  return routes_.emplace_back(Route{method, std::move(pattern), std::move(name), std::move(handler), std::nullopt});
}

Route& Router::add(http::verb method, std::string pattern, std::string name, Access access, AuthedHandler handler) {
  Handler checked = [access, handler = std::move(handler)](const Request& req, const Params& params,
                                                           Services& services, Responder respond) {
    const auto token = bearer_token(req);
    if (!token) {
      Response res = problem(req, http::status::unauthorized, "unauthorized",
                             "this route needs a bearer token: Authorization: Bearer <token>");
      res.set(http::field::www_authenticate, "Bearer");
      return respond(std::move(res));
    }
    if (!services.auth) {
      return respond(problem(req, http::status::unauthorized, "unauthorized", "this server accepts no tokens"));
    }
    auto who = services.auth->authenticate(*token);
    if (!who) {
      Response res = problem(req, http::status::unauthorized, "unauthorized", who.error().message);
      res.set(http::field::www_authenticate, "Bearer error=\"invalid_token\"");
      return respond(std::move(res));
    }
    if (auto allowed = check_access(*who, access); !allowed) {
      Response res = problem(req, http::status::forbidden, "forbidden", allowed.error().message);
      res.set("X-Dauvet-Actor", who->actor.id);  // the access log shows who was turned away
      return respond(std::move(res));
    }
    handler(req, params, *who, services, std::move(respond));
  };
  return routes_.emplace_back(Route{method, std::move(pattern), std::move(name), std::move(checked), access});
}

bool Router::match(std::string_view pattern, std::string_view path, Params& params) {
  params.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const std::string_view pseg = pattern.substr(0, pattern.find('/'));
    const std::string_view seg = path.substr(0, path.find('/'));
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (seg.empty()) return false;
      params.emplace(std::string(pseg.substr(1, pseg.size() - 2)), std::string(seg));
    } else if (pseg != seg) {
      return false;
    }
    pattern.remove_prefix(pseg.size());
    path.remove_prefix(seg.size());
  }
  return true;
}

void Router::handle(const Request& req, Services& services, Responder respond, Dispatched* dispatched) const {
  const std::string_view path = path_of(req.target());
  Params params;
  bool path_known = false;
  std::string allowed;
  for (const Route& r : routes_) {
    if (!match(r.pattern, path, params)) continue;
    path_known = true;
    if (r.method == req.method() || (req.method() == http::verb::head && r.method == http::verb::get)) {
      if (dispatched != nullptr) *dispatched = Dispatched{r.name, r.streams};
      r.handler(req, params, services, std::move(respond));
      return;
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += std::string(http::to_string(r.method));
  }
  if (dispatched != nullptr) *dispatched = Dispatched{"unmatched", false};
  if (!path_known) return respond(problem(req, http::status::not_found, "no_such_route",
                                          "no route " + std::string(path) + "; see /v1/openapi.json"));
  Response res = problem(req, http::status::method_not_allowed, "method_not_allowed",
                         std::string(req.method_string()) + " is not allowed here; allowed: " + allowed);
  res.set(http::field::allow, allowed);
  respond(std::move(res));
}

}  // namespace dauvet::api
