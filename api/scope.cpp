#include "api/scope.hpp"

#include <vector>

#include "events/actors.hpp"
#include "events/streams.hpp"
#include "events/units.hpp"
#include "projections/aggregate.hpp"

namespace dauvet::api {

namespace {
constexpr std::size_t kMaxDepth = 64;  // deeper than any real unit tree; stops a cycle
constexpr std::string_view kUnitPrefix = "unit/";
}  // namespace

Error ReadScope::outside(std::string_view what) const {
  return Error{Errc::forbidden,
               std::string(what) + " is outside the scope of this token (unit '" + who_.actor.unit + "' and below)"};
}

Result<bool> ReadScope::whole_ledger() {
  if (who_.actor.role == "admin") return true;
  auto own = reader_.get<events::UnitState>(events::unit_stream(who_.actor.unit), at_);
  if (!own) return fail(own.error());
  return *own && (*own)->parent.empty();
}

Result<void> ReadScope::require_whole_ledger() {
  auto whole = whole_ledger();
  if (!whole) return fail(whole.error());
  if (!*whole) return fail(outside("the whole ledger"));
  return {};
}

Result<bool> ReadScope::unit_in_scope(std::string_view unit) {
  if (auto it = known_.find(unit); it != known_.end()) return it->second;
  // Walk up from the unit; every unit passed on the way shares the answer.
  std::vector<std::string> path;
  bool in = false;
  std::string current(unit);
  for (std::size_t depth = 0; depth < kMaxDepth && !current.empty(); ++depth) {
    if (current == who_.actor.unit) {
      in = true;
      break;
    }
    if (auto it = known_.find(current); it != known_.end()) {
      in = it->second;
      break;
    }
    path.push_back(current);
    auto u = reader_.get<events::UnitState>(events::unit_stream(current), at_);
    if (!u) return fail(u.error());
    if (!*u) break;
    current = (*u)->parent;
  }
  for (auto& p : path) known_.emplace(std::move(p), in);
  return in;
}

Result<void> ReadScope::check_unit(std::string_view unit) {
  auto whole = whole_ledger();
  if (!whole) return fail(whole.error());
  if (*whole) return {};
  auto in = unit_in_scope(unit);
  if (!in) return fail(in.error());
  if (!*in) return fail(outside("unit '" + std::string(unit) + "'"));
  return {};
}

Result<void> ReadScope::check_stream(std::string_view stream) {
  if (stream.starts_with(kUnitPrefix)) return check_stream(stream, nullptr);
  auto v = reader_.state_at(stream, at_);
  if (!v) return fail(v.error());
  return check_stream(stream, *v ? &(*v)->state : nullptr);
}

Result<void> ReadScope::check_stream(std::string_view stream, const projections::AggregateState* state) {
  auto whole = whole_ledger();
  if (!whole) return fail(whole.error());
  if (*whole) return {};
  if (stream.starts_with(kUnitPrefix)) return check_unit(stream.substr(kUnitPrefix.size()));
  if (state == nullptr) return {};
  for (const auto& related : projections::related_streams(*state)) {
    if (!related.starts_with(kUnitPrefix)) continue;
    auto in = unit_in_scope(std::string_view(related).substr(kUnitPrefix.size()));
    if (!in) return fail(in.error());
    if (*in) return {};
  }
  return fail(outside("'" + std::string(stream) + "'"));
}

Result<void> ReadScope::check_actor(std::string_view id) {
  auto whole = whole_ledger();
  if (!whole) return fail(whole.error());
  if (*whole) return {};
  auto a = reader_.get<events::ActorState>(events::actor_stream(id), at_);
  if (!a) return fail(a.error());
  if (!*a) return fail(outside("actor '" + std::string(id) + "'"));
  return check_unit((*a)->unit);
}

Result<void> require_whole_ledger(const Principal& who, const Services& s, const LedgerView& view, std::uint64_t size) {
  if (who.actor.role == "admin") return {};
  if (!s.projector || size == 0) return fail(Errc::forbidden, "the whole ledger is open to admins and root-unit tokens only");
  auto tables = s.projector->tables_for(view.txn());
  if (!tables) return fail(tables.error());
  const projections::Reader reader(view, *tables);
  return ReadScope(who, reader, size - 1).require_whole_ledger();
}

}  // namespace dauvet::api
