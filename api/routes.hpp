// The route table: one function per group of routes adds its routes to the router.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>

#include "api/router.hpp"

namespace dauvet::api {

// /healthz, /readyz, /metrics
void add_system_routes(Router& router);

// /v1/ledger/...: checkpoint, key, leaves, inclusion and consistency proofs
void add_ledger_routes(Router& router);

// POST /v1/commands/{type}: every domain command (routes_commands.cpp)
void add_command_routes(Router& router);

// POST /v1/tokens, DELETE /v1/tokens/{sha256} (admins)
void add_token_routes(Router& router);

// PUT /v1/blobs, GET /v1/blobs/{sha256}
void add_blob_routes(Router& router);

struct FeedOptions {
  // A comment on an idle event stream this often keeps proxies from closing it.
  std::chrono::milliseconds keepalive{std::chrono::seconds(15)};
};

// /v1/ledger/entries, /v1/events, /v1/events/stream
void add_feed_routes(Router& router, FeedOptions options = {});

// GET /v1/openapi.json, generated from the routes present when it is added: add it last.
void add_openapi_route(Router& router);

// /v1/state, /v1/timeline, /v1/actors/{id}/activity: projections as of any moment
void add_state_routes(Router& router);

// /v1/units/{id}/dashboard, /v1/reports/{id}/compliance, /v1/indicators/{id}/progress
void add_view_routes(Router& router);
nlohmann::json openapi_document(const Router& router);

// Every route the server has.
Router make_router(FeedOptions feed = {});

}  // namespace dauvet::api
