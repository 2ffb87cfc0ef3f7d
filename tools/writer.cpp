#include "tools/writer.hpp"

#include <cstdlib>
#include <iostream>

#include "core/identity.hpp"
#include "core/verify.hpp"
#include "projections/domain_writer.hpp"

namespace dauvet::tools {

Actor operator_actor() {
  const char* user = std::getenv("USER");
  return Actor{std::string("operator:") + (user != nullptr && *user != '\0' ? user : "unknown"), "root", "admin"};
}

Result<CommandResult> execute(const Writer& w, const events::Actor& actor, events::Command command,
                              std::optional<std::string> idempotency_key) {
  const std::string type(events::command_type(command));
  auto c = projections::to_ledger_command(w.projector, projections::DomainCommand{actor, std::move(command)});
  if (!c) return fail(c.error());
  if (idempotency_key) {
    c->idempotency_key = std::move(idempotency_key);
    c->fingerprint = projections::fingerprint_of(type, nlohmann::json::object());
  }
  return w.ledger->submit(std::move(*c)).get();
}

Result<void> record_root(const Writer& w, const std::string& root_name, const std::string& root_kind) {
  const Actor op = operator_actor();
  const events::Actor as{op.id, op.unit, op.role};
  for (events::Command c : {events::Command{events::UnitCreate{"root", root_name, root_kind, ""}},
                            events::Command{events::ActorRegister{"admin", "root", "admin", "Quản trị hệ thống"}}}) {
    if (auto r = execute(w, as, std::move(c)); !r) return fail(r.error());
  }
  return {};
}

std::function<void(const projections::RebuildProgress&)> stderr_progress() {
  return [last = std::uint64_t{0}](const projections::RebuildProgress& p) mutable {
    if (p.done != p.total && (p.done - last) * 20 < p.total) return;
    last = p.done;
    std::cerr << "rebuilding projections: " << p.done << "/" << p.total << " entries\n";
  };
}

Result<Writer> open_writer(const std::string& dir, Checkpointer::Options checkpoints, const std::string& create_origin,
                           const std::function<void(const projections::RebuildProgress&)>& progress,
                           std::function<std::int64_t()> clock) {
  Writer w;
  w.checkpointer = std::make_shared<Checkpointer>(checkpoints);
  w.projector = std::make_shared<projections::Projector>();
  w.tokens = std::make_shared<api::TokenStore>();
  w.commits = std::make_shared<api::CommitSignal>();
  auto ledger = Ledger::open(dir, Ledger::Options{.clock = std::move(clock),
                                                  .hooks = {w.checkpointer, w.projector, w.tokens, w.commits},
                                                  .create = !create_origin.empty()});
  if (!ledger) return fail(ledger.error());
  w.ledger = std::move(*ledger);
  // Never extend, sign or project a chain that does not verify: someone changed the stored
  // entries while no writer held them, and a new checkpoint would vouch for the change.
  if (create_origin.empty()) {
    auto snap = w.ledger->read();
    if (!snap) return fail(snap.error());
    auto report = verify_ledger(snap->view());
    if (!report) return fail(report.error());
    if (!report->ok()) {
      const std::string where = report->bad_index ? " at index " + std::to_string(*report->bad_index) : "";
      return fail(Errc::corrupt, "the ledger does not verify" + where + ": " + report->problem +
                                     "; nothing is written to it (see `dauvet verify " + dir + "`)");
    }
  }
  // Before anything is submitted: the projector refuses entries it cannot place.
  if (w.projector->needs_rebuild()) {
    if (auto r = w.projector->rebuild(*w.ledger, progress); !r) return fail(r.error());
  }
  if (!create_origin.empty()) {
    auto vkey = create_identity(*w.ledger, create_origin);
    if (!vkey) return fail(vkey.error());
  }
  Result<LedgerSigner> signer = fail(Errc::internal, "");
  {
    auto snap = w.ledger->read();
    if (!snap) return fail(snap.error());
    signer = load_signer(dir, snap->view());
  }
  if (!signer) return fail(signer.error());
  if (auto r = w.checkpointer->start(*w.ledger, std::move(*signer)); !r) return fail(r.error());
  return w;
}

}  // namespace dauvet::tools
