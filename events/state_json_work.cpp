// state_json.hpp for the aggregates that carry histories: tasks, reports, indicators.
#include "events/state_codec.hpp"
#include "events/state_json.hpp"

namespace dauvet::events {

namespace {

using namespace codec;  // NOLINT: the codec's vocabulary is this file's

constexpr Names<TaskStatus, 8> kTaskStatus{
    {"created", "assigned", "acknowledged", "in_progress", "suspended", "completed", "verified", "cancelled"}};
constexpr Names<ExtensionRequest::Outcome, 3> kOutcome{{"pending", "granted", "refused"}};
constexpr Names<ObligationStatus, 5> kObligation{{"pending", "submitted", "returned", "accepted", "moved"}};

json extension_json(const ExtensionRequest& e) {
  return {{"index", e.index},   {"requested_due", e.requested_due}, {"reason", e.reason},
          {"unit", e.unit},     {"outcome", kOutcome.of(e.outcome)}, {"decided_index", e.decided_index}};
}
void read_extension(Reader& r, ExtensionRequest& e) {
  r.get("index", e.index);
  r.get("requested_due", e.requested_due);
  r.get("reason", e.reason);
  r.get("unit", e.unit);
  r.get("outcome", e.outcome, kOutcome);
  r.get("decided_index", e.decided_index);
}

json due_change_json(const DueChange& d) {
  return {{"index", d.index}, {"previous_due", d.previous_due}, {"new_due", d.new_due}, {"reason", d.reason},
          {"request_index", d.request_index ? json(*d.request_index) : json(nullptr)}};
}
void read_due_change(Reader& r, DueChange& d) {
  r.get("index", d.index);
  r.get("previous_due", d.previous_due);
  r.get("new_due", d.new_due);
  r.get("reason", d.reason);
  if (const json* v = r.field("request_index")) {
    if (v->is_null()) {
      d.request_index.reset();
    } else if (v->is_number_unsigned()) {
      d.request_index = v->get<std::uint64_t>();
    } else {
      r.problem("request_index", "must be an unsigned integer or null");
    }
  }
}

json obligation_json(const ReportObligation& o) {
  return {{"unit", o.unit},
          {"status", kObligation.of(o.status)},
          {"submissions", o.submissions},
          {"returns", o.returns},
          {"first_submitted_ms", o.first_submitted_ms},
          {"last_submitted_ms", o.last_submitted_ms},
          {"last_submission_index", o.last_submission_index},
          {"late", o.late},
          {"number", o.number},
          {"signer", o.signer},
          {"blob_sha256", o.blob_sha256},
          {"moved_to", o.moved_to}};
}
void read_obligation(Reader& r, ReportObligation& o) {
  r.get("unit", o.unit);
  r.get("status", o.status, kObligation);
  r.get("submissions", o.submissions);
  r.get("returns", o.returns);
  r.get("first_submitted_ms", o.first_submitted_ms);
  r.get("last_submitted_ms", o.last_submitted_ms);
  r.get("last_submission_index", o.last_submission_index);
  r.get("late", o.late);
  r.get("number", o.number);
  r.get("signer", o.signer);
  r.get("blob_sha256", o.blob_sha256);
  r.get("moved_to", o.moved_to);
}

json value_json(const IndicatorValue& v) {
  return {{"unit", v.unit},   {"period", v.period}, {"value", qty_json(v.value)},
          {"report", v.report}, {"index", v.index}, {"restatements", v.restatements}};
}
void read_value(Reader& r, IndicatorValue& v) {
  r.get("unit", v.unit);
  r.get("period", v.period);
  object(r, "value", v.value, read_qty);
  r.get("report", v.report);
  r.get("index", v.index);
  r.get("restatements", v.restatements);
}

}  // namespace

nlohmann::json state_to_json(const TaskState& s) {
  return {{"meta", meta_json(s.meta)},
          {"issuer", s.issuer},
          {"symbol", s.symbol},
          {"key", s.key},
          {"item", s.item},
          {"section", s.section},
          {"content", s.content},
          {"notes", s.notes},
          {"lead", s.lead},
          {"coordinators", s.coordinators},
          {"coordinators_text", s.coordinators_text},
          {"time_frame_raw", s.time_frame_raw},
          {"schedule", s.schedule.value()},
          {"status", kTaskStatus.of(s.status)},
          {"suspended_from", kTaskStatus.of(s.suspended_from)},
          {"former_leads", s.former_leads},
          {"extension_requests", array_of(s.extension_requests, extension_json)},
          {"due_changes", array_of(s.due_changes, due_change_json)},
          {"progress_bp", s.progress_bp},
          {"progress_reports", s.progress_reports},
          {"completed_index", s.completed_index},
          {"completed_ms", s.completed_ms},
          {"completion_evidence", s.completion_evidence.value()},
          {"completion_rejections", s.completion_rejections},
          {"cancel_reason", s.cancel_reason}};
}
Result<void> state_from_json(const nlohmann::json& j, TaskState& out) {
  return decode(j, out, [](Reader& r, TaskState& s) {
    r.get("issuer", s.issuer);
    r.get("symbol", s.symbol);
    r.get("key", s.key);
    r.get("item", s.item);
    r.get("section", s.section);
    r.get("content", s.content);
    r.get("notes", s.notes);
    r.get("lead", s.lead);
    r.get("coordinators", s.coordinators);
    r.get("coordinators_text", s.coordinators_text);
    r.get("time_frame_raw", s.time_frame_raw);
    r.get("schedule", s.schedule);
    r.get("status", s.status, kTaskStatus);
    r.get("suspended_from", s.suspended_from, kTaskStatus);
    r.get("former_leads", s.former_leads);
    objects(r, "extension_requests", s.extension_requests, read_extension);
    objects(r, "due_changes", s.due_changes, read_due_change);
    r.get("progress_bp", s.progress_bp);
    r.get("progress_reports", s.progress_reports);
    r.get("completed_index", s.completed_index);
    r.get("completed_ms", s.completed_ms);
    r.get("completion_evidence", s.completion_evidence);
    r.get("completion_rejections", s.completion_rejections);
    r.get("cancel_reason", s.cancel_reason);
  });
}

nlohmann::json state_to_json(const ReportState& s) {
  json obligations = json::array();  // by unit id: the map's order
  for (const auto& [unit, o] : s.obligations) obligations.push_back(obligation_json(o));
  return {{"meta", meta_json(s.meta)}, {"id", s.id}, {"kind", s.kind}, {"title", s.title}, {"period", s.period},
          {"due", s.due}, {"issuer", s.issuer}, {"to", s.to},
          {"directive", s.directive ? dref_json(*s.directive) : json(nullptr)},
          {"tasks", array_of(s.tasks, tref_json)}, {"obligations", std::move(obligations)}};
}
Result<void> state_from_json(const nlohmann::json& j, ReportState& out) {
  return decode(j, out, [](Reader& r, ReportState& s) {
    r.get("id", s.id);
    r.get("kind", s.kind);
    r.get("title", s.title);
    r.get("period", s.period);
    r.get("due", s.due);
    r.get("issuer", s.issuer);
    r.get("to", s.to);
    optional_object(r, "directive", s.directive, read_dref);
    objects(r, "tasks", s.tasks, read_tref);
    std::vector<ReportObligation> list;
    objects(r, "obligations", list, read_obligation);
    s.obligations.clear();
    for (auto& o : list) {
      const std::string unit = o.unit;
      s.obligations.emplace(unit, std::move(o));
    }
  });
}

nlohmann::json state_to_json(const IndicatorState& s) {
  json values = json::array();  // by (unit, period): the map's order
  for (const auto& [key, v] : s.values) values.push_back({{"key", {key.first, key.second}}, {"value", value_json(v)}});
  return {{"meta", meta_json(s.meta)}, {"id", s.id}, {"issuer", s.issuer}, {"title", s.title},
          {"unit_of_measure", s.unit_of_measure}, {"comparator", s.comparator}, {"period", s.period},
          {"recurrence", s.recurrence}, {"scope", s.scope}, {"target", qty_json(s.target)},
          {"scope_units", s.scope_units}, {"directive", s.directive ? dref_json(*s.directive) : json(nullptr)},
          {"values", std::move(values)}};
}
Result<void> state_from_json(const nlohmann::json& j, IndicatorState& out) {
  return decode(j, out, [](Reader& r, IndicatorState& s) {
    r.get("id", s.id);
    r.get("issuer", s.issuer);
    r.get("title", s.title);
    r.get("unit_of_measure", s.unit_of_measure);
    r.get("comparator", s.comparator);
    r.get("period", s.period);
    r.get("recurrence", s.recurrence);
    r.get("scope", s.scope);
    object(r, "target", s.target, read_qty);
    r.get("scope_units", s.scope_units);
    optional_object(r, "directive", s.directive, read_dref);
    struct Keyed {
      std::vector<std::string> key;
      IndicatorValue value;
    };
    std::vector<Keyed> list;
    objects(r, "values", list, [](Reader& e, Keyed& k) {
      e.get("key", k.key);
      object(e, "value", k.value, read_value);
      if (!e.error() && k.key.size() != 2) e.problem("key", "must be [unit, period]");
    });
    s.values.clear();
    for (auto& k : list) s.values.emplace(std::make_pair(k.key[0], k.key[1]), std::move(k.value));
  });
}

}  // namespace dauvet::events
