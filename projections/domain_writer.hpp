// Domain commands into ledger commands: the Decider runs events::decide against a
// LedgerWorld on the writer thread, inside the write transaction, so two racing commands
// can never both pass a rule only one may (a unique symbol, one pending extension).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/ledger.hpp"
#include "events/commands.hpp"
#include "projections/projector.hpp"

namespace dauvet::projections {

struct DomainCommand {
  events::Actor actor;  // from the credential, never from a request body
  events::Command command;
  std::optional<std::string> idempotency_key;
  // HTTP If-Match: the version the command's primary stream (its first event's) must be at.
  std::optional<std::uint64_t> expected_version;
  // What an idempotent retry must repeat exactly; fingerprint_of(type, body) by default.
  std::optional<crypto::Hash> fingerprint;
};

// SHA-256 over the command type and the canonical JSON of its body.
crypto::Hash fingerprint_of(std::string_view type, const nlohmann::json& body);

// The command's own fields are checked here, on the caller's thread (events::check_command),
// so a malformed command never reaches the writer.
Result<Command> to_ledger_command(std::shared_ptr<Projector> projector, DomainCommand command);

Actor to_ledger_actor(const events::Actor& a);

}  // namespace dauvet::projections
