// Tasks (nhiệm vụ): one row of a directive's assignment table — item, content, lead unit
// (cơ quan chủ trì), coordinating units (cơ quan phối hợp), time frame (thời gian thực hiện).
//
// State machine. Every command not drawn from a state is refused with Errc::invalid_state
// naming the states that allow it.
//
//   task.create --(no lead)--> [created] --assign--+
//        |                                         v
//        +--------(with lead)----------------> [assigned] --acknowledge--> [acknowledged]
//                                                                              |
//                                                                            start
//                                                                              v
//        [verified] <--verify_completion-- [completed] <--complete-- [in_progress] <--+
//            |                                 |                                      |
//            |                                 +----------reject_completion-----------+
//            +------reopen (also from [cancelled])------------------------------------+
//
//   suspend:   assigned | acknowledged | in_progress --> [suspended]
//   resume:    [suspended] --> the state it was suspended from
//   reassign:  assigned | acknowledged | in_progress | suspended --> [assigned] (a new lead
//              must acknowledge again; a suspended task stays suspended and resumes to
//              assigned). A unit merge moves the task to the successor in the state it is in.
//   cancel:    every state but verified and cancelled --> [cancelled] (with a reason)
//   reopen:    a task cancelled before it had a lead reopens as [created]
//   progress, extension request / grant / refusal: while open — created, assigned,
//              acknowledged, in_progress or suspended; one extension request pending at a time
//
// Who: the lead side (clerks whose subtree holds the lead unit) acknowledges, starts,
// reports progress, requests extensions and completes with evidence. The issuing side
// (issuers whose subtree holds the directive's issuing unit) creates, assigns, reassigns,
// grants or refuses extensions, suspends and resumes, verifies or rejects completion,
// reopens and cancels. Admins may do both.
//
// Deadlines: the time frame is kept as written plus its parsed schedule (deadline.hpp's
// JSON: kind, due, recurrence, needs_review, raw). A granted extension sets a new due date
// after the current one; every request, grant and refusal stays in the state's history.
// Whether a task is overdue is derived by readers (DESIGN.md), never stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "events/json_reader.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events {

enum class TaskStatus { created, assigned, acknowledged, in_progress, suspended, completed, verified, cancelled };
inline constexpr std::size_t kTaskStatusCount = static_cast<std::size_t>(TaskStatus::cancelled) + 1;
std::string_view task_status_name(TaskStatus s);   // "in_progress"
std::string_view task_status_label(TaskStatus s);  // "đang thực hiện"
std::optional<TaskStatus> parse_task_status(std::string_view name);
bool task_open(TaskStatus s);  // created, assigned, acknowledged, in_progress, suspended

struct ExtensionRequest {
  std::uint64_t index = 0;
  std::string requested_due;
  std::string reason;
  std::string unit;  // the requesting actor's unit
  enum class Outcome { pending, granted, refused } outcome = Outcome::pending;
  std::uint64_t decided_index = 0;
  friend bool operator==(const ExtensionRequest&, const ExtensionRequest&) = default;
};

struct DueChange {
  std::uint64_t index = 0;
  std::string previous_due;  // empty when the schedule had no single due date
  std::string new_due;
  std::string reason;
  std::optional<std::uint64_t> request_index;  // the request it answered, if any
  friend bool operator==(const DueChange&, const DueChange&) = default;
};

struct TaskState {
  StreamMeta meta;
  std::string issuer, symbol, key, item;  // symbol as written; key = symbol_key(symbol)
  std::string section;                    // "I", "II" as in the table
  std::string content, notes;
  std::string lead;                       // empty while created without a lead
  std::vector<std::string> coordinators;  // known units
  std::string coordinators_text;          // as written: "Các cơ quan, đơn vị có liên quan"
  std::string time_frame_raw;
  JsonText schedule;                      // null when not parsed
  TaskStatus status = TaskStatus::created;
  TaskStatus suspended_from = TaskStatus::assigned;
  std::vector<std::string> former_leads;
  std::vector<ExtensionRequest> extension_requests;
  std::vector<DueChange> due_changes;
  std::int64_t progress_bp = -1;  // last reported share done, in basis points; -1: none
  std::uint64_t progress_reports = 0;
  std::uint64_t completed_index = 0;
  std::int64_t completed_ms = 0;
  JsonText completion_evidence;
  std::uint64_t completion_rejections = 0;
  std::string cancel_reason;
  friend bool operator==(const TaskState&, const TaskState&) = default;

  // The due date in force: the latest granted extension, else the schedule's last date
  // (a single deadline, the final milestone, a conditional's fallback, the completion a
  // continuous task names); nullopt for recurring work and for a schedule without dates.
  std::optional<std::string> due() const;
  const ExtensionRequest* pending_extension() const;
};
void apply(TaskState& state, const RecordedEvent& event);

// Evidence of completion: a submitted report, a stored document, or both.
struct Evidence {
  std::string report;       // a report request id
  std::string blob_sha256;  // a stored file
  std::optional<DocumentRef> document;
  std::string note;
};

struct TaskCreate {
  static constexpr std::string_view kType = "task.create";
  TaskRef task;
  std::string section, content, lead, coordinators_text, time_frame_raw, notes;
  std::vector<std::string> coordinators;
  nlohmann::json schedule;  // object or null
};
struct TaskAssign { static constexpr std::string_view kType = "task.assign"; TaskRef task; std::string lead, reason; };
struct TaskReassign { static constexpr std::string_view kType = "task.reassign"; TaskRef task; std::string lead, reason; };
struct TaskAcknowledge { static constexpr std::string_view kType = "task.acknowledge"; TaskRef task; std::string note; };
struct TaskStart { static constexpr std::string_view kType = "task.start"; TaskRef task; std::string note; };
struct TaskReportProgress {
  static constexpr std::string_view kType = "task.report_progress";
  TaskRef task;
  std::string note;
  std::optional<std::int64_t> percent_bp;  // 0..10000
  std::optional<Evidence> evidence;
};
struct TaskRequestExtension {
  static constexpr std::string_view kType = "task.request_extension";
  TaskRef task;
  std::string requested_due, reason;
};
struct TaskGrantExtension {
  static constexpr std::string_view kType = "task.grant_extension";
  TaskRef task;
  std::string new_due, reason;
  std::optional<DocumentRef> decision;
};
struct TaskRefuseExtension { static constexpr std::string_view kType = "task.refuse_extension"; TaskRef task; std::string reason; };
struct TaskSuspend { static constexpr std::string_view kType = "task.suspend"; TaskRef task; std::string reason; };
struct TaskResume { static constexpr std::string_view kType = "task.resume"; TaskRef task; std::string reason; };
struct TaskComplete { static constexpr std::string_view kType = "task.complete"; TaskRef task; Evidence evidence; };
struct TaskVerifyCompletion { static constexpr std::string_view kType = "task.verify_completion"; TaskRef task; std::string note; };
struct TaskRejectCompletion { static constexpr std::string_view kType = "task.reject_completion"; TaskRef task; std::string reason; };
struct TaskReopen { static constexpr std::string_view kType = "task.reopen"; TaskRef task; std::string reason; };
struct TaskCancel { static constexpr std::string_view kType = "task.cancel"; TaskRef task; std::string reason; };

#define DAUVET_TASK_COMMAND(T)             \
  void read(JsonReader& r, T& c);          \
  Result<void> check(const T& c);          \
  Result<Events> decide(const Context& ctx, const T& c);
DAUVET_TASK_COMMAND(TaskCreate)
DAUVET_TASK_COMMAND(TaskAssign)
DAUVET_TASK_COMMAND(TaskReassign)
DAUVET_TASK_COMMAND(TaskAcknowledge)
DAUVET_TASK_COMMAND(TaskStart)
DAUVET_TASK_COMMAND(TaskReportProgress)
DAUVET_TASK_COMMAND(TaskRequestExtension)
DAUVET_TASK_COMMAND(TaskGrantExtension)
DAUVET_TASK_COMMAND(TaskRefuseExtension)
DAUVET_TASK_COMMAND(TaskSuspend)
DAUVET_TASK_COMMAND(TaskResume)
DAUVET_TASK_COMMAND(TaskComplete)
DAUVET_TASK_COMMAND(TaskVerifyCompletion)
DAUVET_TASK_COMMAND(TaskRejectCompletion)
DAUVET_TASK_COMMAND(TaskReopen)
DAUVET_TASK_COMMAND(TaskCancel)
#undef DAUVET_TASK_COMMAND

// The moves a unit merge or dissolution makes (units.cpp): one task.reassigned on the
// task's stream that keeps its state.
NewEvent task_moved_by_closure(const TaskState& task, std::string_view successor, std::string_view reason);

}  // namespace dauvet::events
