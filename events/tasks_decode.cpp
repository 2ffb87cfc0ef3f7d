// Reading task commands from JSON and checking their fields (no state needed).
#include <array>

#include "events/fields.hpp"
#include "events/tasks.hpp"

namespace dauvet::events {

namespace {

constexpr auto kScheduleKinds = std::to_array<std::string_view>({"once",        "milestones", "recurring", "continuous",
                                                            "conditional", "on_demand",  "unknown"});

void read_evidence(JsonReader& r, Evidence& e) {
  e.report = r.opt_str("report");
  e.blob_sha256 = r.opt_str("blob_sha256");
  r.object("document", false, [&](JsonReader& d) { read(d, e.document.emplace()); });
  e.note = r.opt_str("note");
}

Result<void> check_evidence(const Evidence& e, const std::string& f) {
  if (e.report.empty() && e.blob_sha256.empty() && !e.document) {
    return fail(Errc::invalid_argument,
                "must cite a submitted report ('report'), a stored file ('blob_sha256') or a document "
                "('document'): completion is recorded with its proof (minh chứng)",
                f);
  }
  if (!e.report.empty()) DAUVET_TRY(field::id(e.report, field::dot(f, "report"), "report id"));
  DAUVET_TRY(field::optional_sha256(e.blob_sha256, field::dot(f, "blob_sha256")));
  if (e.document) DAUVET_TRY(check(*e.document, field::dot(f, "document")));
  return field::optional_text(e.note, field::dot(f, "note"));
}

// The parsed schedule comes from the deadline grammar; only what the rules read is
// checked here: its kind and its due dates.
Result<void> check_schedule(const nlohmann::json& s) {
  if (s.is_null()) return {};
  const auto& kind = member_of(s, "kind");
  if (!kind.is_string()) {
    return fail(Errc::invalid_argument, "must say its kind (once, milestones, recurring, ...)", "time_frame.schedule.kind");
  }
  DAUVET_TRY(field::one_of(kind.get<std::string>(), "time_frame.schedule.kind", kScheduleKinds, "schedule kind"));
  const auto& due = member_of(s, "due");
  if (due.is_null()) return {};
  if (!due.is_array()) return fail(Errc::invalid_argument, "must be an array of dates", "time_frame.schedule.due");
  std::string previous;
  for (std::size_t i = 0; i < due.size(); ++i) {
    const std::string f = field::at("time_frame.schedule.due", i);
    if (!due[i].is_string()) return fail(Errc::invalid_argument, "must be a date YYYY-MM-DD", f);
    const auto d = due[i].get<std::string>();
    DAUVET_TRY(field::date(d, f));
    if (d < previous) return fail(Errc::invalid_argument, "dates must be in order; " + d + " comes after " + previous, f);
    previous = d;
  }
  return {};
}

Result<void> check_ref(const TaskRef& t) { return check(t, ""); }

}  // namespace

void read(JsonReader& r, TaskCreate& c) {
  read(r, c.task);
  c.section = r.opt_str("section");
  c.content = r.str("content");
  c.lead = r.opt_str("lead");
  c.coordinators = r.strs("coordinators", false);
  c.coordinators_text = r.opt_str("coordinators_text");
  c.notes = r.opt_str("notes");
  r.object("time_frame", false, [&](JsonReader& t) {
    c.time_frame_raw = t.str("raw");
    c.schedule = t.raw_object("schedule", false);
  });
}
void read(JsonReader& r, TaskAssign& c) {
  read(r, c.task);
  c.lead = r.str("lead");
  c.reason = r.opt_str("reason");
}
void read(JsonReader& r, TaskReassign& c) {
  read(r, c.task);
  c.lead = r.str("lead");
  c.reason = r.str("reason");
}
void read(JsonReader& r, TaskAcknowledge& c) {
  read(r, c.task);
  c.note = r.opt_str("note");
}
void read(JsonReader& r, TaskStart& c) {
  read(r, c.task);
  c.note = r.opt_str("note");
}
void read(JsonReader& r, TaskReportProgress& c) {
  read(r, c.task);
  c.note = r.str("note");
  c.percent_bp = r.opt_integer("percent_bp");
  r.object("evidence", false, [&](JsonReader& e) { read_evidence(e, c.evidence.emplace()); });
}
void read(JsonReader& r, TaskRequestExtension& c) {
  read(r, c.task);
  c.requested_due = r.str("requested_due");
  c.reason = r.str("reason");
}
void read(JsonReader& r, TaskGrantExtension& c) {
  read(r, c.task);
  c.new_due = r.str("new_due");
  c.reason = r.str("reason");
  r.object("decision", false, [&](JsonReader& d) { read(d, c.decision.emplace()); });
}
void read(JsonReader& r, TaskRefuseExtension& c) {
  read(r, c.task);
  c.reason = r.str("reason");
}
void read(JsonReader& r, TaskSuspend& c) {
  read(r, c.task);
  c.reason = r.str("reason");
}
void read(JsonReader& r, TaskResume& c) {
  read(r, c.task);
  c.reason = r.opt_str("reason");
}
void read(JsonReader& r, TaskComplete& c) {
  read(r, c.task);
  r.object("evidence", true, [&](JsonReader& e) { read_evidence(e, c.evidence); });
}
void read(JsonReader& r, TaskVerifyCompletion& c) {
  read(r, c.task);
  c.note = r.opt_str("note");
}
void read(JsonReader& r, TaskRejectCompletion& c) {
  read(r, c.task);
  c.reason = r.str("reason");
}
void read(JsonReader& r, TaskReopen& c) {
  read(r, c.task);
  c.reason = r.str("reason");
}
void read(JsonReader& r, TaskCancel& c) {
  read(r, c.task);
  c.reason = r.str("reason");
}

Result<void> check(const TaskCreate& c) {
  DAUVET_TRY(check_ref(c.task));
  DAUVET_TRY(field::optional_line(c.section, "section"));
  DAUVET_TRY(field::text(c.content, "content"));
  if (!c.lead.empty()) DAUVET_TRY(field::id(c.lead, "lead", "unit id"));
  DAUVET_TRY(field::ids(c.coordinators, "coordinators", "unit id", false));
  DAUVET_TRY(field::optional_text(c.coordinators_text, "coordinators_text"));
  DAUVET_TRY(field::optional_text(c.notes, "notes"));
  if (!c.schedule.is_null() && c.time_frame_raw.empty()) {
    return fail(Errc::invalid_argument, "is required with a schedule: the time frame as written", "time_frame.raw");
  }
  DAUVET_TRY(field::optional_text(c.time_frame_raw, "time_frame.raw"));
  if (!c.schedule.is_null() && !c.schedule.is_object()) {
    return fail(Errc::invalid_argument, "must be an object", "time_frame.schedule");
  }
  return check_schedule(c.schedule);
}
Result<void> check(const TaskAssign& c) {
  DAUVET_TRY(check_ref(c.task));
  DAUVET_TRY(field::id(c.lead, "lead", "unit id"));
  return field::optional_line(c.reason, "reason");
}
Result<void> check(const TaskReassign& c) {
  DAUVET_TRY(check_ref(c.task));
  DAUVET_TRY(field::id(c.lead, "lead", "unit id"));
  return field::line(c.reason, "reason");
}
Result<void> check(const TaskAcknowledge& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::optional_text(c.note, "note");
}
Result<void> check(const TaskStart& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::optional_text(c.note, "note");
}
Result<void> check(const TaskReportProgress& c) {
  DAUVET_TRY(check_ref(c.task));
  DAUVET_TRY(field::text(c.note, "note"));
  if (c.percent_bp && (*c.percent_bp < 0 || *c.percent_bp > 10000)) {
    return fail(Errc::invalid_argument, "must be between 0 and 10000 (basis points: 7500 = 75.00% done)", "percent_bp");
  }
  if (c.evidence) DAUVET_TRY(check_evidence(*c.evidence, "evidence"));
  return {};
}
Result<void> check(const TaskRequestExtension& c) {
  DAUVET_TRY(check_ref(c.task));
  DAUVET_TRY(field::date(c.requested_due, "requested_due"));
  return field::line(c.reason, "reason");
}
Result<void> check(const TaskGrantExtension& c) {
  DAUVET_TRY(check_ref(c.task));
  DAUVET_TRY(field::date(c.new_due, "new_due"));
  DAUVET_TRY(field::line(c.reason, "reason"));
  if (c.decision) DAUVET_TRY(check(*c.decision, "decision"));
  return {};
}
Result<void> check(const TaskRefuseExtension& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::line(c.reason, "reason");
}
Result<void> check(const TaskSuspend& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::line(c.reason, "reason");
}
Result<void> check(const TaskResume& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::optional_line(c.reason, "reason");
}
Result<void> check(const TaskComplete& c) {
  DAUVET_TRY(check_ref(c.task));
  return check_evidence(c.evidence, "evidence");
}
Result<void> check(const TaskVerifyCompletion& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::optional_text(c.note, "note");
}
Result<void> check(const TaskRejectCompletion& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::line(c.reason, "reason");
}
Result<void> check(const TaskReopen& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::line(c.reason, "reason");
}
Result<void> check(const TaskCancel& c) {
  DAUVET_TRY(check_ref(c.task));
  return field::line(c.reason, "reason");
}

}  // namespace dauvet::events
