// Projects ledger entries into one generation of tables (tables.hpp), inside a write
// transaction: the writer's own, online, or a rebuild's. Both paths run this same code,
// which is what makes rebuilt tables byte-identical to the ones kept online.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/bounded_map.hpp"
#include "base/result.hpp"
#include "base/string_hash.hpp"
#include "core/entry.hpp"
#include "core/lmdb.hpp"
#include "core/store.hpp"
#include "projections/aggregate.hpp"
#include "projections/facts.hpp"
#include "projections/tables.hpp"

namespace dauvet::projections {

// The latest state of a stream and the subjects already linked to it.
struct StreamState {
  std::optional<AggregateState> state;  // nullopt for streams without an aggregate
  std::vector<std::string> linked;      // sorted
  std::string facts;                    // encode_facts of the state last stored; "" before
  std::vector<std::string> units;       // sorted: the units holding unit_facts rows of it now
};

// The writer thread's cache of latest states, so deciding and projecting do not decode the
// stored JSON again for every entry. Changes made in a batch stay apart until the batch
// commits: an abandoned batch must not leave states the tables do not have.
class StateCache {
 public:
  explicit StateCache(std::size_t limit = 200'000) : committed_(limit) {}
  StreamState* find(std::string_view stream);
  StreamState& put(std::string_view stream, StreamState state);  // into the batch
  void commit();
  // Unbatched, an abandoned batch forgets every state: nothing is left to fall back to.
  void abort() { batched_ ? batch_.clear() : clear(); }
  void clear() {
    batch_.clear();
    committed_.clear();
  }
  // A rebuild drops the whole cache when it fails, so it does not need the batch: states
  // are changed in place, without first copying each one into the batch (a deep copy of
  // every state the rebuild touches, once per entry, for an undo it never uses).
  void set_batched(bool batched) {
    commit();
    batched_ = batched;
  }

 private:
  std::unordered_map<std::string, StreamState, StringHash, std::equal_to<>> batch_;
  BoundedMap<StreamState> committed_;  // oldest forgotten first, a few per commit
  bool batched_ = true;
};

class WriteBehind;

class TableWriter {
 public:
  TableWriter(lmdb::Txn& txn, const Dbs& dbs, const Tables& tables, StateCache& cache)
      : txn_(&txn), dbs_(dbs), tables_(tables), cache_(cache) {}
  // The rebuild's: rows go to `behind`'s thread, and what must read the ledger (the streams
  // an erasure names) runs there, after the rows queued before it. Entries come stream by
  // stream (entry_feed.hpp), so the state and facts rows are appended; an erasure only adds
  // its timeline rows, since the payloads the rebuild reads are already erased.
  TableWriter(WriteBehind& behind, const Dbs& dbs, const Tables& tables, StateCache& cache)
      : behind_(&behind), dbs_(dbs), tables_(tables), cache_(cache) {}

  // Entry e with its payload bytes (nullopt once erased). Online, entries must come in
  // index order; in a rebuild, each stream's in version order, one stream after another.
  Result<void> project(const Entry& e, std::optional<std::string_view> payload);
  // The same, with the payload already parsed (null when erased or not JSON); `parsed` is
  // borrowed and given back as it was, so the thread that built it can free it.
  Result<void> project(const Entry& e, std::optional<std::string_view> payload, nlohmann::json& parsed);

  // The latest projected state of a stream; nullptr when the stream has none yet.
  Result<StreamState*> load(std::string_view stream);

 private:
  Result<void> project_state(StreamState& cached, const Entry& e, nlohmann::json& payload);
  Result<void> put_unit_facts(StreamState& cached, const std::vector<std::string>& related, bool facts_changed,
                              const Entry& e);
  Result<void> link(StreamState& cached, const std::string& subject, const std::string& stream, std::uint64_t index);
  // An erasure entry: the streams whose payloads it erased are folded again.
  Result<void> erase(const Entry& e, std::optional<std::string_view> payload);
  // After an erasure, online: every version of the stream before index `before` (the
  // erasure's) folded again from the payloads left, and the timeline and links its old
  // versions produced replaced by the new ones. Versions after it are not folded here, in
  // case the stream has any: they are projected when they come, and would be applied twice.
  Result<void> refold(const std::string& stream, std::uint64_t before);
  Result<void> touch(std::string_view subject, std::uint64_t index);
  Result<void> put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
  // The versioned key name 0x00 u64be index, in a buffer kept from row to row.
  std::string_view versioned(std::string_view name, std::uint64_t index);

  lmdb::Txn* txn_ = nullptr;        // exactly one of these two is set
  WriteBehind* behind_ = nullptr;
  const Dbs& dbs_;
  const Tables& tables_;
  StateCache& cache_;
  std::string key_;
  RelatedStreams related_;  // asked once an entry, in project_state
};

// The entry as the domain sees it.
events::RecordedEvent to_recorded(const Entry& e, nlohmann::json payload);

}  // namespace dauvet::projections
