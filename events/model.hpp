// The vocabulary every aggregate shares: who acts, what was recorded, what is to be
// appended, and the bookkeeping each aggregate state carries about its own stream.
//
// The domain is pure. `decide(Context, Command)` (commands.hpp) reads current state only
// through the World interface (world.hpp) and returns NewEvents or an Error; `apply(State,
// RecordedEvent)` (one overload per aggregate) folds an appended event into its state. The
// writer runs decide inside its write transaction, so a rule that only one of two racing
// commands may pass (a unique symbol, a single pending extension request) is checked
// against state that already includes every earlier command of the same batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace dauvet::events {

// Always the authenticated token's actor, never taken from a request body. Same shape as
// the ledger entry's actor (core/entry.hpp), which the events layer does not depend on.
struct Actor {
  std::string id;
  std::string unit;
  std::string role;
  friend bool operator==(const Actor&, const Actor&) = default;
};

enum class Role { admin, issuer, clerk, inspector, oversight, verifier };

std::optional<Role> parse_role(std::string_view name);
std::string_view role_name(Role role);

// An event as the ledger holds it, handed to apply().
struct RecordedEvent {
  std::uint64_t index = 0;    // ledger index, from 0
  std::string stream;
  std::uint64_t version = 0;  // 1-based within the stream
  std::string type;
  Actor actor;
  std::int64_t recorded_at_ms = 0;  // server UTC, ms since the epoch
  // The payload object; null once erased by a later payload.erased entry. apply() must
  // cope: only erasable event types (event_types.hpp) can ever arrive without a payload.
  nlohmann::json payload;
};

// An event decide() wants appended; maps one to one onto core's AppendRequest.
struct NewEvent {
  std::string stream;
  std::string type;
  nlohmann::json payload;  // an object; integers only, no floats
  // 0: the stream must be new (creation events). nullopt: any version; the writer may
  // still apply the request's If-Match to the command's primary stream.
  std::optional<std::uint64_t> expected_version;
  std::vector<std::uint64_t> erase_payloads;  // only for payload.erased
};

using Events = std::vector<NewEvent>;

// A JSON value set rarely and written often: a task's schedule is copied into every stored
// state of the task. Its compact text is made once, when the value is set, and the state
// encoder copies that text instead of serialising the value for every entry.
class JsonText {
 public:
  JsonText() = default;
  JsonText(nlohmann::json value) : value_(std::move(value)), text_(value_.dump()) {}  // NOLINT: from payload members
  const nlohmann::json& value() const { return value_; }
  const std::string& text() const { return text_; }
  friend bool operator==(const JsonText& a, const JsonText& b) { return a.text_ == b.text_; }

 private:
  nlohmann::json value_;
  std::string text_ = "null";
};

// What every aggregate state knows about its own stream.
struct StreamMeta {
  std::string stream;
  std::uint64_t version = 0;     // events applied; equals the stream version in the ledger
  std::uint64_t first_index = 0;
  std::uint64_t last_index = 0;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  // Indexes of entry.corrected events about entries of this stream (annotations only:
  // a correction never changes state; the entry it corrects stays as recorded).
  std::vector<std::uint64_t> corrections;
  friend bool operator==(const StreamMeta&, const StreamMeta&) = default;
};

// Updates meta for any event; true when the event was an entry.corrected, which the
// aggregate's own apply then ignores.
bool apply_meta(StreamMeta& meta, const RecordedEvent& event);

class World;

struct Context {
  Actor actor;
  std::int64_t now_ms = 0;  // the recorded_at every event of this command will carry
  const World& world;
};

}  // namespace dauvet::events
