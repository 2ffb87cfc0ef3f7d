// encode_state_json for the aggregates that carry histories: tasks, reports, indicators.
// Keys in sorted order, as state_to_json(s).dump() writes them (state_encode.cpp).
#include "events/state_encode.hpp"
#include "events/state_json.hpp"

namespace dauvet::events {

using namespace encode;  // NOLINT: the writer's vocabulary is this file's

namespace {

std::string_view outcome_name(ExtensionRequest::Outcome o) {
  switch (o) {
    case ExtensionRequest::Outcome::pending: return "pending";
    case ExtensionRequest::Outcome::granted: return "granted";
    case ExtensionRequest::Outcome::refused: return "refused";
  }
  return "pending";
}

void extension(std::string& o, const ExtensionRequest& e) {
  Obj(o).unum("decided_index", e.decided_index).unum("index", e.index).str("outcome", outcome_name(e.outcome))
      .str("reason", e.reason).str("requested_due", e.requested_due).str("unit", e.unit);
}

void due_change(std::string& o, const DueChange& d) {
  Obj(o).unum("index", d.index).str("new_due", d.new_due).str("previous_due", d.previous_due).str("reason", d.reason)
      .object("request_index", [&](std::string& x) { x += d.request_index ? std::to_string(*d.request_index) : "null"; });
}

void obligation(std::string& o, const ReportObligation& b) {
  Obj(o).str("blob_sha256", b.blob_sha256).num("first_submitted_ms", b.first_submitted_ms)
      .unum("last_submission_index", b.last_submission_index).num("last_submitted_ms", b.last_submitted_ms)
      .boolean("late", b.late).str("moved_to", b.moved_to).str("number", b.number).unum("returns", b.returns)
      .str("signer", b.signer).str("status", obligation_status_name(b.status)).unum("submissions", b.submissions)
      .str("unit", b.unit);
}

void value(std::string& o, const IndicatorValue& v) {
  Obj(o).unum("index", v.index).str("period", v.period).str("report", v.report).unum("restatements", v.restatements)
      .str("unit", v.unit).object("value", [&](std::string& x) { qty(x, v.value); });
}

}  // namespace

std::string encode_state_json(const TaskState& s) {
  std::string o;
  o.reserve(1024);
  Obj(o).str("cancel_reason", s.cancel_reason).unum("completed_index", s.completed_index)
      .num("completed_ms", s.completed_ms).json("completion_evidence", s.completion_evidence)
      .unum("completion_rejections", s.completion_rejections).str("content", s.content)
      .strs("coordinators", s.coordinators).str("coordinators_text", s.coordinators_text)
      .list("due_changes", s.due_changes, due_change).list("extension_requests", s.extension_requests, extension)
      .strs("former_leads", s.former_leads).str("issuer", s.issuer).str("item", s.item).str("key", s.key)
      .str("lead", s.lead).object("meta", with_meta(s.meta)).str("notes", s.notes).num("progress_bp", s.progress_bp)
      .unum("progress_reports", s.progress_reports).json("schedule", s.schedule).str("section", s.section)
      .str("status", task_status_name(s.status)).str("suspended_from", task_status_name(s.suspended_from))
      .str("symbol", s.symbol).str("time_frame_raw", s.time_frame_raw);
  return o;
}

std::string encode_state_json(const ReportState& s) {
  std::string o;
  Obj(o).object("directive", [&](std::string& x) { optional(x, s.directive, dref); }).str("due", s.due)
      .str("id", s.id).str("issuer", s.issuer).str("kind", s.kind).object("meta", with_meta(s.meta))
      .list("obligations", s.obligations, [](std::string& x, const auto& kv) { obligation(x, kv.second); })
      .str("period", s.period).list("tasks", s.tasks, tref).str("title", s.title).str("to", s.to);
  return o;
}

std::string encode_state_json(const IndicatorState& s) {
  std::string o;
  o.reserve(2048);
  Obj(o).str("comparator", s.comparator).object("directive", [&](std::string& x) { optional(x, s.directive, dref); })
      .str("id", s.id).str("issuer", s.issuer).object("meta", with_meta(s.meta)).str("period", s.period)
      .str("recurrence", s.recurrence).str("scope", s.scope).strs("scope_units", s.scope_units)
      .object("target", [&](std::string& x) { qty(x, s.target); }).str("title", s.title)
      .str("unit_of_measure", s.unit_of_measure)
      .list("values", s.values, [](std::string& x, const auto& kv) {
        Obj(x).strs("key", {kv.first.first, kv.first.second}).object("value", [&](std::string& y) { value(y, kv.second); });
      });
  return o;
}

}  // namespace dauvet::events
