#include "projections/table_writer.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "core/canonical_json.hpp"
#include "core/clock.hpp"
#include "projections/write_behind.hpp"

namespace dauvet::projections {

StreamState* StateCache::find(std::string_view stream) {
  if (!batched_) return committed_.find(stream);
  if (auto it = batch_.find(stream); it != batch_.end()) return &it->second;
  if (StreamState* c = committed_.find(stream)) {
    // Copied into the batch before anyone can change it, so an abandoned batch leaves the
    // committed state as it was.
    return &batch_.emplace(std::string(stream), *c).first->second;
  }
  return nullptr;
}

StreamState& StateCache::put(std::string_view stream, StreamState state) {
  if (!batched_) return committed_.insert_or_assign(stream, std::move(state));
  auto [it, fresh] = batch_.try_emplace(std::string(stream));
  it->second = std::move(state);
  return it->second;
}

void StateCache::commit() {
  for (auto& [k, v] : batch_) committed_.insert_or_assign(k, std::move(v));
  batch_.clear();
}

events::RecordedEvent to_recorded(const Entry& e, nlohmann::json payload) {
  events::RecordedEvent r;
  r.index = e.index;
  r.stream = e.stream;
  r.version = e.version;
  r.type = e.type;
  r.actor = events::Actor{e.actor.id, e.actor.unit, e.actor.role};
  r.recorded_at_ms = clock::parse_utc_ms(e.recorded_at).value_or(0);
  r.payload = std::move(payload);
  return r;
}

namespace {

constexpr std::string_view kUnitPrefix = "unit/";

bool has_prefix(std::string_view key, std::string_view prefix) {
  return key.size() == prefix.size() + 8 && key.substr(0, prefix.size()) == prefix;
}

nlohmann::json parse_payload(std::optional<std::string_view> payload) {
  return payload ? canonical::read_stored(*payload) : nlohmann::json(nullptr);
}

// Deletes every versioned row of one name (keys `prefix` u64be).
Result<void> erase_versions(lmdb::Txn& txn, MDB_dbi dbi, const std::string& prefix) {
  std::vector<std::string> keys;
  {
    auto cursor = lmdb::Cursor::open(txn, dbi);
    if (!cursor) return fail(cursor.error());
    for (auto item = cursor->seek(prefix);; item = cursor->next()) {
      if (!item) return fail(item.error());
      if (!*item || !has_prefix((*item)->key, prefix)) break;
      keys.emplace_back((*item)->key);
    }
  }
  for (const auto& key : keys) {
    if (auto r = txn.del(dbi, key); !r) return fail(r.error());
  }
  return {};
}

std::vector<std::string> linked_of(const AggregateState& state) {
  auto linked = related_streams(state);
  linked.push_back("@" + std::string(aggregate_name(state)));
  std::sort(linked.begin(), linked.end());
  return linked;
}

}  // namespace

Result<StreamState*> TableWriter::load(std::string_view stream) {
  if (StreamState* c = cache_.find(stream)) return c;
  // A rebuild fills empty tables stream by stream: one its cache does not hold is one it
  // has not reached yet.
  if (!empty_state(stream) || behind_ != nullptr) return nullptr;
  auto cursor = lmdb::Cursor::open(*txn_, tables_.state);
  if (!cursor) return fail(cursor.error());
  const std::string prefix = pkeys::prefix(stream);
  auto item = cursor->seek(pkeys::versioned(stream, std::numeric_limits<std::uint64_t>::max()));
  if (!item) return fail(item.error());
  item = *item ? cursor->prev() : cursor->last();
  if (!item) return fail(item.error());
  if (!*item || !has_prefix((*item)->key, prefix)) return nullptr;
  auto state = decode_state(stream, (*item)->value);
  if (!state) return fail(state.error());
  auto linked = linked_of(*state);
  // Facts are a function of the state, so these are the bytes of the stream's last facts
  // row, and these the units whose unit_facts rows are in force.
  auto facts = facts_of(*state);
  std::string stored = facts ? encode_facts(*facts) : std::string();
  auto units = facts ? holders(*facts, related_streams(*state)) : std::vector<std::string>{};
  return &cache_.put(stream, StreamState{std::move(*state), std::move(linked), std::move(stored), std::move(units)});
}

std::string_view TableWriter::versioned(std::string_view name, std::uint64_t index) {
  pkeys::versioned_into(key_, name, index);
  return key_;
}

Result<void> TableWriter::put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  if (behind_ != nullptr) {
    // The rebuild takes streams one after another (entry_feed.hpp), so the rows keyed by
    // stream come in key order: appended. One that is not is put in place (write_behind.hpp).
    if (flags == 0 && (dbi == tables_.state || dbi == tables_.facts)) flags = MDB_APPEND;
    behind_->put(dbi, key, value, flags);
    return {};
  }
  return txn_->put(dbi, key, value, flags);
}

Result<void> TableWriter::touch(std::string_view subject, std::uint64_t index) {
  return put(tables_.timeline, versioned(subject, index), "");
}

Result<void> TableWriter::link(StreamState& cached, const std::string& subject, const std::string& stream,
                               std::uint64_t index) {
  auto at = std::lower_bound(cached.linked.begin(), cached.linked.end(), subject);
  if (at != cached.linked.end() && *at == subject) return {};
  // NOOVERWRITE: a relation known before keeps the index where it began. A rebuild links
  // each stream's subjects once, while it folds that stream: a plain put, which it can hold.
  const unsigned flags = behind_ != nullptr ? 0 : MDB_NOOVERWRITE;
  if (auto r = put(tables_.links, pkeys::link(subject, stream), pkeys::u64(index), flags);
      !r && r.error().code != Errc::conflict) {
    return r;
  }
  cached.linked.insert(at, subject);
  return {};
}

Result<void> TableWriter::project_state(StreamState& cached, const Entry& e, nlohmann::json& payload) {
  AggregateState& state = *cached.state;
  events::RecordedEvent event = to_recorded(e, std::move(payload));
  apply_event(state, event);
  payload = std::move(event.payload);  // back to its owner, who frees it where it was made
  if (auto r = put(tables_.state, versioned(e.stream, e.index), encode_state(state)); !r) return r;
  const auto facts = facts_of(state);
  bool facts_changed = false;
  if (facts) {
    // Most entries (progress reports, findings) leave the facts as they were: no row.
    std::string bytes = encode_facts(*facts);
    if (bytes != cached.facts) {
      if (tables_.facts == 0) return fail(Errc::internal, "projecting into tables without facts");
      if (auto r = put(tables_.facts, versioned(e.stream, e.index), bytes); !r) return r;
      cached.facts = std::move(bytes);
      facts_changed = true;
    }
  }
  const auto related = related_.of(state);
  // A task's holder is its lead, one of its facts: unchanged facts, unchanged holder. An
  // inspection or case can gain a unit without a change of facts.
  if (facts && by_unit(*facts) && (facts_changed || facts->kind != Facts::Kind::task)) {
    if (auto r = put_unit_facts(cached, holders(*facts, related), facts_changed, e); !r) return r;
  }
  for (const auto& subject : related) {
    if (auto r = touch(subject, e.index); !r) return r;
    if (auto r = link(cached, subject, e.stream, e.index); !r) return r;
  }
  return link(cached, "@" + std::string(aggregate_name(state)), e.stream, e.index);
}

Result<void> TableWriter::put_unit_facts(StreamState& cached, const std::vector<std::string>& units, bool facts_changed,
                                         const Entry& e) {
  if (units.empty() && cached.units.empty()) return {};
  if (tables_.unit_facts == 0) return fail(Errc::internal, "projecting into tables without unit_facts");
  for (const auto& unit : units) {
    if (!facts_changed && std::binary_search(cached.units.begin(), cached.units.end(), unit)) continue;
    if (auto r = put(tables_.unit_facts, pkeys::unit_fact(unit, e.stream, e.index), cached.facts); !r) return r;
  }
  for (const auto& unit : cached.units) {  // no longer related: from here on it does not count it
    if (std::binary_search(units.begin(), units.end(), unit)) continue;
    if (auto r = put(tables_.unit_facts, pkeys::unit_fact(unit, e.stream, e.index), ""); !r) return r;
  }
  if (units != cached.units) cached.units = units;
  return {};
}

Result<void> TableWriter::project(const Entry& e, std::optional<std::string_view> payload) {
  nlohmann::json parsed = parse_payload(payload);
  return project(e, payload, parsed);
}

Result<void> TableWriter::project(const Entry& e, std::optional<std::string_view> payload, nlohmann::json& parsed) {
  if (auto r = touch(e.stream, e.index); !r) return r;
  if (auto r = put(tables_.actors, versioned(e.actor.id, e.index), ""); !r) return r;

  if (e.type == entry::kErasureType) return erase(e, payload);

  auto cached = load(e.stream);
  if (!cached) return fail(cached.error());
  StreamState* s = *cached;
  if (s == nullptr) {
    auto empty = empty_state(e.stream);
    if (!empty) return {};  // a stream the domain does not own: timeline and actor only
    s = &cache_.put(e.stream, StreamState{std::move(*empty), {}});
  }
  return project_state(*s, e, parsed);
}

Result<void> TableWriter::erase(const Entry& e, std::optional<std::string_view> payload) {
  auto targets = entry::erased_indexes(payload.value_or(""));
  if (!targets) return fail(Errc::corrupt, "erasure entry " + std::to_string(e.index) + ": " + targets.error().message);
  std::set<std::string> streams;
  auto read_streams = [&](lmdb::Txn& txn) -> Result<void> {
    LedgerView view(txn, dbs_);
    for (std::uint64_t target : *targets) {
      auto erased = view.entry(target);
      if (!erased) return fail(erased.error());
      streams.insert(erased->stream);
    }
    return {};
  };
  if (auto r = behind_ != nullptr ? behind_->call(read_streams) : read_streams(*txn_); !r) return r;
  for (const auto& stream : streams) {
    if (auto r = touch(stream, e.index); !r) return r;
    // A rebuild reads the payloads as they are now, every erasure done: it has already
    // folded each erased stream as a refold would, and holds none of it in its cache.
    if (behind_ != nullptr) continue;
    if (auto r = refold(stream, e.index); !r) return r;
  }
  return {};
}

Result<void> TableWriter::refold(const std::string& stream, std::uint64_t before) {
  auto fresh = empty_state(stream);
  if (!fresh) return {};
  // Undo what the old versions produced.
  std::set<std::string> old_subjects;
  {
    auto cursor = lmdb::Cursor::open(*txn_, tables_.state);
    if (!cursor) return fail(cursor.error());
    const std::string prefix = pkeys::prefix(stream);
    std::vector<std::pair<std::uint64_t, std::vector<std::string>>> versions;
    for (auto item = cursor->seek(prefix);; item = cursor->next()) {
      if (!item) return fail(item.error());
      if (!*item || !has_prefix((*item)->key, prefix)) break;
      auto old = decode_state(stream, (*item)->value);
      if (!old) return fail(old.error());
      versions.emplace_back(pkeys::read_u64((*item)->key.substr(prefix.size())), linked_of(*old));
    }
    for (const auto& [index, subjects] : versions) {
      for (const auto& subject : subjects) {
        old_subjects.insert(subject);
        if (subject.front() == '@') continue;
        if (auto r = txn_->del(tables_.timeline, pkeys::versioned(subject, index)); !r) return fail(r.error());
      }
    }
  }
  for (const auto& subject : old_subjects) {
    if (auto r = txn_->del(tables_.links, pkeys::link(subject, stream)); !r) return fail(r.error());
    if (subject.starts_with(kUnitPrefix)) {
      std::string prefix = pkeys::prefix(subject);
      prefix.append(stream);
      prefix.push_back('\0');
      if (auto r = erase_versions(*txn_, tables_.unit_facts, prefix); !r) return r;
    }
  }
  // Folding again may change facts at other versions than before: none of the old rows stay.
  if (auto r = erase_versions(*txn_, tables_.facts, pkeys::prefix(stream)); !r) return r;
  // Fold again from what the ledger holds now.
  LedgerView view(*txn_, dbs_);
  StreamState& s = cache_.put(stream, StreamState{std::move(*fresh), {}});
  for (std::uint64_t version = 1;; ++version) {
    auto index = view.stream_index(stream, version);
    if (!index) return fail(index.error());
    if (!*index || **index >= before) break;
    auto e = view.entry(**index);
    if (!e) return fail(e.error());
    auto payload = view.payload(**index);
    if (!payload) return fail(payload.error());
    nlohmann::json parsed = parse_payload(*payload);
    if (auto r = project_state(s, *e, parsed); !r) return r;
  }
  return {};
}

}  // namespace dauvet::projections
