#include "events/corrections.hpp"

#include <algorithm>
#include <array>

#include "events/authz.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/streams.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

constexpr auto kKinds = std::to_array<std::string_view>({"correction", "annotation"});

Result<EntryInfo> require_entry(const Context& ctx, std::uint64_t index, const std::string& f) {
  auto entry = ctx.world.entry(index);
  if (!entry) {
    const auto size = ctx.world.size();
    return fail(Errc::not_found,
                "ledger index " + std::to_string(index) + " does not exist; the ledger holds indexes 0 to " +
                    (size == 0 ? std::string("(none)") : std::to_string(size - 1)),
                f);
  }
  return *entry;
}

std::string erasable_list() {
  std::string out;
  for (auto t : type::all()) {
    if (type::erasable(t)) out += (out.empty() ? "" : ", ") + std::string(t);
  }
  return out;
}

}  // namespace

std::span<const std::string_view> correction_kinds() { return kKinds; }

void read(JsonReader& r, EntryCorrect& c) {
  c.index = r.index("index");
  c.kind = r.str("kind");
  c.reason = r.str("reason");
  c.note = r.opt_str("note");
  c.corrected = r.raw_object("corrected", false);
}

void read(JsonReader& r, PayloadErase& c) {
  c.indexes = r.indexes("indexes", true);
  c.legal_basis = r.str("legal_basis");
  c.reason = r.str("reason");
}

Result<void> check(const EntryCorrect& c) {
  DAUVET_TRY(field::one_of(c.kind, "kind", kKinds, "kind (correction: the entry was wrong; annotation: context)"));
  DAUVET_TRY(field::text(c.reason, "reason"));
  DAUVET_TRY(field::optional_text(c.note, "note"));
  if (!c.corrected.is_null() && !c.corrected.is_object()) {
    return fail(Errc::invalid_argument, "must be an object of the corrected values", "corrected");
  }
  if (c.kind == "correction" && c.corrected.is_null() && c.note.empty()) {
    return fail(Errc::invalid_argument,
                "is required for a correction, unless a note says what is right: the corrected values, as written",
                "corrected");
  }
  return {};
}

Result<void> check(const PayloadErase& c) {
  if (c.indexes.empty()) return fail(Errc::invalid_argument, "must name at least one ledger index", "indexes");
  if (c.indexes.size() > field::kListMax) return fail(Errc::invalid_argument, "names too many entries", "indexes");
  for (std::size_t i = 0; i < c.indexes.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (c.indexes[j] == c.indexes[i]) {
        return fail(Errc::invalid_argument, "names ledger index " + std::to_string(c.indexes[i]) + " twice",
                    field::at("indexes", i));
      }
    }
  }
  DAUVET_TRY(field::text(c.legal_basis, "legal_basis"));
  return field::text(c.reason, "reason");
}

Result<Events> decide(const Context& ctx, const EntryCorrect& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::issuer, Role::clerk, Role::inspector}));
  auto entry = require_entry(ctx, c.index, "index");
  if (!entry) return fail(entry.error());
  DAUVET_TRY(require_scope(ctx, entry->actor.unit, "the unit of the actor who wrote the entry"));
  nlohmann::json payload = {{"index", c.index}, {"type", entry->type}, {"kind", c.kind}, {"reason", c.reason}};
  if (!c.note.empty()) payload["note"] = c.note;
  if (c.corrected.is_object()) payload["corrected"] = c.corrected;
  return Events{NewEvent{entry->stream, std::string(type::entry_corrected), std::move(payload), std::nullopt, {}}};
}

Result<Events> decide(const Context& ctx, const PayloadErase& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {}));
  for (std::size_t i = 0; i < c.indexes.size(); ++i) {
    const std::string f = field::at("indexes", i);
    auto entry = require_entry(ctx, c.indexes[i], f);
    if (!entry) return fail(entry.error());
    if (entry->erased) {
      return fail(Errc::invalid_state, "the payload of ledger index " + std::to_string(c.indexes[i]) +
                                           " is already erased",
                  f);
    }
    if (!type::erasable(entry->type)) {
      return fail(Errc::invalid_argument,
                  "ledger index " + std::to_string(c.indexes[i]) + " is a " + entry->type +
                      ", whose payload later rules depend on; only these may be erased: " + erasable_list(),
                  f);
    }
  }
  std::vector<std::uint64_t> sorted = c.indexes;
  std::sort(sorted.begin(), sorted.end());
  nlohmann::json payload = {{"erased", sorted}, {"legal_basis", c.legal_basis}, {"reason", c.reason}};
  return Events{NewEvent{std::string(kErasureStream), std::string(type::payload_erased), std::move(payload),
                         std::nullopt, std::move(sorted)}};
}

}  // namespace dauvet::events
