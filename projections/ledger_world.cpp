#include "projections/ledger_world.hpp"

#include <limits>

#include "core/clock.hpp"
#include "projections/reader.hpp"
#include "events/streams.hpp"

namespace dauvet::projections {

namespace ev = events;

LedgerWorld::LedgerWorld(WriteContext& ctx, Projector& projector)
    : view_(ctx.view()), links_(projector.active().links) {
  source_ = [&ctx, &projector](const std::string& stream) -> Result<std::optional<AggregateState>> {
    auto s = projector.current(ctx.txn(), stream);
    if (!s) return fail(s.error());
    if (*s == nullptr || !(*s)->state) return std::optional<AggregateState>{};
    return std::optional<AggregateState>{*(*s)->state};
  };
}

LedgerWorld::LedgerWorld(const LedgerView& view, const Tables& tables) : view_(view), links_(tables.links) {
  source_ = [&view, tables](const std::string& stream) -> Result<std::optional<AggregateState>> {
    auto v = Reader(view, tables).state_at(stream, std::numeric_limits<std::uint64_t>::max());
    if (!v) return fail(v.error());
    if (!*v) return std::optional<AggregateState>{};
    return std::optional<AggregateState>{std::move((*v)->state)};
  };
}

std::uint64_t LedgerWorld::size() const {
  auto n = view_.size();
  if (!n) {
    error_ = n.error();
    return 0;
  }
  return *n;
}

std::optional<ev::EntryInfo> LedgerWorld::entry(std::uint64_t index) const {
  const LedgerView& view = view_;
  auto bytes = view.entry_bytes(index);
  if (!bytes || !*bytes) {
    if (!bytes) error_ = bytes.error();
    return std::nullopt;
  }
  auto e = entry::decode(**bytes);
  if (!e) {
    error_ = Error{Errc::corrupt, "entry " + std::to_string(index) + ": " + e.error().message};
    return std::nullopt;
  }
  auto payload = view.payload(index);
  if (!payload) {
    error_ = payload.error();
    return std::nullopt;
  }
  return ev::EntryInfo{e->index,
                       e->stream,
                       e->type,
                       ev::Actor{e->actor.id, e->actor.unit, e->actor.role},
                       clock::parse_utc_ms(e->recorded_at).value_or(0),
                       !payload->has_value()};
}

template <class State>
std::optional<State> LedgerWorld::state_of(const std::string& stream) const {
  auto s = source_(stream);
  if (!s) {
    error_ = s.error();
    return std::nullopt;
  }
  if (!*s) return std::nullopt;
  if (auto* state = std::get_if<State>(&**s)) return std::move(*state);
  return std::nullopt;
}

std::vector<std::string> LedgerWorld::linked(std::string_view unit, std::string_view prefix) const {
  std::vector<std::string> out;
  auto cursor = lmdb::Cursor::open(view_.txn(), links_);
  if (!cursor) {
    error_ = cursor.error();
    return out;
  }
  const std::string start = pkeys::link(ev::unit_stream(unit), prefix);
  for (auto item = cursor->seek(start);; item = cursor->next()) {
    if (!item) {
      error_ = item.error();
      return out;
    }
    if (!*item || (*item)->key.substr(0, start.size()) != start) break;
    out.emplace_back((*item)->key.substr(start.size() - prefix.size()));
  }
  return out;
}

std::optional<ev::UnitState> LedgerWorld::unit(std::string_view id) const {
  return state_of<ev::UnitState>(ev::unit_stream(id));
}
std::optional<ev::ActorState> LedgerWorld::actor(std::string_view id) const {
  return state_of<ev::ActorState>(ev::actor_stream(id));
}
std::optional<ev::PersonState> LedgerWorld::person(std::string_view id) const {
  return state_of<ev::PersonState>(ev::person_stream(id));
}
std::optional<ev::DirectiveState> LedgerWorld::directive(std::string_view issuer, std::string_view symbol) const {
  return state_of<ev::DirectiveState>(ev::directive_stream(issuer, symbol));
}
std::optional<ev::TaskState> LedgerWorld::task(std::string_view stream) const {
  return state_of<ev::TaskState>(std::string(stream));
}
std::optional<ev::ReportState> LedgerWorld::report(std::string_view id) const {
  return state_of<ev::ReportState>(ev::report_stream(id));
}
std::optional<ev::IndicatorState> LedgerWorld::indicator(std::string_view id) const {
  return state_of<ev::IndicatorState>(ev::indicator_stream(id));
}
std::optional<ev::InspectionState> LedgerWorld::inspection(std::string_view id) const {
  return state_of<ev::InspectionState>(ev::inspection_stream(id));
}
std::optional<ev::CaseState> LedgerWorld::discipline_case(std::string_view id) const {
  return state_of<ev::CaseState>(ev::case_stream(id));
}

// The cross-aggregate questions: candidates from the links ("has ever been related"),
// kept when the candidate's current state says the relation holds now. Same order as
// MemoryWorld (by id), since link keys sort by stream name.
std::vector<std::string> LedgerWorld::children(std::string_view id) const {
  std::vector<std::string> out;
  for (const auto& stream : linked(id, "unit/")) {
    auto u = state_of<ev::UnitState>(stream);
    if (u && u->parent == id && u->active()) out.emplace_back(ev::stream_id(stream));
  }
  return out;
}

std::vector<std::string> LedgerWorld::open_tasks_led_by(std::string_view unit) const {
  std::vector<std::string> out;
  for (const auto& stream : linked(unit, "task/")) {
    auto t = state_of<ev::TaskState>(stream);
    if (t && t->lead == unit && ev::task_open(t->status)) out.push_back(stream);
  }
  return out;
}

std::vector<std::string> LedgerWorld::reports_owed_by(std::string_view unit) const {
  std::vector<std::string> out;
  for (const auto& stream : linked(unit, "report/")) {
    auto r = state_of<ev::ReportState>(stream);
    if (!r) continue;
    const auto* o = r->obligation(unit);
    if (o != nullptr && o->status != ev::ObligationStatus::accepted && o->status != ev::ObligationStatus::moved) {
      out.emplace_back(ev::stream_id(stream));
    }
  }
  return out;
}

}  // namespace dauvet::projections
