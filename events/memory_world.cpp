#include "events/memory_world.hpp"

#include "events/event_types.hpp"
#include "events/streams.hpp"

namespace dauvet::events {

std::optional<EntryInfo> MemoryWorld::entry(std::uint64_t index) const {
  if (index >= log_.size()) return std::nullopt;
  const auto& e = log_[index];
  return EntryInfo{e.index, e.stream, e.type, e.actor, e.recorded_at_ms, erased_[index]};
}

std::optional<UnitState> MemoryWorld::unit(std::string_view id) const { return find(units_, id); }
std::optional<ActorState> MemoryWorld::actor(std::string_view id) const { return find(actors_, id); }
std::optional<PersonState> MemoryWorld::person(std::string_view id) const { return find(persons_, id); }
std::optional<TaskState> MemoryWorld::task(std::string_view stream) const { return find(tasks_, stream); }
std::optional<ReportState> MemoryWorld::report(std::string_view id) const { return find(reports_, id); }
std::optional<IndicatorState> MemoryWorld::indicator(std::string_view id) const { return find(indicators_, id); }
std::optional<InspectionState> MemoryWorld::inspection(std::string_view id) const { return find(inspections_, id); }
std::optional<CaseState> MemoryWorld::discipline_case(std::string_view id) const { return find(cases_, id); }

std::optional<DirectiveState> MemoryWorld::directive(std::string_view issuer, std::string_view symbol) const {
  return find(directives_, directive_stream(issuer, symbol));
}

std::vector<std::string> MemoryWorld::children(std::string_view id) const {
  std::vector<std::string> out;
  for (const auto& [key, u] : units_) {
    if (u.parent == id && u.active()) out.push_back(key);
  }
  return out;
}

std::vector<std::string> MemoryWorld::open_tasks_led_by(std::string_view unit) const {
  std::vector<std::string> out;
  for (const auto& [stream, t] : tasks_) {
    if (t.lead == unit && task_open(t.status)) out.push_back(stream);
  }
  return out;
}

std::vector<std::string> MemoryWorld::reports_owed_by(std::string_view unit) const {
  std::vector<std::string> out;
  for (const auto& [id, r] : reports_) {
    const auto* o = r.obligation(unit);
    if (o != nullptr && o->status != ObligationStatus::accepted && o->status != ObligationStatus::moved) {
      out.push_back(id);
    }
  }
  return out;
}

std::uint64_t MemoryWorld::stream_version(std::string_view stream) const {
  const auto it = versions_.find(stream);
  return it == versions_.end() ? 0 : it->second;
}

Result<std::vector<RecordedEvent>> MemoryWorld::append(const Actor& actor, std::int64_t now_ms,
                                                       const Events& events) {
  if (!log_.empty() && now_ms < log_.back().recorded_at_ms) {
    return fail(Errc::internal, "time went back: " + std::to_string(now_ms) + " after " +
                                    std::to_string(log_.back().recorded_at_ms));
  }
  // Versions as they will be once the earlier events of this same append are in.
  std::map<std::string, std::uint64_t, std::less<>> pending;
  for (const auto& e : events) {
    auto [it, fresh] = pending.try_emplace(e.stream, 0);
    if (fresh) it->second = stream_version(e.stream);
    if (e.expected_version && *e.expected_version != it->second) {
      return fail(Errc::conflict, "stream " + e.stream + " is at version " + std::to_string(it->second) +
                                      ", expected " + std::to_string(*e.expected_version));
    }
    ++it->second;
  }
  std::vector<RecordedEvent> out;
  for (const auto& e : events) {
    RecordedEvent r{log_.size(), e.stream, stream_version(e.stream) + 1, e.type, actor, now_ms, e.payload};
    apply(r);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<RecordedEvent>> MemoryWorld::execute(const Actor& actor, std::int64_t now_ms,
                                                        const Command& command) {
  auto events = decide(Context{actor, now_ms, *this}, command);
  if (!events) return fail(events.error());
  return append(actor, now_ms, *events);
}

void MemoryWorld::apply(const RecordedEvent& e) {
  log_.push_back(e);
  erased_.push_back(false);
  versions_[e.stream] = e.version;
  const auto aggregate = aggregate_of(e.stream);
  if (!aggregate) return;
  const std::string id(stream_id(e.stream));
  switch (*aggregate) {
    case Aggregate::unit: events::apply(units_[id], e); break;
    case Aggregate::actor: events::apply(actors_[id], e); break;
    case Aggregate::person: events::apply(persons_[id], e); break;
    case Aggregate::directive: events::apply(directives_[e.stream], e); break;
    case Aggregate::task: events::apply(tasks_[e.stream], e); break;
    case Aggregate::report: events::apply(reports_[id], e); break;
    case Aggregate::indicator: events::apply(indicators_[id], e); break;
    case Aggregate::inspection: events::apply(inspections_[id], e); break;
    case Aggregate::discipline_case: events::apply(cases_[id], e); break;
    case Aggregate::erasures:
      if (e.type == type::payload_erased) {
        for (const auto& index : member_of(e.payload, "erased")) {
          if (!index.is_number_unsigned()) continue;
          const auto i = index.get<std::uint64_t>();
          if (i < log_.size()) {
            log_[i].payload = nullptr;
            erased_[i] = true;
          }
        }
      }
      break;
  }
}

MemoryWorld MemoryWorld::replay(const std::vector<RecordedEvent>& log) {
  MemoryWorld world;
  for (const auto& e : log) world.apply(e);
  return world;
}

}  // namespace dauvet::events
