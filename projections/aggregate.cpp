#include "projections/aggregate.hpp"

#include <algorithm>

#include "core/canonical_json.hpp"
#include "events/state_json.hpp"

namespace dauvet::projections {

namespace ev = events;

std::optional<AggregateState> empty_state(std::string_view stream) {
  const auto aggregate = ev::aggregate_of(stream);
  if (!aggregate) return std::nullopt;
  switch (*aggregate) {
    case ev::Aggregate::unit: return AggregateState{ev::UnitState{}};
    case ev::Aggregate::actor: return AggregateState{ev::ActorState{}};
    case ev::Aggregate::person: return AggregateState{ev::PersonState{}};
    case ev::Aggregate::directive: return AggregateState{ev::DirectiveState{}};
    case ev::Aggregate::task: return AggregateState{ev::TaskState{}};
    case ev::Aggregate::report: return AggregateState{ev::ReportState{}};
    case ev::Aggregate::indicator: return AggregateState{ev::IndicatorState{}};
    case ev::Aggregate::inspection: return AggregateState{ev::InspectionState{}};
    case ev::Aggregate::discipline_case: return AggregateState{ev::CaseState{}};
    case ev::Aggregate::erasures: return std::nullopt;
  }
  return std::nullopt;
}

std::string_view aggregate_name(const AggregateState& state) {
  struct Name {
    std::string_view operator()(const ev::UnitState&) const { return "unit"; }
    std::string_view operator()(const ev::ActorState&) const { return "actor"; }
    std::string_view operator()(const ev::PersonState&) const { return "person"; }
    std::string_view operator()(const ev::DirectiveState&) const { return "directive"; }
    std::string_view operator()(const ev::TaskState&) const { return "task"; }
    std::string_view operator()(const ev::ReportState&) const { return "report"; }
    std::string_view operator()(const ev::IndicatorState&) const { return "indicator"; }
    std::string_view operator()(const ev::InspectionState&) const { return "inspection"; }
    std::string_view operator()(const ev::CaseState&) const { return "case"; }
  };
  return std::visit(Name{}, state);
}

void apply_event(AggregateState& state, const ev::RecordedEvent& event) {
  std::visit([&](auto& s) { ev::apply(s, event); }, state);
}

std::string encode_state(const AggregateState& state) {
  return std::visit([](const auto& s) { return ev::encode_state_json(s); }, state);
}

Result<AggregateState> decode_state(std::string_view stream, std::string_view bytes) {
  auto state = empty_state(stream);
  if (!state) return fail(Errc::corrupt, "stream '" + std::string(stream) + "' holds no aggregate state");
  auto fast = canonical::read_canonical(bytes);  // what the encoder writes is canonical
  auto j = fast ? std::move(*fast) : nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail(Errc::corrupt, "stored state of '" + std::string(stream) + "' is not JSON");
  auto r = std::visit([&](auto& s) { return ev::state_from_json(j, s); }, *state);
  if (!r) {
    return fail(Errc::corrupt, "stored state of '" + std::string(stream) + "': " + r.error().message,
                r.error().field);
  }
  return std::move(*state);
}

namespace {

// Writes each name into the next of `names`' strings, reusing what they hold.
class Related {
 public:
  explicit Related(std::vector<std::string>& names) : names_(names) {}
  void unit(const std::string& id) {
    if (!id.empty()) ev::unit_stream_into(slot(), id);
  }
  void person(const std::string& id) {
    if (!id.empty()) ev::person_stream_into(slot(), id);
  }
  void subject(const ev::SubjectRef& s) { s.is_person() ? person(s.person) : unit(s.unit); }
  void directive(const std::string& issuer, const std::string& symbol) {
    if (!issuer.empty() && !symbol.empty()) ev::directive_stream_into(slot(), issuer, symbol);
  }
  void stream(std::string_view s) {
    if (!s.empty()) slot().assign(s);
  }
  // Sorted, distinct, without the stream itself. Names dropped are swapped behind the
  // answer rather than moved from, so every string keeps its buffer for the next call.
  std::span<const std::string> done(const ev::StreamMeta& self) {
    std::sort(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(size_));
    std::size_t kept = 0;
    for (std::size_t i = 0; i < size_; ++i) {
      if (names_[i] == self.stream || (kept != 0 && names_[i] == names_[kept - 1])) continue;
      if (i != kept) names_[kept].swap(names_[i]);
      ++kept;
    }
    return {names_.data(), kept};
  }

 private:
  std::string& slot() {
    if (size_ == names_.size()) names_.emplace_back();
    return names_[size_++];
  }

  std::vector<std::string>& names_;
  std::size_t size_ = 0;
};

}  // namespace

std::span<const std::string> RelatedStreams::of(const AggregateState& state) {
  Related r(names_);
  struct Visitor {
    Related& r;
    const ev::StreamMeta& operator()(const ev::UnitState& s) const {
      r.unit(s.parent);
      r.unit(s.successor);
      return s.meta;
    }
    const ev::StreamMeta& operator()(const ev::ActorState& s) const {
      r.unit(s.unit);
      return s.meta;
    }
    const ev::StreamMeta& operator()(const ev::PersonState& s) const {
      r.unit(s.unit);
      return s.meta;
    }
    const ev::StreamMeta& operator()(const ev::DirectiveState& s) const {
      r.unit(s.issuer);
      for (const auto& b : s.based_on) r.directive(b.issuer, b.symbol);
      return s.meta;
    }
    const ev::StreamMeta& operator()(const ev::TaskState& s) const {
      r.unit(s.issuer);
      r.directive(s.issuer, s.key);
      r.unit(s.lead);
      for (const auto& u : s.former_leads) r.unit(u);
      for (const auto& u : s.coordinators) r.unit(u);
      return s.meta;
    }
    const ev::StreamMeta& operator()(const ev::ReportState& s) const {
      r.unit(s.issuer);
      r.unit(s.to);
      if (s.directive) r.directive(s.directive->issuer, s.directive->symbol);
      for (const auto& t : s.tasks) r.stream(t.stream());
      for (const auto& [unit, o] : s.obligations) {
        r.unit(unit);
        r.unit(o.moved_to);
      }
      return s.meta;
    }
    const ev::StreamMeta& operator()(const ev::IndicatorState& s) const {
      r.unit(s.issuer);
      if (s.directive) r.directive(s.directive->issuer, s.directive->symbol);
      for (const auto& u : s.scope_units) r.unit(u);
      for (const auto& [key, v] : s.values) r.unit(v.unit);
      return s.meta;
    }
    const ev::StreamMeta& operator()(const ev::InspectionState& s) const {
      r.unit(s.body);
      for (const auto& subject : s.subjects) r.subject(subject);
      return s.meta;
    }
    const ev::StreamMeta& operator()(const ev::CaseState& s) const {
      r.subject(s.subject);
      r.unit(s.body);
      r.unit(s.deciding_body);
      if (!s.inspection.empty()) r.stream(ev::inspection_stream(s.inspection));
      return s.meta;
    }
  };
  const ev::StreamMeta& meta = std::visit(Visitor{r}, state);
  return r.done(meta);
}

std::vector<std::string> related_streams(const AggregateState& state) {
  RelatedStreams related;
  const auto names = related.of(state);
  return {names.begin(), names.end()};
}

}  // namespace dauvet::projections
