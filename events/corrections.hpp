// Corrections and erasure: the only ways to amend what the ledger says, neither of which
// edits an entry.
//
// entry.correct {index, reason, kind, note?, corrected?} appends entry.corrected to the
// stream of the entry it is about, so the correction shows in that aggregate's history
// beside the entry it amends. kind "correction" says the entry was wrong (corrected holds
// the right values, as written); "annotation" adds context. A correction never changes an
// aggregate's state: a wrong lead or due date is changed by its own command (reassign,
// grant an extension), which is itself recorded. Who: admins, and any writing role whose
// subtree holds the unit of the actor who wrote the entry.
//
// payload.erase {indexes[], legal_basis, reason} appends payload.erased to the "erasures"
// stream; the ledger then deletes those payload bytes while every hash, chain link and
// proof stays valid (core/ledger.hpp). Admins only. Each index must exist, not be erased
// already, and be of an erasable type (event_types.hpp): personal data and free text
// about people, never the structure later rules depend on.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "events/json_reader.hpp"
#include "events/model.hpp"

namespace dauvet::events {

std::span<const std::string_view> correction_kinds();  // correction, annotation

struct EntryCorrect {
  static constexpr std::string_view kType = "entry.correct";
  std::uint64_t index = 0;
  std::string reason, kind, note;
  nlohmann::json corrected;  // object or null
};
struct PayloadErase {
  static constexpr std::string_view kType = "payload.erase";
  std::vector<std::uint64_t> indexes;
  std::string legal_basis, reason;
};

void read(JsonReader& r, EntryCorrect& c);
void read(JsonReader& r, PayloadErase& c);
Result<void> check(const EntryCorrect& c);
Result<void> check(const PayloadErase& c);
Result<Events> decide(const Context& ctx, const EntryCorrect& c);
Result<Events> decide(const Context& ctx, const PayloadErase& c);

}  // namespace dauvet::events
