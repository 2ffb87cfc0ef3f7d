// Opening a ledger for writing from the CLI and the server: the ledger, its checkpointer
// and its signing identity, started in the right order.
#pragma once

#include <memory>
#include <string>

#include <functional>

#include "api/commit_signal.hpp"
#include "api/tokens.hpp"
#include "core/checkpointer.hpp"
#include "core/ledger.hpp"
#include "events/commands.hpp"
#include "projections/projector.hpp"

namespace dauvet::tools {

struct Writer {
  Writer() = default;
  Writer(Writer&&) noexcept = default;
  Writer& operator=(Writer&&) noexcept = default;
  std::shared_ptr<Checkpointer> checkpointer;
  std::shared_ptr<projections::Projector> projector;
  // Bearer tokens as the ledger records them; the server's authenticator.
  std::shared_ptr<api::TokenStore> tokens;
  // Told of every commit: lets the event stream hold caught-up clients.
  std::shared_ptr<api::CommitSignal> commits;
  std::unique_ptr<Ledger> ledger;  // declared last: destroyed (writer drained) first
  ~Writer() {
    if (commits) commits->close();
    if (checkpointer) checkpointer->stop();
    if (ledger) ledger->stop();
  }
};

// create: a new ledger in dir with the identity `origin`. Otherwise the ledger must exist
// and have an identity; a ledger that grew without checkpoints is signed at once, and
// projections that are missing, behind or of another schema are rebuilt first (progress
// goes to `progress`, e.g. stderr lines).
// `clock` (ms since epoch) replaces the system clock: the workload generator records a
// past year at the times it happened.
Result<Writer> open_writer(const std::string& dir, Checkpointer::Options checkpoints, const std::string& create_origin = {},
                           const std::function<void(const projections::RebuildProgress&)>& progress = {},
                           std::function<std::int64_t()> clock = {});

// The CLI acts as the local operator: whoever can run it on the ledger's host already
// holds the files. The entries still say so, so the audit trail shows shell-made entries.
Actor operator_actor();

// A new ledger's first domain entries, written by the local operator: the root unit
// (id `root`) and the first admin actor (id `admin`), so tokens can be issued.
Result<void> record_root(const Writer& w, const std::string& root_name, const std::string& root_kind);

// Runs one domain command through the writer and waits for its commit.
Result<CommandResult> execute(const Writer& w, const events::Actor& actor, events::Command command,
                              std::optional<std::string> idempotency_key = {});

// Prints "rebuilding projections: N/M entries" lines to stderr, at most every 5%.
std::function<void(const projections::RebuildProgress&)> stderr_progress();

}  // namespace dauvet::tools
