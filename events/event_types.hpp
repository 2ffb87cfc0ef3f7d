// Every event type the domain appends, the stream it goes to and the command that makes
// it. Types are dotted lowercase, past tense; payloads are JSON objects with integers only
// (no floats: shares are {"value","scale"} or {"numerator","denominator"}), dates as
// "YYYY-MM-DD" Vietnam business dates, units/persons/reports by id.
//
//   stream                               type                        command
//   unit/<id>                            unit.created                unit.create
//                                        unit.renamed                unit.rename
//                                        unit.moved                  unit.move, unit.merge (children)
//                                        unit.merged                 unit.merge
//                                        unit.dissolved              unit.dissolve
//   actor/<id>                           actor.registered            actor.register
//                                        actor.role_changed          actor.change_role
//                                        actor.deactivated           actor.deactivate
//   person/<id>                          person.registered           person.register
//   directive/<issuer>/<symbol key>      directive.issued            directive.issue
//   task/<issuer>/<symbol key>/<item>    task.created                task.create
//                                        task.assigned               task.assign
//                                        task.reassigned             task.reassign, unit.merge/dissolve
//                                        task.acknowledged           task.acknowledge
//                                        task.started                task.start
//                                        task.progress_reported      task.report_progress
//                                        task.extension_requested    task.request_extension
//                                        task.extension_granted      task.grant_extension
//                                        task.extension_refused      task.refuse_extension
//                                        task.suspended              task.suspend
//                                        task.resumed                task.resume
//                                        task.completed              task.complete
//                                        task.completion_verified    task.verify_completion
//                                        task.completion_rejected    task.reject_completion
//                                        task.reopened               task.reopen
//                                        task.cancelled              task.cancel
//   report/<id>   (one report request    report.requested            report.request
//    and every unit's submissions)       report.submitted            report.submit
//                                        report.returned             report.return
//                                        report.accepted             report.accept
//                                        report.reassigned           unit.merge/dissolve
//   indicator/<id>                       indicator.defined           indicator.define
//                                        indicator.value_reported    indicator.report_value, report.submit
//   inspection/<id>                      inspection.opened           inspection.open
//                                        inspection.finding_recorded inspection.record_finding
//                                        inspection.concluded        inspection.conclude
//   case/<id>     (discipline)           case.opened                 case.open
//                                        case.decided                case.decide
//                                        case.appealed               case.appeal
//                                        case.appeal_decided         case.decide_appeal
//   <the corrected entry's stream>       entry.corrected             entry.correct
//   erasures                             payload.erased              payload.erase
//
// The symbol key is the symbol as written without whitespace ("01 - KH/BCĐ" -> "01-KH/BCĐ");
// the payload keeps the symbol as written.
#pragma once

#include <span>
#include <string_view>

namespace dauvet::events::type {

inline constexpr std::string_view unit_created = "unit.created";
inline constexpr std::string_view unit_renamed = "unit.renamed";
inline constexpr std::string_view unit_moved = "unit.moved";
inline constexpr std::string_view unit_merged = "unit.merged";
inline constexpr std::string_view unit_dissolved = "unit.dissolved";
inline constexpr std::string_view actor_registered = "actor.registered";
inline constexpr std::string_view actor_role_changed = "actor.role_changed";
inline constexpr std::string_view actor_deactivated = "actor.deactivated";
inline constexpr std::string_view person_registered = "person.registered";
inline constexpr std::string_view directive_issued = "directive.issued";
inline constexpr std::string_view task_created = "task.created";
inline constexpr std::string_view task_assigned = "task.assigned";
inline constexpr std::string_view task_reassigned = "task.reassigned";
inline constexpr std::string_view task_acknowledged = "task.acknowledged";
inline constexpr std::string_view task_started = "task.started";
inline constexpr std::string_view task_progress_reported = "task.progress_reported";
inline constexpr std::string_view task_extension_requested = "task.extension_requested";
inline constexpr std::string_view task_extension_granted = "task.extension_granted";
inline constexpr std::string_view task_extension_refused = "task.extension_refused";
inline constexpr std::string_view task_suspended = "task.suspended";
inline constexpr std::string_view task_resumed = "task.resumed";
inline constexpr std::string_view task_completed = "task.completed";
inline constexpr std::string_view task_completion_verified = "task.completion_verified";
inline constexpr std::string_view task_completion_rejected = "task.completion_rejected";
inline constexpr std::string_view task_reopened = "task.reopened";
inline constexpr std::string_view task_cancelled = "task.cancelled";
inline constexpr std::string_view report_requested = "report.requested";
inline constexpr std::string_view report_submitted = "report.submitted";
inline constexpr std::string_view report_returned = "report.returned";
inline constexpr std::string_view report_accepted = "report.accepted";
inline constexpr std::string_view report_reassigned = "report.reassigned";
inline constexpr std::string_view indicator_defined = "indicator.defined";
inline constexpr std::string_view indicator_value_reported = "indicator.value_reported";
inline constexpr std::string_view inspection_opened = "inspection.opened";
inline constexpr std::string_view inspection_finding_recorded = "inspection.finding_recorded";
inline constexpr std::string_view inspection_concluded = "inspection.concluded";
inline constexpr std::string_view case_opened = "case.opened";
inline constexpr std::string_view case_decided = "case.decided";
inline constexpr std::string_view case_appealed = "case.appealed";
inline constexpr std::string_view case_appeal_decided = "case.appeal_decided";
inline constexpr std::string_view entry_corrected = "entry.corrected";
inline constexpr std::string_view payload_erased = "payload.erased";

// Every type above, in the order listed.
std::span<const std::string_view> all();

// Types whose payload may be erased. Their payloads hold personal data or free text about
// people; the aggregate's rules never need those payloads after the fact, so apply() keeps
// a valid state when one arrives erased. Structural events (a task's lead, a report's due
// date, a case's subject) are not erasable: erasing them would silently change what later
// commands are allowed to do.
bool erasable(std::string_view type);

}  // namespace dauvet::events::type
