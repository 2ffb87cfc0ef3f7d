// The route table: one function per group of routes adds its routes to the router.
#pragma once

#include "api/router.hpp"

namespace dauvet::api {

// /healthz, /readyz, /metrics
void add_system_routes(Router& router);

// /v1/ledger/...: checkpoint, key, leaves, inclusion and consistency proofs
void add_ledger_routes(Router& router);

// Every route the server has.
Router make_router();

}  // namespace dauvet::api
