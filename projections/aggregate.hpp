// One type for "the state of whatever aggregate a stream holds", so the projector, the
// world the writer decides against and the views handle every aggregate the same way.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.hpp"
#include "events/actors.hpp"
#include "events/directives.hpp"
#include "events/discipline.hpp"
#include "events/indicators.hpp"
#include "events/inspections.hpp"
#include "events/model.hpp"
#include "events/reports.hpp"
#include "events/streams.hpp"
#include "events/tasks.hpp"
#include "events/units.hpp"

namespace dauvet::projections {

using AggregateState =
    std::variant<events::UnitState, events::ActorState, events::PersonState, events::DirectiveState,
                 events::TaskState, events::ReportState, events::IndicatorState, events::InspectionState,
                 events::CaseState>;

// The empty state of the aggregate a stream belongs to; nullopt for streams without one
// (the erasures stream, streams the domain does not own such as "ledger/keys").
std::optional<AggregateState> empty_state(std::string_view stream);

// "task", "unit", ...: the listing subject is "@" + this.
std::string_view aggregate_name(const AggregateState& state);

void apply_event(AggregateState& state, const events::RecordedEvent& event);

// Stored form (tables.hpp): deterministic bytes, so online and rebuilt tables compare equal.
std::string encode_state(const AggregateState& state);
// Errc::corrupt when the bytes are not a state of the stream's aggregate.
Result<AggregateState> decode_state(std::string_view stream, std::string_view bytes);

// The other streams this state is about, sorted and distinct: a task names its directive,
// issuer, lead, former leads and coordinators; an inspection its body and subjects; ...
// Each of them sees the entry in its timeline and is linked to this stream. Only ids that
// decide() keeps as structure appear here, never personal data.
std::vector<std::string> related_streams(const AggregateState& state);

// The same, for a caller that asks once an entry: the names' buffers are kept from call to
// call, where related_streams allocates every name anew. What of() returns is valid until
// the next call.
class RelatedStreams {
 public:
  std::span<const std::string> of(const AggregateState& state);

 private:
  std::vector<std::string> names_;  // the first of()'s size hold the answer
};

}  // namespace dauvet::projections
