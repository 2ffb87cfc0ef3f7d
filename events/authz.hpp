// Authorization, decided inside decide(): who may do what, scoped to the actor's unit
// subtree (the actor's unit and every unit under it).
//
//   role        may write                                         scope: the unit named
//   admin       everything                                        anywhere
//   issuer      directive.issue; task.create/assign/reassign/     the directive's issuing
//               grant_extension/refuse_extension/suspend/resume/  unit (tasks), the requesting
//               verify_completion/reject_completion/reopen/       or receiving unit (reports),
//               cancel; report.request/return/accept;             the issuing unit
//               indicator.define                                  (indicators)
//   clerk       task.acknowledge/start/report_progress/           the task's lead unit; the
//               request_extension/complete; report.submit;        submitting unit;
//               indicator.report_value                            the reporting unit
//   inspector   inspection.*; case.*; person.register             the inspecting / handling /
//                                                                 deciding body (persons: none)
//   oversight   nothing: read-only (HĐND, MTTQ, upper committees)
//   verifier    nothing: ledger proofs and leaf hashes only
//   any writer  entry.correct for entries written from its subtree
//   admin only  unit.*, actor.*, payload.erase
//
// Refusals are Errc::forbidden and say which role or scope would be needed. Checks run
// role first, then existence of what is named (not_found), then scope, then state, so an
// actor without the role learns nothing about what exists.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "events/world.hpp"

namespace dauvet::events {

// Every write: a known role that may write at all; an actor the registry has not
// deactivated and whose token still matches it; an actor unit that exists and is active
// (admins excepted, so the first units can be created).
Result<void> check_writer(const Context& ctx);

bool is_admin(const Context& ctx);

// The actor's role is one of roles (admin always is).
Result<void> require_role(const Context& ctx, std::string_view command, std::initializer_list<Role> roles);

// unit lies in the actor's subtree (admins: anywhere). `what` says what the unit is to
// the command ("the task's lead unit").
Result<void> require_scope(const Context& ctx, std::string_view unit, std::string_view what);

// A unit named by a command: it must exist (not_found) and, when `active`, not have been
// merged or dissolved (invalid_state, naming the successor to use instead).
Result<UnitState> require_unit(const Context& ctx, std::string_view id, const std::string& field,
                               bool active = true);

// "state 'in_progress' (đang thực hiện)" style refusal for a transition.
Error invalid_transition(std::string_view command, std::string_view what, std::string_view current,
                         std::string_view allowed);

}  // namespace dauvet::events
