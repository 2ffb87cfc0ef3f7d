// World: the read-only view of current state that decide() consults.
//
// The writer implements it over its LMDB state inside the write transaction, so decide
// sees every command committed before and every earlier command of the same batch (the
// writer must make a command's events visible before deciding the next). A workable
// implementation:
//   - aggregate states: fold the stream's entries with the matching apply() (streams are
//     short: tens of events), or read a state the projections keep in step with apply();
//   - the lookups that cross aggregates (children, open_tasks_led_by, reports_owed_by)
//     from small index tables a WriteHook maintains with the same apply();
//   - entry(): the entry itself, and whether its payload is gone.
// MemoryWorld (memory_world.hpp) is the reference implementation, used by the tests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/actors.hpp"
#include "events/directives.hpp"
#include "events/discipline.hpp"
#include "events/indicators.hpp"
#include "events/inspections.hpp"
#include "events/model.hpp"
#include "events/reports.hpp"
#include "events/tasks.hpp"
#include "events/units.hpp"

namespace dauvet::events {

struct EntryInfo {
  std::uint64_t index = 0;
  std::string stream;
  std::string type;
  Actor actor;
  std::int64_t recorded_at_ms = 0;
  bool erased = false;  // its payload was erased
};

class World {
 public:
  virtual ~World() = default;

  // Entries in the ledger: the valid indexes are 0 .. size()-1.
  virtual std::uint64_t size() const = 0;
  virtual std::optional<EntryInfo> entry(std::uint64_t index) const = 0;

  virtual std::optional<UnitState> unit(std::string_view id) const = 0;
  // The active units whose parent is id.
  virtual std::vector<std::string> children(std::string_view id) const = 0;
  // unit == ancestor, or ancestor is on unit's parent chain. The default walks unit().
  virtual bool is_in_subtree(std::string_view unit, std::string_view ancestor) const;

  virtual std::optional<ActorState> actor(std::string_view id) const = 0;
  virtual std::optional<PersonState> person(std::string_view id) const = 0;
  // symbol as written or keyed (symbol_key), either works.
  virtual std::optional<DirectiveState> directive(std::string_view issuer, std::string_view symbol) const = 0;
  virtual std::optional<TaskState> task(std::string_view stream) const = 0;
  // Streams of the open tasks (task_open) whose lead is unit.
  virtual std::vector<std::string> open_tasks_led_by(std::string_view unit) const = 0;
  virtual std::optional<ReportState> report(std::string_view id) const = 0;
  // Ids of the report requests where unit owes a report not yet accepted.
  virtual std::vector<std::string> reports_owed_by(std::string_view unit) const = 0;
  virtual std::optional<IndicatorState> indicator(std::string_view id) const = 0;
  virtual std::optional<InspectionState> inspection(std::string_view id) const = 0;
  virtual std::optional<CaseState> discipline_case(std::string_view id) const = 0;
};

}  // namespace dauvet::events
