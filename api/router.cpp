#include "api/router.hpp"

#include "api/problem.hpp"

namespace dauvet::api {

void Router::add(http::verb method, std::string pattern, std::string name, Handler handler) {
  routes_.push_back(Route{method, std::move(pattern), std::move(name), std::move(handler)});
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

void Router::handle(const Request& req, Services& services, Responder respond, std::string* route_name) const {
  const std::string_view path = path_of(req.target());
  Params params;
  bool path_known = false;
  std::string allowed;
  for (const Route& r : routes_) {
    if (!match(r.pattern, path, params)) continue;
    path_known = true;
    if (r.method == req.method() || (req.method() == http::verb::head && r.method == http::verb::get)) {
      if (route_name != nullptr) *route_name = r.name;
      r.handler(req, params, services, std::move(respond));
      return;
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += std::string(http::to_string(r.method));
  }
  if (route_name != nullptr) *route_name = "unmatched";
  if (!path_known) return respond(problem(req, http::status::not_found, "no_such_route",
                                          "no route " + std::string(path) + "; see /v1/openapi.json"));
  Response res = problem(req, http::status::method_not_allowed, "method_not_allowed",
                         std::string(req.method_string()) + " is not allowed here; allowed: " + allowed);
  res.set(http::field::allow, allowed);
  respond(std::move(res));
}

}  // namespace dauvet::api
