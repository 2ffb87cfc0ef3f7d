#include "events/actors.hpp"

#include <array>

#include "events/authz.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/refs.hpp"
#include "events/streams.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

constexpr auto kRoles = std::to_array<std::string_view>({"admin", "issuer", "clerk", "inspector", "oversight",
                                                   "verifier"});

Result<ActorState> require_actor(const Context& ctx, const std::string& id) {
  auto actor = ctx.world.actor(id);
  if (!actor) return fail(Errc::not_found, "actor '" + id + "' is not registered", "id");
  return *actor;
}

}  // namespace

void apply(ActorState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  const auto& p = e.payload;
  if (e.type == type::actor_registered) {
    s.id = str_of(p, "id");
    s.name = str_of(p, "name");
    s.unit = str_of(p, "unit");
    s.role = str_of(p, "role");
    s.active = true;
  } else if (e.type == type::actor_role_changed) {
    s.role = str_of(p, "role");
    s.unit = str_of(p, "unit");
  } else if (e.type == type::actor_deactivated) {
    s.active = false;
  }
}

void apply(PersonState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  if (e.type == type::person_registered) {
    s.id = std::string(stream_id(e.stream));
    if (e.payload.is_null()) {
      s.erased = true;  // the person stays known by id; who they are is gone
      return;
    }
    s.name = str_of(e.payload, "name");
    s.unit = str_of(e.payload, "unit");
    s.position = str_of(e.payload, "position");
  }
}

void read(JsonReader& r, ActorRegister& c) {
  c.id = r.str("id");
  c.unit = r.str("unit");
  c.role = r.str("role");
  c.name = r.opt_str("name");
}
void read(JsonReader& r, ActorChangeRole& c) {
  c.id = r.str("id");
  c.role = r.str("role");
  c.unit = r.opt_str("unit");
  c.reason = r.opt_str("reason");
}
void read(JsonReader& r, ActorDeactivate& c) {
  c.id = r.str("id");
  c.reason = r.str("reason");
}
void read(JsonReader& r, PersonRegister& c) {
  c.id = r.str("id");
  c.name = r.str("name");
  c.unit = r.str("unit");
  c.position = r.opt_str("position");
}

Result<void> check(const ActorRegister& c) {
  DAUVET_TRY(field::id(c.id, "id", "actor id"));
  DAUVET_TRY(field::id(c.unit, "unit", "unit id"));
  DAUVET_TRY(field::one_of(c.role, "role", kRoles, "role"));
  return field::optional_line(c.name, "name");
}
Result<void> check(const ActorChangeRole& c) {
  DAUVET_TRY(field::id(c.id, "id", "actor id"));
  DAUVET_TRY(field::one_of(c.role, "role", kRoles, "role"));
  if (!c.unit.empty()) DAUVET_TRY(field::id(c.unit, "unit", "unit id"));
  return field::optional_line(c.reason, "reason");
}
Result<void> check(const ActorDeactivate& c) {
  DAUVET_TRY(field::id(c.id, "id", "actor id"));
  return field::line(c.reason, "reason");
}
Result<void> check(const PersonRegister& c) {
  DAUVET_TRY(field::id(c.id, "id", "person id"));
  DAUVET_TRY(field::line(c.name, "name"));
  DAUVET_TRY(field::id(c.unit, "unit", "unit id"));
  return field::optional_line(c.position, "position");
}

Result<Events> decide(const Context& ctx, const ActorRegister& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {}));
  if (ctx.world.actor(c.id)) return fail(Errc::conflict, "actor '" + c.id + "' is already registered", "id");
  DAUVET_TRY(require_unit(ctx, c.unit, "unit"));
  nlohmann::json payload = {{"id", c.id}, {"unit", c.unit}, {"role", c.role}};
  if (!c.name.empty()) payload["name"] = c.name;
  return Events{NewEvent{actor_stream(c.id), std::string(type::actor_registered), std::move(payload), 0, {}}};
}

Result<Events> decide(const Context& ctx, const ActorChangeRole& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {}));
  auto actor = require_actor(ctx, c.id);
  if (!actor) return fail(actor.error());
  if (!actor->active) {
    return fail(Errc::invalid_state, "actor '" + c.id + "' is deactivated; register a new actor instead");
  }
  const std::string unit = c.unit.empty() ? actor->unit : c.unit;
  DAUVET_TRY(require_unit(ctx, unit, "unit"));
  if (unit == actor->unit && c.role == actor->role) {
    return fail(Errc::invalid_argument, "actor '" + c.id + "' already is " + c.role + " of '" + unit + "'", "role");
  }
  nlohmann::json payload = {{"id", c.id},
                            {"role", c.role},
                            {"unit", unit},
                            {"previous_role", actor->role},
                            {"previous_unit", actor->unit}};
  if (!c.reason.empty()) payload["reason"] = c.reason;
  return Events{NewEvent{actor_stream(c.id), std::string(type::actor_role_changed), std::move(payload), {}, {}}};
}

Result<Events> decide(const Context& ctx, const ActorDeactivate& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {}));
  auto actor = require_actor(ctx, c.id);
  if (!actor) return fail(actor.error());
  if (!actor->active) return fail(Errc::invalid_state, "actor '" + c.id + "' is already deactivated");
  return Events{NewEvent{actor_stream(c.id), std::string(type::actor_deactivated),
                         {{"id", c.id}, {"reason", c.reason}}, {}, {}}};
}

Result<Events> decide(const Context& ctx, const PersonRegister& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::inspector}));
  if (ctx.world.person(c.id)) return fail(Errc::conflict, "person '" + c.id + "' is already registered", "id");
  // No unit scope: an inspection committee's subjects are outside its own unit (Ủy ban
  // Kiểm tra Tỉnh ủy examines members of every organisation of the province).
  DAUVET_TRY(require_unit(ctx, c.unit, "unit", false));
  nlohmann::json payload = {{"id", c.id}, {"name", c.name}, {"unit", c.unit}};
  if (!c.position.empty()) payload["position"] = c.position;
  return Events{NewEvent{person_stream(c.id), std::string(type::person_registered), std::move(payload), 0, {}}};
}

}  // namespace dauvet::events
