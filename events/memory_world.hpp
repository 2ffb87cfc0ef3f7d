// MemoryWorld: the reference World, held in memory and folded with apply().
//
// It plays the writer's part too: append() checks expected versions, assigns each event
// its index, stream version and time, keeps the log, and folds the event into the right
// aggregate, so a test (or a randomized model test) can run commands end to end without
// LMDB and compare what the real writer does against it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "events/commands.hpp"
#include "events/world.hpp"

namespace dauvet::events {

class MemoryWorld final : public World {
 public:
  std::uint64_t size() const override { return log_.size(); }
  std::optional<EntryInfo> entry(std::uint64_t index) const override;
  std::optional<UnitState> unit(std::string_view id) const override;
  std::vector<std::string> children(std::string_view id) const override;
  std::optional<ActorState> actor(std::string_view id) const override;
  std::optional<PersonState> person(std::string_view id) const override;
  std::optional<DirectiveState> directive(std::string_view issuer, std::string_view symbol) const override;
  std::optional<TaskState> task(std::string_view stream) const override;
  std::vector<std::string> open_tasks_led_by(std::string_view unit) const override;
  std::optional<ReportState> report(std::string_view id) const override;
  std::vector<std::string> reports_owed_by(std::string_view unit) const override;
  std::optional<IndicatorState> indicator(std::string_view id) const override;
  std::optional<InspectionState> inspection(std::string_view id) const override;
  std::optional<CaseState> discipline_case(std::string_view id) const override;

  // As the writer does: all or nothing. Refuses (Errc::conflict) an expected version that
  // differs from the stream's, and (Errc::internal) a time before the last one recorded.
  Result<std::vector<RecordedEvent>> append(const Actor& actor, std::int64_t now_ms, const Events& events);

  // decide() against this world, then append().
  Result<std::vector<RecordedEvent>> execute(const Actor& actor, std::int64_t now_ms, const Command& command);

  // Folds one event already recorded elsewhere (its index must be size()).
  void apply(const RecordedEvent& event);

  // A fresh world from a log, as a projection rebuild would make it.
  static MemoryWorld replay(const std::vector<RecordedEvent>& log);

  const std::vector<RecordedEvent>& log() const { return log_; }
  std::uint64_t stream_version(std::string_view stream) const;

 private:
  template <class State>
  using Map = std::map<std::string, State, std::less<>>;

  template <class State>
  static std::optional<State> find(const Map<State>& map, std::string_view key) {
    const auto it = map.find(key);
    if (it == map.end()) return std::nullopt;
    return it->second;
  }

  Map<UnitState> units_;
  Map<ActorState> actors_;
  Map<PersonState> persons_;
  Map<DirectiveState> directives_;  // by stream
  Map<TaskState> tasks_;            // by stream
  Map<ReportState> reports_;
  Map<IndicatorState> indicators_;
  Map<InspectionState> inspections_;
  Map<CaseState> cases_;
  Map<std::uint64_t> versions_;
  std::vector<RecordedEvent> log_;
  std::vector<bool> erased_;
};

}  // namespace dauvet::events
