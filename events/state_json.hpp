// Aggregate states as JSON, both ways, losslessly: the projections keep every version of
// every state in LMDB (a temporal table), and read them back for as-of queries and for
// decide() on the writer thread.
//
// Contract, relied on by the projections' rebuild test (online tables byte-identical to
// rebuilt ones):
//   - state_from_json(state_to_json(s)) == s for every reachable state (operator==);
//   - state_to_json is deterministic: the same state gives the same JSON, and dump() of
//     it the same bytes (nlohmann's object keys are sorted);
//   - enums are written by name ("in_progress"), never by number, so a reordered enum
//     cannot silently change the meaning of stored states;
//   - state_from_json refuses (Errc::corrupt, naming the field) anything that is not a
//     state this code wrote: missing or extra fields, wrong types, unknown enum names.
//     A stored state that does not decode is corruption, not a user error.
#pragma once

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "events/actors.hpp"
#include "events/directives.hpp"
#include "events/discipline.hpp"
#include "events/indicators.hpp"
#include "events/inspections.hpp"
#include "events/reports.hpp"
#include "events/tasks.hpp"
#include "events/units.hpp"

namespace dauvet::events {

nlohmann::json state_to_json(const UnitState& s);
nlohmann::json state_to_json(const ActorState& s);
nlohmann::json state_to_json(const PersonState& s);
nlohmann::json state_to_json(const DirectiveState& s);
nlohmann::json state_to_json(const TaskState& s);
nlohmann::json state_to_json(const ReportState& s);
nlohmann::json state_to_json(const IndicatorState& s);
nlohmann::json state_to_json(const InspectionState& s);
nlohmann::json state_to_json(const CaseState& s);

// The same shapes back; `out` is assigned only on success.
Result<void> state_from_json(const nlohmann::json& j, UnitState& out);
Result<void> state_from_json(const nlohmann::json& j, ActorState& out);
Result<void> state_from_json(const nlohmann::json& j, PersonState& out);
Result<void> state_from_json(const nlohmann::json& j, DirectiveState& out);
Result<void> state_from_json(const nlohmann::json& j, TaskState& out);
Result<void> state_from_json(const nlohmann::json& j, ReportState& out);
Result<void> state_from_json(const nlohmann::json& j, IndicatorState& out);
Result<void> state_from_json(const nlohmann::json& j, InspectionState& out);
Result<void> state_from_json(const nlohmann::json& j, CaseState& out);

// The same bytes as state_to_json(s).dump(), written directly: the projections' stored form,
// about as fast as copying the strings (state_encode.cpp).
std::string encode_state_json(const UnitState& s);
std::string encode_state_json(const ActorState& s);
std::string encode_state_json(const PersonState& s);
std::string encode_state_json(const DirectiveState& s);
std::string encode_state_json(const TaskState& s);
std::string encode_state_json(const ReportState& s);
std::string encode_state_json(const IndicatorState& s);
std::string encode_state_json(const InspectionState& s);
std::string encode_state_json(const CaseState& s);

}  // namespace dauvet::events
