#include "events/authz.hpp"

#include "events/world.hpp"

namespace dauvet::events {

namespace {

std::string roles_text(std::initializer_list<Role> roles) {
  std::string out = "admin";
  for (Role r : roles) {
    if (r == Role::admin) continue;
    out += " or ";
    out += role_name(r);
  }
  return out;
}

}  // namespace

bool World::is_in_subtree(std::string_view unit, std::string_view ancestor) const {
  std::string current(unit);
  // The tree is shallow (trung ương > tỉnh > huyện > xã > chi bộ); the bound only guards
  // against a cycle a broken projection could present.
  for (int depth = 0; depth < 64 && !current.empty(); ++depth) {
    if (current == ancestor) return true;
    const auto state = this->unit(current);
    if (!state) return false;
    current = state->parent;
  }
  return false;
}

bool is_admin(const Context& ctx) { return ctx.actor.role == role_name(Role::admin); }

Result<void> check_writer(const Context& ctx) {
  const auto role = parse_role(ctx.actor.role);
  if (!role) {
    return fail(Errc::forbidden, "role '" + ctx.actor.role +
                                     "' is not a role of this system (admin, issuer, clerk, inspector, oversight, "
                                     "verifier); nothing may be written with it");
  }
  if (*role == Role::oversight) {
    return fail(Errc::forbidden,
                "role 'oversight' is read-only (chỉ được xem): oversight bodies read and verify the ledger but "
                "never write to it");
  }
  if (*role == Role::verifier) {
    return fail(Errc::forbidden,
                "role 'verifier' may only read ledger proofs and leaf hashes (chỉ kiểm chứng); it never writes");
  }
  if (const auto registered = ctx.world.actor(ctx.actor.id)) {
    if (!registered->active) {
      return fail(Errc::forbidden, "actor '" + ctx.actor.id + "' was deactivated at ledger index " +
                                       std::to_string(registered->meta.last_index) + " and may no longer write");
    }
    if (registered->role != ctx.actor.role || registered->unit != ctx.actor.unit) {
      return fail(Errc::forbidden, "the token says actor '" + ctx.actor.id + "' is " + ctx.actor.role + " of '" +
                                       ctx.actor.unit + "', but the register now says " + registered->role +
                                       " of '" + registered->unit + "'; ask for a new token");
    }
  }
  if (*role == Role::admin) return {};
  const auto unit = ctx.world.unit(ctx.actor.unit);
  if (!unit) {
    return fail(Errc::forbidden, "your unit '" + ctx.actor.unit + "' is not in the ledger; ask an admin to create it");
  }
  if (!unit->active()) {
    return fail(Errc::forbidden, "your unit '" + ctx.actor.unit + "' was " +
                                     std::string(unit_status_name(unit->status)) +
                                     (unit->successor.empty() ? std::string() : " into '" + unit->successor + "'") +
                                     "; ask an admin to move your account to its successor");
  }
  return {};
}

Result<void> require_role(const Context& ctx, std::string_view command, std::initializer_list<Role> roles) {
  if (is_admin(ctx)) return {};
  for (Role r : roles) {
    if (ctx.actor.role == role_name(r)) return {};
  }
  return fail(Errc::forbidden, "role '" + ctx.actor.role + "' may not " + std::string(command) + ": only " +
                                   roles_text(roles) + " may (vai trò không có quyền)");
}

Result<void> require_scope(const Context& ctx, std::string_view unit, std::string_view what) {
  if (is_admin(ctx)) return {};
  if (!unit.empty() && ctx.world.is_in_subtree(unit, ctx.actor.unit)) return {};
  return fail(Errc::forbidden, std::string(what) + " '" + std::string(unit) + "' is outside your scope: as " +
                                   ctx.actor.role + " of '" + ctx.actor.unit + "' you act only for '" +
                                   ctx.actor.unit + "' and the units under it (ngoài phạm vi đơn vị)");
}

Result<UnitState> require_unit(const Context& ctx, std::string_view id, const std::string& field, bool active) {
  auto unit = ctx.world.unit(id);
  if (!unit) {
    return fail(Errc::not_found, "unit '" + std::string(id) + "' is not in the ledger (chưa có đơn vị này)", field);
  }
  if (active && !unit->active()) {
    std::string message = "unit '" + std::string(id) + "' was " + std::string(unit_status_name(unit->status));
    if (!unit->closed_on.empty()) message += " on " + unit->closed_on;
    message += unit->successor.empty() ? "; it can no longer be named here"
                                       : "; name its successor '" + unit->successor + "' instead";
    return fail(Errc::invalid_state, std::move(message), field);
  }
  return std::move(*unit);
}

Error invalid_transition(std::string_view command, std::string_view what, std::string_view current,
                         std::string_view allowed) {
  return Error{Errc::invalid_state, std::string(command) + " refused: " + std::string(what) + " is " +
                                        std::string(current) + "; " + std::string(command) +
                                        " is allowed only when it is " + std::string(allowed)};
}

}  // namespace dauvet::events
