// Commands: what a user or an importer asks the ledger to record, and the one entry point
// that turns a command into events.
//
//   auto cmd = decode_command("task.acknowledge", body);   // strict JSON -> Command
//   auto events = decide(Context{actor, now_ms, world}, *cmd);  // rules -> NewEvents
//
// decode_command refuses unknown fields, wrong types and missing required fields with the
// field path in Error::field, then applies the same field checks decide does (check_command),
// so the API can answer 400 before queueing. decide() checks again: an importer builds
// Commands in C++ without going through JSON.
//
// decide() order: the actor may write at all (check_writer), the fields are well formed,
// then the command's own rules: role, existence of what it names, scope, state. Its events
// form one all-or-nothing append; the first event is on the command's primary stream (the
// one an HTTP If-Match refers to); creation events carry expected_version 0.
#pragma once

#include <span>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "events/actors.hpp"
#include "events/corrections.hpp"
#include "events/directives.hpp"
#include "events/discipline.hpp"
#include "events/indicators.hpp"
#include "events/inspections.hpp"
#include "events/model.hpp"
#include "events/reports.hpp"
#include "events/tasks.hpp"
#include "events/units.hpp"

namespace dauvet::events {

using Command = std::variant<                                                                  //
    UnitCreate, UnitRename, UnitMove, UnitMerge, UnitDissolve,                                 //
    ActorRegister, ActorChangeRole, ActorDeactivate, PersonRegister,                           //
    DirectiveIssue,                                                                            //
    TaskCreate, TaskAssign, TaskReassign, TaskAcknowledge, TaskStart, TaskReportProgress,      //
    TaskRequestExtension, TaskGrantExtension, TaskRefuseExtension, TaskSuspend, TaskResume,    //
    TaskComplete, TaskVerifyCompletion, TaskRejectCompletion, TaskReopen, TaskCancel,          //
    ReportRequest, ReportSubmit, ReportReturn, ReportAccept,                                   //
    IndicatorDefine, IndicatorReportValue,                                                     //
    InspectionOpen, InspectionRecordFinding, InspectionConclude,                               //
    CaseOpen, CaseDecide, CaseAppeal, CaseDecideAppeal,                                        //
    EntryCorrect, PayloadErase>;

// "task.acknowledge", ... in the order of the variant.
std::span<const std::string_view> command_types();
std::string_view command_type(const Command& command);

// type: a command type above; body: its JSON object.
Result<Command> decode_command(std::string_view type, const nlohmann::json& body);

// The field checks of the command's type (no state needed).
Result<void> check_command(const Command& command);

Result<Events> decide(const Context& ctx, const Command& command);

}  // namespace dauvet::events
