// The few fields of an aggregate state that a unit dashboard counts, stored apart from the
// state so that a dashboard reads a few dozen bytes per aggregate instead of parsing its
// whole JSON state (text, schedule, histories). A district's dashboard reads hundreds of
// aggregates; parsing their states was nearly all of its time.
//
// Facts are a pure function of the state (facts_of), so online and rebuilt tables hold the
// same bytes, and a reader of tables written before facts existed derives them from the
// decoded state instead (Reader::facts_at).
//
// Stored form (proj.<g>.facts, tables.hpp), big-endian, one layout per kind:
//
//   task        +-----+--------+----------------+--------+------+--------+-----+
//               | 't' | status | completed_ms   | u16    | lead | u16    | due |
//               | u8  | u8     | i64            | length |      | length |     |
//               +-----+--------+----------------+--------+------+--------+-----+
//   unit        +-----+--------+--------+--------+
//               | 'u' | status | u16    | parent |
//               +-----+--------+--------+--------+
//   inspection  +-----+--------+
//               | 'i' | status |
//               +-----+--------+
//   case        +-----+---------+
//               | 'c' | decided |     decided: 1 once a form of discipline was decided
//               +-----+---------+
//
// status is the enum's position in its declaration (TaskStatus, UnitStatus,
// InspectionStatus); due is the ISO date in force, empty when the task has none.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "projections/aggregate.hpp"

namespace dauvet::projections {

struct Facts {
  enum class Kind : char { task = 't', unit = 'u', inspection = 'i', discipline_case = 'c' };
  Kind kind = Kind::task;
  std::uint8_t status = 0;        // see above; case: 1 once decided
  std::int64_t completed_ms = 0;  // task
  std::string lead;               // task
  std::string due;                // task: "" when it has no single due date
  std::string parent;             // unit: "" for a root

  events::TaskStatus task_status() const { return static_cast<events::TaskStatus>(status); }
  bool inspection_open() const { return status == static_cast<std::uint8_t>(events::InspectionStatus::open); }
  bool decided() const { return status != 0; }
  friend bool operator==(const Facts&, const Facts&) = default;
};

// nullopt for aggregates a dashboard reads whole (reports) or not at all.
std::optional<Facts> facts_of(const AggregateState& state);

// Whether the facts are also kept under units (the unit_facts table, tables.hpp): those
// of tasks (under their lead), inspections and cases (under every unit they relate to),
// which a unit's dashboard counts. A unit's own facts are read by its id.
inline bool by_unit(const Facts& facts) { return facts.kind != Facts::Kind::unit; }

// The unit streams that hold unit_facts rows of an aggregate with these facts and these
// related streams (related_streams, sorted): a task's lead alone, which alone counts it;
// every unit an inspection or a case relates to. Sorted; empty when !by_unit.
std::vector<std::string> holders(const Facts& facts, std::span<const std::string> related);

std::string encode_facts(const Facts& facts);
// Errc::corrupt when the bytes are not one of the layouts above.
Result<Facts> decode_facts(std::string_view bytes);

}  // namespace dauvet::projections
