// Actors (people who use the system: one unit, one role) and persons (subjects of
// inspection and discipline).
//
// The registry makes a token's rights revocable from inside the ledger: when an actor is
// registered, every write checks the token against it, so a deactivated actor, or a token
// still carrying an old role or unit, is refused from the entry that changed it onwards.
// Tokens of actors never registered (the local operator) are taken as they are.
//
// A person's identifying data (name, position) lives only in the person.registered
// payload, which an admin may erase (payload.erase) without breaking any rule: inspections
// and cases refer to the person by id.
//
//   actor.register     {id, unit, role, name?}            -> actor.registered    (admin)
//   actor.change_role  {id, role, unit?, reason?}         -> actor.role_changed  (admin)
//   actor.deactivate   {id, reason}                       -> actor.deactivated   (admin)
//   person.register    {id, name, unit, position?}        -> person.registered   (admin, inspector)
#pragma once

#include <string>
#include <string_view>

#include "events/json_reader.hpp"
#include "events/model.hpp"

namespace dauvet::events {

struct ActorState {
  StreamMeta meta;
  std::string id;
  std::string name;
  std::string unit;
  std::string role;
  bool active = true;
  friend bool operator==(const ActorState&, const ActorState&) = default;
};
void apply(ActorState& state, const RecordedEvent& event);

struct PersonState {
  StreamMeta meta;
  std::string id;
  std::string name;      // empty once erased
  std::string unit;      // the organisation the person belongs to
  std::string position;  // chức vụ, as written
  bool erased = false;
  friend bool operator==(const PersonState&, const PersonState&) = default;
};
void apply(PersonState& state, const RecordedEvent& event);

struct ActorRegister {
  static constexpr std::string_view kType = "actor.register";
  std::string id, unit, role, name;
};
struct ActorChangeRole {
  static constexpr std::string_view kType = "actor.change_role";
  std::string id, role, unit, reason;  // unit empty: unchanged
};
struct ActorDeactivate {
  static constexpr std::string_view kType = "actor.deactivate";
  std::string id, reason;
};
struct PersonRegister {
  static constexpr std::string_view kType = "person.register";
  std::string id, name, unit, position;
};

void read(JsonReader& r, ActorRegister& c);
void read(JsonReader& r, ActorChangeRole& c);
void read(JsonReader& r, ActorDeactivate& c);
void read(JsonReader& r, PersonRegister& c);
Result<void> check(const ActorRegister& c);
Result<void> check(const ActorChangeRole& c);
Result<void> check(const ActorDeactivate& c);
Result<void> check(const PersonRegister& c);
Result<Events> decide(const Context& ctx, const ActorRegister& c);
Result<Events> decide(const Context& ctx, const ActorChangeRole& c);
Result<Events> decide(const Context& ctx, const ActorDeactivate& c);
Result<Events> decide(const Context& ctx, const PersonRegister& c);

}  // namespace dauvet::events
