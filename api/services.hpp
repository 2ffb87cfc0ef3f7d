// Everything a handler may use, passed explicitly so handlers stay testable without a
// network: the ledger, metrics, and readiness.
#pragma once

#include <atomic>
#include <string>

#include <memory>

#include "api/auth.hpp"
#include "api/commit_signal.hpp"
#include "api/metrics.hpp"
#include "core/ledger.hpp"
#include "projections/projector.hpp"

namespace dauvet::api {

struct Services {
  explicit Services(Ledger& l) : ledger(l) {}
  Ledger& ledger;
  // The projections the writer keeps (views, decide); null in tests of the ledger routes.
  std::shared_ptr<projections::Projector> projector;
  // Resolves bearer tokens; null: every route that needs a token answers 401.
  std::shared_ptr<const Authenticator> auth;
  // Told of every commit; lets the event stream hold caught-up clients. Null: no holding.
  std::shared_ptr<CommitSignal> commits;
  Metrics metrics;
  std::atomic<bool> ready{false};  // set once the ledger is open and checked
};

// X-Ledger-Index: the last index an answer reflects, "-1" for an empty ledger.
inline std::string ledger_index_header(std::uint64_t size) {
  return size == 0 ? std::string("-1") : std::to_string(size - 1);
}
inline std::string ledger_index_header(const Ledger& ledger) {
  auto snap = ledger.read();
  return ledger_index_header(snap ? snap->view().size().value_or(0) : 0);
}

}  // namespace dauvet::api
