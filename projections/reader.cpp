#include "projections/reader.hpp"

#include <algorithm>
#include <limits>

#include "core/clock.hpp"
#include "core/entry.hpp"
#include "projections/decoded_states.hpp"

namespace dauvet::projections {

namespace {

Result<lmdb::Cursor*> cursor_on(lmdb::Cursor& cursor, const lmdb::Txn& txn, MDB_dbi dbi) {
  if (!cursor.is_open()) {
    auto c = lmdb::Cursor::open(txn, dbi);
    if (!c) return fail(c.error());
    cursor = std::move(*c);
  }
  return &cursor;
}

}  // namespace

Result<std::optional<Reader::Row>> Reader::row_at(MDB_dbi dbi, std::string_view stream, std::uint64_t at) const {
  auto cursor = cursor_on(dbi == tables_.facts ? facts_cursor_ : state_cursor_, view_.txn(), dbi);
  if (!cursor) return fail(cursor.error());
  // The first key past `at`, then one back: the version in force at `at`. (No entry has
  // the index 2^64-1, so seeking to it for "latest" cannot land on a real version.)
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  pkeys::versioned_into(key_, stream, at == kMax ? kMax : at + 1);
  auto item = (*cursor)->seek(key_);
  if (!item) return fail(item.error());
  item = *item ? (*cursor)->prev() : (*cursor)->last();
  if (!item) return fail(item.error());
  if (!*item) return std::optional<Row>{};
  const auto key = (*item)->key;
  const std::size_t prefix = stream.size() + 1;
  if (key.size() != prefix + 8 || key.substr(0, prefix) != std::string_view(key_).substr(0, prefix))
    return std::optional<Row>{};
  // The bytes live in the map until the read transaction ends, past this cursor.
  return std::optional<Row>{Row{(*item)->value, pkeys::read_u64(key.substr(prefix))}};
}

Result<std::optional<Versioned>> Reader::state_at(std::string_view stream, std::uint64_t at) const {
  auto row = row_at(tables_.state, stream, at);
  if (!row) return fail(row.error());
  if (!*row) return std::optional<Versioned>{};
  auto state = tables_.decoded ? tables_.decoded->decode(stream, (*row)->value) : decode_state(stream, (*row)->value);
  if (!state) return fail(state.error());
  return std::optional<Versioned>{Versioned{std::move(*state), (*row)->index}};
}

Result<std::optional<Facts>> Reader::facts_at(std::string_view stream, std::uint64_t at) const {
  if (tables_.facts == 0) {  // tables of an older schema, until their rebuild
    auto v = state_at(stream, at);
    if (!v) return fail(v.error());
    return *v ? facts_of((*v)->state) : std::nullopt;
  }
  auto row = row_at(tables_.facts, stream, at);
  if (!row) return fail(row.error());
  if (!*row) return std::optional<Facts>{};
  auto facts = decode_facts((*row)->value);
  if (!facts) return fail(Errc::corrupt, "facts of '" + std::string(stream) + "': " + facts.error().message);
  return std::optional<Facts>{std::move(*facts)};
}

Result<void> Reader::unit_facts(std::string_view unit, std::uint64_t at, std::vector<StreamFacts>& out) const {
  if (tables_.unit_facts == 0) return derived_unit_facts(unit, at, out);
  auto cursor = cursor_on(unit_facts_cursor_, view_.txn(), tables_.unit_facts);
  if (!cursor) return fail(cursor.error());
  key_.assign(unit);
  key_.push_back('\0');
  const std::size_t name_at = key_.size();
  // The rows of one stream come together, oldest first: the last at or before `at` holds.
  std::string_view stream, in_force;
  auto emit = [&]() -> Result<void> {
    if (in_force.empty()) return {};  // none yet, or the unit stopped being related
    auto facts = decode_facts(in_force);
    if (!facts) return fail(Errc::corrupt, "unit facts of '" + std::string(stream) + "': " + facts.error().message);
    out.push_back(StreamFacts{stream, std::move(*facts)});
    return {};
  };
  for (auto item = (*cursor)->seek(key_);; item = (*cursor)->next()) {
    if (!item) return fail(item.error());
    if (!*item || !(*item)->key.starts_with(key_)) break;
    const std::string_view key = (*item)->key;
    if (key.size() < name_at + 10 || key[key.size() - 9] != '\0') return fail(Errc::corrupt, "a unit facts key is malformed");
    const std::string_view name = key.substr(name_at, key.size() - 9 - name_at);
    if (name != stream) {
      if (auto r = emit(); !r) return r;
      stream = name;
      in_force = {};
    }
    if (pkeys::read_u64(key.substr(key.size() - 8)) <= at) in_force = (*item)->value;
  }
  return emit();
}

Result<void> Reader::derived_unit_facts(std::string_view unit, std::uint64_t at, std::vector<StreamFacts>& out) const {
  std::vector<std::string_view> streams;
  for (const char* prefix : {"case/", "inspection/", "task/"}) {
    if (auto r = linked_views(unit, prefix, at, streams); !r) return r;
  }
  for (const auto stream : streams) {
    auto v = state_at(stream, at);
    if (!v) return fail(v.error());
    if (!*v) continue;
    auto facts = facts_of((*v)->state);
    if (!facts) continue;
    const auto units = holders(*facts, related_streams((*v)->state));
    if (std::binary_search(units.begin(), units.end(), unit)) out.push_back(StreamFacts{stream, std::move(*facts)});
  }
  return {};
}

Result<std::vector<std::string>> Reader::linked(std::string_view subject, std::string_view prefix,
                                                std::uint64_t at) const {
  std::vector<std::string_view> views;
  if (auto r = linked_views(subject, prefix, at, views); !r) return fail(r.error());
  return std::vector<std::string>(views.begin(), views.end());
}

Result<void> Reader::linked_views(std::string_view subject, std::string_view prefix, std::uint64_t at,
                                  std::vector<std::string_view>& out) const {
  auto cursor = cursor_on(links_cursor_, view_.txn(), tables_.links);
  if (!cursor) return fail(cursor.error());
  key_.assign(subject);
  key_.push_back('\0');
  key_.append(prefix);
  const std::size_t name_at = key_.size() - prefix.size();
  for (auto item = (*cursor)->seek(key_);; item = (*cursor)->next()) {
    if (!item) return fail(item.error());
    if (!*item || !(*item)->key.starts_with(key_)) break;
    if ((*item)->value.size() != 8) return fail(Errc::corrupt, "a link's first index is not 8 bytes");
    if (pkeys::read_u64((*item)->value) <= at) out.push_back((*item)->key.substr(name_at));
  }
  return {};
}

Result<IndexPage> Reader::page(MDB_dbi dbi, std::string_view name, std::uint64_t at,
                               std::optional<std::uint64_t> after, std::size_t limit) const {
  IndexPage out;
  if (after && *after >= at) return out;
  auto cursor = lmdb::Cursor::open(view_.txn(), dbi);
  if (!cursor) return fail(cursor.error());
  const std::string prefix = pkeys::prefix(name);
  for (auto item = cursor->seek(pkeys::versioned(name, after ? *after + 1 : 0));; item = cursor->next()) {
    if (!item) return fail(item.error());
    if (!*item) break;
    const auto key = (*item)->key;
    if (key.size() != prefix.size() + 8 || key.substr(0, prefix.size()) != prefix) break;
    const std::uint64_t index = pkeys::read_u64(key.substr(prefix.size()));
    if (index > at) break;
    if (out.indexes.size() == limit) {
      out.next_after = out.indexes.back();
      break;
    }
    out.indexes.push_back(index);
  }
  return out;
}

Result<IndexPage> Reader::timeline(std::string_view subject, std::uint64_t at, std::optional<std::uint64_t> after,
                                   std::size_t limit) const {
  return page(tables_.timeline, subject, at, after, limit);
}

Result<IndexPage> Reader::activity(std::string_view actor_id, std::uint64_t at, std::optional<std::uint64_t> after,
                                   std::size_t limit) const {
  return page(tables_.actors, actor_id, at, after, limit);
}

Result<std::optional<std::uint64_t>> index_at_time(const LedgerView& view, std::int64_t unix_ms) {
  auto size = view.size();
  if (!size) return fail(size.error());
  auto recorded = [&](std::uint64_t i) -> Result<std::int64_t> {
    auto e = view.entry(i);
    if (!e) return fail(e.error());
    auto ms = clock::parse_utc_ms(e->recorded_at);
    if (!ms) return fail(Errc::corrupt, "entry " + std::to_string(i) + " has an unreadable recorded_at");
    return *ms;
  };
  // Invariant: entries before lo are at or before unix_ms, entries from hi on are after it.
  std::uint64_t lo = 0, hi = *size;
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    auto t = recorded(mid);
    if (!t) return fail(t.error());
    if (*t <= unix_ms) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo == 0) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{lo - 1};
}

}  // namespace dauvet::projections
