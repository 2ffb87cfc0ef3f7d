// Task states, their names, and apply(): how each task event moves a task.
#include <array>

#include "events/event_types.hpp"
#include "events/streams.hpp"
#include "events/tasks.hpp"

namespace dauvet::events {

namespace {

constexpr auto kNames = std::to_array<std::string_view>({"created",   "assigned",  "acknowledged", "in_progress",
                                                    "suspended", "completed", "verified",     "cancelled"});
constexpr auto kLabels = std::to_array<std::string_view>({
    "mới tạo, chưa giao",         "đã giao",  "đã tiếp nhận",           "đang thực hiện", "tạm dừng",
    "đã hoàn thành, chờ xác nhận", "đã xác nhận hoàn thành", "đã hủy"});

static_assert(kNames.size() == static_cast<std::size_t>(TaskStatus::cancelled) + 1);
static_assert(kLabels.size() == kNames.size());

TaskStatus status_or(const nlohmann::json& p, std::string_view key, TaskStatus fallback) {
  return parse_task_status(str_of(p, key)).value_or(fallback);
}

}  // namespace

std::string_view task_status_name(TaskStatus s) { return kNames[static_cast<std::size_t>(s)]; }
std::string_view task_status_label(TaskStatus s) { return kLabels[static_cast<std::size_t>(s)]; }

std::optional<TaskStatus> parse_task_status(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<TaskStatus>(i);
  }
  return std::nullopt;
}

bool task_open(TaskStatus s) {
  return s == TaskStatus::created || s == TaskStatus::assigned || s == TaskStatus::acknowledged ||
         s == TaskStatus::in_progress || s == TaskStatus::suspended;
}

std::optional<std::string> TaskState::due() const {
  if (!due_changes.empty()) return due_changes.back().new_due;
  // Recurring work falls due each cycle (deadline.hpp's next_due), never once; every other
  // kind lists its dates in order, and the last one is when the work must be done.
  const nlohmann::json& plan = schedule.value();
  if (!plan.is_object() || str_of(plan, "kind") == "recurring") return std::nullopt;
  const auto dates = strs_of(plan, "due");
  if (dates.empty()) return std::nullopt;
  return dates.back();
}

const ExtensionRequest* TaskState::pending_extension() const {
  for (const auto& r : extension_requests) {
    if (r.outcome == ExtensionRequest::Outcome::pending) return &r;
  }
  return nullptr;
}

void apply(TaskState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  const auto& p = e.payload;
  const std::string_view t = e.type;
  if (t == type::task_created) {
    if (const auto key = parse_task_stream(e.stream)) {
      s.issuer = key->issuer;
      s.key = key->symbol;
      s.item = key->item;
    }
    s.symbol = str_of(p, "symbol");
    s.section = str_of(p, "section");
    s.content = str_of(p, "content");
    s.lead = str_of(p, "lead");
    s.coordinators = strs_of(p, "coordinators");
    s.coordinators_text = str_of(p, "coordinators_text");
    s.notes = str_of(p, "notes");
    s.time_frame_raw = str_of(member_of(p, "time_frame"), "raw");
    s.schedule = member_of(member_of(p, "time_frame"), "schedule");
    s.status = s.lead.empty() ? TaskStatus::created : TaskStatus::assigned;
  } else if (t == type::task_assigned) {
    s.lead = str_of(p, "lead");
    s.status = TaskStatus::assigned;
  } else if (t == type::task_reassigned) {
    if (!s.lead.empty()) s.former_leads.push_back(s.lead);
    s.lead = str_of(p, "to");
    s.status = status_or(p, "state_after", s.status);
    if (s.status == TaskStatus::suspended) s.suspended_from = status_or(p, "resume_to", s.suspended_from);
  } else if (t == type::task_acknowledged) {
    s.status = TaskStatus::acknowledged;
  } else if (t == type::task_started) {
    s.status = TaskStatus::in_progress;
  } else if (t == type::task_progress_reported) {
    ++s.progress_reports;
    s.progress_bp = int_of(p, "percent_bp", s.progress_bp);
  } else if (t == type::task_extension_requested) {
    s.extension_requests.push_back(
        ExtensionRequest{e.index, str_of(p, "requested_due"), str_of(p, "reason"), e.actor.unit, {}, 0});
  } else if (t == type::task_extension_granted) {
    DueChange change{e.index, str_of(p, "previous_due"), str_of(p, "new_due"), str_of(p, "reason"), std::nullopt};
    if (member_of(p, "request").is_number_integer()) {
      change.request_index = static_cast<std::uint64_t>(int_of(p, "request"));
      for (auto& r : s.extension_requests) {
        if (r.index == *change.request_index) {
          r.outcome = ExtensionRequest::Outcome::granted;
          r.decided_index = e.index;
        }
      }
    }
    s.due_changes.push_back(std::move(change));
  } else if (t == type::task_extension_refused) {
    const auto request = static_cast<std::uint64_t>(int_of(p, "request"));
    for (auto& r : s.extension_requests) {
      if (r.index == request) {
        r.outcome = ExtensionRequest::Outcome::refused;
        r.decided_index = e.index;
      }
    }
  } else if (t == type::task_suspended) {
    s.suspended_from = s.status;
    s.status = TaskStatus::suspended;
  } else if (t == type::task_resumed) {
    s.status = s.suspended_from;
  } else if (t == type::task_completed) {
    s.status = TaskStatus::completed;
    s.completed_index = e.index;
    s.completed_ms = e.recorded_at_ms;
    s.completion_evidence = member_of(p, "evidence");
  } else if (t == type::task_completion_verified) {
    s.status = TaskStatus::verified;
  } else if (t == type::task_completion_rejected) {
    s.status = TaskStatus::in_progress;
    ++s.completion_rejections;
  } else if (t == type::task_reopened) {
    s.status = status_or(p, "state_after", TaskStatus::in_progress);
  } else if (t == type::task_cancelled) {
    s.status = TaskStatus::cancelled;
    s.cancel_reason = str_of(p, "reason");
  }
}

NewEvent task_moved_by_closure(const TaskState& task, std::string_view successor, std::string_view reason) {
  // The successor takes the work over where it stands: a merged commune's tasks in
  // progress stay in progress, they do not go back to be acknowledged again.
  nlohmann::json payload = {{"from", task.lead},
                            {"to", successor},
                            {"reason", reason},
                            {"state_after", task_status_name(task.status)}};
  if (task.status == TaskStatus::suspended) payload["resume_to"] = task_status_name(task.suspended_from);
  return NewEvent{task.meta.stream, std::string(type::task_reassigned), std::move(payload), std::nullopt, {}};
}

}  // namespace dauvet::events
