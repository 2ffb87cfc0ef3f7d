// Liveness, readiness and metrics: for the operator's monitoring, no authentication.
#include <nlohmann/json.hpp>

#include "api/routes.hpp"
#include "api/services.hpp"

namespace dauvet::api {

void add_system_routes(Router& router) {
  router.add(http::verb::get, "/healthz", "healthz", [](const Request& req, const Params&, Services&, Responder respond) {
    respond(make_response(req, http::status::ok, R"({"status":"ok"})"));
  });
  router.add(http::verb::get, "/readyz", "readyz", [](const Request& req, const Params&, Services& s, Responder respond) {
    const bool ready = s.ready.load();
    respond(make_response(req, ready ? http::status::ok : http::status::service_unavailable,
                          ready ? R"({"status":"ready"})" : R"({"status":"starting"})"));
  });
  router.add(http::verb::get, "/metrics", "metrics", [](const Request& req, const Params&, Services& s, Responder respond) {
    respond(make_response(req, http::status::ok, s.metrics.render(s.ledger), "text/plain; version=0.0.4"));
  });
}

Router make_router(FeedOptions feed) {
  Router router;
  add_system_routes(router);
  add_ledger_routes(router);
  add_command_routes(router);
  add_token_routes(router);
  add_blob_routes(router);
  add_feed_routes(router, feed);
  add_state_routes(router);
  add_view_routes(router);
  add_openapi_route(router);  // last: it describes the routes added before it
  return router;
}

}  // namespace dauvet::api
