#include "projections/domain_writer.hpp"

#include "core/canonical_json.hpp"
#include "crypto/sha256.hpp"
#include "projections/ledger_world.hpp"

namespace dauvet::projections {

Actor to_ledger_actor(const events::Actor& a) { return Actor{a.id, a.unit, a.role}; }

crypto::Hash fingerprint_of(std::string_view type, const nlohmann::json& body) {
  crypto::Sha256 h;
  h.update(std::string_view("dauvet-command/1")).update(std::uint8_t{0}).update(type).update(std::uint8_t{0});
  h.update(body.dump());  // nlohmann sorts object keys: the same body hashes the same
  return h.finish();
}

Result<Command> to_ledger_command(std::shared_ptr<Projector> projector, DomainCommand c) {
  if (auto r = events::check_command(c.command); !r) return fail(r.error());
  Command out;
  out.actor = to_ledger_actor(c.actor);
  out.idempotency_key = c.idempotency_key;
  if (c.fingerprint) {
    out.fingerprint = *c.fingerprint;
  } else {
    // Without the request body, the decided command is what must repeat: its type and the
    // actor suffice with the key, which the caller made unique per command.
    out.fingerprint = fingerprint_of(events::command_type(c.command), nlohmann::json::object());
  }
  out.decide = [projector = std::move(projector), c = std::move(c)](WriteContext& ctx)
      -> Result<std::vector<AppendRequest>> {
    LedgerWorld world(ctx, *projector);
    auto decided = events::decide(events::Context{c.actor, ctx.now_ms(), world}, c.command);
    if (world.error()) return fail(*world.error());
    if (!decided) return fail(decided.error());
    std::vector<AppendRequest> requests;
    requests.reserve(decided->size());
    for (std::size_t i = 0; i < decided->size(); ++i) {
      auto& e = (*decided)[i];
      std::optional<std::uint64_t> expected = e.expected_version;
      if (i == 0 && c.expected_version) {
        if (expected && *expected != *c.expected_version) {
          return fail(Errc::conflict,
                      "stream '" + e.stream + "' must be new (version 0), the request expected version " +
                          std::to_string(*c.expected_version),
                      "expected_version");
        }
        expected = c.expected_version;
      }
      auto payload = Payload::from_json(e.payload);
      if (!payload) return fail(Errc::internal, "decide produced a payload the ledger refuses: " + payload.error().message);
      requests.push_back(AppendRequest{std::move(e.stream), expected, std::move(e.type), std::move(*payload),
                                       std::move(e.erase_payloads)});
    }
    return requests;
  };
  return out;
}

}  // namespace dauvet::projections
