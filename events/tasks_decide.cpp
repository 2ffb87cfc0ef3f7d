// Task rules: who may move a task, from which states, with what.
#include <initializer_list>

#include "events/authz.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/streams.hpp"
#include "events/tasks.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

using S = TaskStatus;
enum class Side { lead, issuing };

constexpr std::initializer_list<S> kOpen = {S::created, S::assigned, S::acknowledged, S::in_progress, S::suspended};

std::string describe(S s) { return std::string(task_status_name(s)) + " (" + std::string(task_status_label(s)) + ")"; }

std::string describe(std::initializer_list<S> states) {
  std::string out;
  std::size_t i = 0;
  for (S s : states) {
    if (i > 0) out += i + 1 == states.size() ? " or " : ", ";
    out += describe(s);
    ++i;
  }
  return out;
}

std::string name_of(const TaskRef& ref) { return "task " + ref.item + " of " + ref.symbol; }

// Role, then existence, then scope, then state: see authz.hpp for why in that order.
Result<TaskState> load(const Context& ctx, std::string_view command, const TaskRef& ref, Side side,
                       std::initializer_list<S> allowed) {
  DAUVET_TRY(require_role(ctx, command, {side == Side::lead ? Role::clerk : Role::issuer}));
  auto task = ctx.world.task(ref.stream());
  if (!task) {
    return fail(Errc::not_found,
                name_of(ref) + " (issued by '" + ref.issuer + "') is not in the ledger (không có nhiệm vụ này)", "item");
  }
  if (side == Side::lead) {
    DAUVET_TRY(require_scope(ctx, task->lead, "the task's lead unit (cơ quan chủ trì)"));
  } else {
    DAUVET_TRY(require_scope(ctx, task->issuer, "the directive's issuing unit"));
  }
  for (S s : allowed) {
    if (task->status == s) return std::move(*task);
  }
  return fail(invalid_transition(command, name_of(ref), describe(task->status), describe(allowed)));
}

NewEvent event(const TaskState& t, std::string_view type, nlohmann::json payload = nlohmann::json::object()) {
  return NewEvent{t.meta.stream, std::string(type), std::move(payload), std::nullopt, {}};
}

void put_if(nlohmann::json& j, std::string_view key, const std::string& value) {
  if (!value.empty()) j[std::string(key)] = value;
}

Result<nlohmann::json> evidence_json(const Context& ctx, const Evidence& e, const std::string& f) {
  nlohmann::json j = nlohmann::json::object();
  if (!e.report.empty()) {
    if (!ctx.world.report(e.report)) {
      return fail(Errc::not_found, "report '" + e.report + "' is not in the ledger", field::dot(f, "report"));
    }
    j["report"] = e.report;
  }
  put_if(j, "blob_sha256", e.blob_sha256);
  if (e.document) j["document"] = to_json(*e.document);
  put_if(j, "note", e.note);
  return j;
}

// An extension moves the deadline later; an earlier or equal date is not an extension.
Result<void> later_than_due(const TaskState& t, const std::string& date, const std::string& f) {
  const auto due = t.due();
  if (due && date <= *due) {
    return fail(Errc::invalid_argument, "is " + date + ", not after the current due date " + *due +
                                            ": an extension (gia hạn) must move the deadline later",
                f);
  }
  return {};
}

Result<Events> simple(const Context& ctx, std::string_view command, const TaskRef& ref, Side side,
                      std::initializer_list<S> allowed, std::string_view type, std::string_view key,
                      const std::string& text) {
  auto t = load(ctx, command, ref, side, allowed);
  if (!t) return fail(t.error());
  nlohmann::json payload = nlohmann::json::object();
  put_if(payload, key, text);
  return Events{event(*t, type, std::move(payload))};
}

}  // namespace

Result<Events> decide(const Context& ctx, const TaskCreate& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::issuer}));
  const auto directive = ctx.world.directive(c.task.issuer, c.task.symbol);
  if (!directive) {
    return fail(Errc::not_found,
                "directive '" + c.task.symbol + "' of '" + c.task.issuer + "' is not in the ledger; issue it first",
                "symbol");
  }
  DAUVET_TRY(require_scope(ctx, c.task.issuer, "the directive's issuing unit"));
  if (const auto existing = ctx.world.task(c.task.stream())) {
    return fail(Errc::conflict, "item " + c.task.item + " of " + directive->symbol +
                                    " already exists (ledger index " + std::to_string(existing->meta.first_index) +
                                    "); an item is unique within its directive",
                "item");
  }
  if (!c.lead.empty()) DAUVET_TRY(require_unit(ctx, c.lead, "lead"));
  for (std::size_t i = 0; i < c.coordinators.size(); ++i) {
    const std::string f = field::at("coordinators", i);
    DAUVET_TRY(require_unit(ctx, c.coordinators[i], f));
    if (c.coordinators[i] == c.lead) {
      return fail(Errc::invalid_argument, "'" + c.lead + "' is the lead unit; it cannot also coordinate", f);
    }
  }
  nlohmann::json payload = {{"symbol", directive->symbol}, {"item", c.task.item}, {"content", c.content}};
  put_if(payload, "section", c.section);
  put_if(payload, "lead", c.lead);
  if (!c.coordinators.empty()) payload["coordinators"] = c.coordinators;
  put_if(payload, "coordinators_text", c.coordinators_text);
  put_if(payload, "notes", c.notes);
  if (!c.time_frame_raw.empty()) {
    payload["time_frame"] = {{"raw", c.time_frame_raw}};
    if (c.schedule.is_object()) payload["time_frame"]["schedule"] = c.schedule;
  }
  return Events{NewEvent{c.task.stream(), std::string(type::task_created), std::move(payload), 0, {}}};
}

Result<Events> decide(const Context& ctx, const TaskAssign& c) {
  auto t = load(ctx, c.kType, c.task, Side::issuing, {S::created});
  if (!t) return fail(t.error());
  DAUVET_TRY(require_unit(ctx, c.lead, "lead"));
  nlohmann::json payload = {{"lead", c.lead}};
  put_if(payload, "reason", c.reason);
  return Events{event(*t, type::task_assigned, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const TaskReassign& c) {
  auto t = load(ctx, c.kType, c.task, Side::issuing, {S::assigned, S::acknowledged, S::in_progress, S::suspended});
  if (!t) return fail(t.error());
  DAUVET_TRY(require_unit(ctx, c.lead, "lead"));
  if (c.lead == t->lead) return fail(Errc::invalid_argument, "'" + c.lead + "' already leads this task", "lead");
  // A new lead has not acknowledged the task yet: it starts again from assigned.
  nlohmann::json payload = {{"from", t->lead}, {"to", c.lead}, {"reason", c.reason}};
  if (t->status == S::suspended) {
    payload["state_after"] = task_status_name(S::suspended);
    payload["resume_to"] = task_status_name(S::assigned);
  } else {
    payload["state_after"] = task_status_name(S::assigned);
  }
  return Events{event(*t, type::task_reassigned, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const TaskAcknowledge& c) {
  return simple(ctx, c.kType, c.task, Side::lead, {S::assigned}, type::task_acknowledged, "note", c.note);
}

Result<Events> decide(const Context& ctx, const TaskStart& c) {
  return simple(ctx, c.kType, c.task, Side::lead, {S::acknowledged}, type::task_started, "note", c.note);
}

Result<Events> decide(const Context& ctx, const TaskReportProgress& c) {
  auto t = load(ctx, c.kType, c.task, Side::lead, kOpen);
  if (!t) return fail(t.error());
  nlohmann::json payload = {{"note", c.note}};
  if (c.percent_bp) payload["percent_bp"] = *c.percent_bp;
  if (c.evidence) {
    auto evidence = evidence_json(ctx, *c.evidence, "evidence");
    if (!evidence) return fail(evidence.error());
    payload["evidence"] = std::move(*evidence);
  }
  return Events{event(*t, type::task_progress_reported, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const TaskRequestExtension& c) {
  auto t = load(ctx, c.kType, c.task, Side::lead, kOpen);
  if (!t) return fail(t.error());
  if (const auto* pending = t->pending_extension()) {
    return fail(Errc::invalid_state, "an extension request recorded at ledger index " +
                                         std::to_string(pending->index) +
                                         " is still pending; the issuing side must grant or refuse it first");
  }
  DAUVET_TRY(later_than_due(*t, c.requested_due, "requested_due"));
  nlohmann::json payload = {{"requested_due", c.requested_due}, {"reason", c.reason}};
  if (const auto due = t->due()) payload["current_due"] = *due;
  return Events{event(*t, type::task_extension_requested, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const TaskGrantExtension& c) {
  auto t = load(ctx, c.kType, c.task, Side::issuing, kOpen);
  if (!t) return fail(t.error());
  DAUVET_TRY(later_than_due(*t, c.new_due, "new_due"));
  nlohmann::json payload = {{"new_due", c.new_due}, {"reason", c.reason}};
  if (const auto due = t->due()) payload["previous_due"] = *due;
  if (const auto* pending = t->pending_extension()) payload["request"] = pending->index;
  if (c.decision) payload["decision"] = to_json(*c.decision);
  return Events{event(*t, type::task_extension_granted, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const TaskRefuseExtension& c) {
  auto t = load(ctx, c.kType, c.task, Side::issuing, kOpen);
  if (!t) return fail(t.error());
  const auto* pending = t->pending_extension();
  if (!pending) {
    return fail(Errc::invalid_state, "there is no pending extension request on " + name_of(c.task) + " to refuse");
  }
  return Events{event(*t, type::task_extension_refused, {{"request", pending->index}, {"reason", c.reason}})};
}

Result<Events> decide(const Context& ctx, const TaskSuspend& c) {
  auto t = load(ctx, c.kType, c.task, Side::issuing, {S::assigned, S::acknowledged, S::in_progress});
  if (!t) return fail(t.error());
  return Events{event(*t, type::task_suspended, {{"reason", c.reason}, {"from", task_status_name(t->status)}})};
}

Result<Events> decide(const Context& ctx, const TaskResume& c) {
  auto t = load(ctx, c.kType, c.task, Side::issuing, {S::suspended});
  if (!t) return fail(t.error());
  nlohmann::json payload = {{"to", task_status_name(t->suspended_from)}};
  put_if(payload, "reason", c.reason);
  return Events{event(*t, type::task_resumed, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const TaskComplete& c) {
  auto t = load(ctx, c.kType, c.task, Side::lead, {S::in_progress});
  if (!t) return fail(t.error());
  auto evidence = evidence_json(ctx, c.evidence, "evidence");
  if (!evidence) return fail(evidence.error());
  nlohmann::json payload = {{"evidence", std::move(*evidence)}};
  if (const auto due = t->due()) payload["due"] = *due;
  return Events{event(*t, type::task_completed, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const TaskVerifyCompletion& c) {
  return simple(ctx, c.kType, c.task, Side::issuing, {S::completed}, type::task_completion_verified, "note", c.note);
}

Result<Events> decide(const Context& ctx, const TaskRejectCompletion& c) {
  return simple(ctx, c.kType, c.task, Side::issuing, {S::completed}, type::task_completion_rejected, "reason",
                c.reason);
}

Result<Events> decide(const Context& ctx, const TaskReopen& c) {
  auto t = load(ctx, c.kType, c.task, Side::issuing, {S::verified, S::cancelled});
  if (!t) return fail(t.error());
  // A task cancelled before anyone led it has nobody to work on it: it reopens unassigned.
  const S after = t->lead.empty() ? S::created : S::in_progress;
  return Events{event(*t, type::task_reopened,
                      {{"reason", c.reason}, {"from", task_status_name(t->status)}, {"state_after", task_status_name(after)}})};
}

Result<Events> decide(const Context& ctx, const TaskCancel& c) {
  auto t = load(ctx, c.kType, c.task, Side::issuing,
                {S::created, S::assigned, S::acknowledged, S::in_progress, S::suspended, S::completed});
  if (!t) return fail(t.error());
  return Events{event(*t, type::task_cancelled, {{"reason", c.reason}, {"from", task_status_name(t->status)}})};
}

}  // namespace dauvet::events
