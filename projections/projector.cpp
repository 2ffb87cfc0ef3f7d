#include "projections/projector.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "projections/entry_feed.hpp"
#include "projections/held_rows.hpp"
#include "projections/write_behind.hpp"

namespace dauvet::projections {

namespace {
// A rebuild's cache: the stream being projected is the one inserted last, so it is never
// the one evicted, and a stream once left is not seen again.
constexpr std::size_t kRebuildCacheStates = 4;
}  // namespace

Result<void> Projector::open(lmdb::Txn& txn, const Dbs& dbs) {
  dbs_ = dbs;
  auto meta = open_meta(txn);
  if (!meta) return fail(meta.error());
  if (!*meta) {  // read-only, and no projections were ever written
    needs_rebuild_ = true;
    return {};
  }
  meta_ = **meta;
  auto active = active_generation(txn, meta_);
  if (!active) return fail(active.error());
  const std::uint32_t g = active->value_or(1);
  auto tables = open_tables(txn, g);
  if (!tables) return fail(tables.error());
  if (!*tables) {
    needs_rebuild_ = true;
    return {};
  }
  auto info = generation_info(txn, meta_, g);
  if (!info) return fail(info.error());
  if (!*active && txn.writable()) {
    if (auto r = set_active_generation(txn, meta_, g); !r) return r;
    if (auto r = set_generation_info(txn, meta_, g, GenerationInfo{kSchemaVersion, 0}); !r) return r;
    *info = GenerationInfo{kSchemaVersion, 0};
  }
  const std::uint32_t schema = *info ? (*info)->schema : 0;
  const bool this_schema = schema == kSchemaVersion;
  active_ = **tables;
  // Tables an older schema never filled (a newer one's may mean something else).
  if (schema < 2 || schema > kSchemaVersion) active_.facts = 0;
  if (!this_schema) active_.unit_facts = 0;
  applied_ = batch_applied_ = *info ? (*info)->applied : 0;
  auto size = LedgerView(txn, dbs).size();
  if (!size) return fail(size.error());
  needs_rebuild_ = !this_schema || applied_ != *size;
  std::lock_guard lock(mu_);
  catalog_[g] = active_;
  return {};
}

Result<void> Projector::on_entry(lmdb::Txn& txn, const Entry& entry, std::string_view payload) {
  if (needs_rebuild_ || entry.index != batch_applied_) {
    return fail(Errc::internal, "projections reflect " + std::to_string(batch_applied_) +
                                    " entries and cannot take entry " + std::to_string(entry.index) +
                                    (needs_rebuild_ ? " before a rebuild" : ""));
  }
  TableWriter writer(txn, dbs_, active_, cache_);
  if (auto r = writer.project(entry, payload); !r) return r;
  ++batch_applied_;
  return set_generation_info(txn, meta_, active_.generation, GenerationInfo{kSchemaVersion, batch_applied_});
}

void Projector::end_batch(bool committed, std::uint64_t) {
  if (committed) {
    applied_ = batch_applied_;
    cache_.commit();
  } else {
    batch_applied_ = applied_;
    cache_.abort();
  }
}

Result<StreamState*> Projector::current(lmdb::Txn& txn, std::string_view stream) {
  TableWriter writer(txn, dbs_, active_, cache_);
  return writer.load(stream);
}

Result<Tables> Projector::tables_for(const lmdb::Txn& txn) const {
  if (meta_ == 0) return fail(Errc::unavailable, "this ledger has no projections yet (run: dauvet rebuild DIR)");
  auto g = active_generation(txn, meta_);
  if (!g) return fail(g.error());
  if (!*g) return fail(Errc::unavailable, "this ledger has no projections yet (run: dauvet rebuild DIR)");
  std::lock_guard lock(mu_);
  auto it = catalog_.find(**g);
  if (it == catalog_.end()) return fail(Errc::unavailable, "the projections are being switched; retry");
  Tables out = it->second;
  out.decoded = &decoded_;
  return out;
}

Result<void> Projector::project_range(Ledger& ledger, const Tables& tables, StateCache& cache, std::uint64_t to,
                                      const std::function<void(const RebuildProgress&)>& progress,
                                      const RebuildLimits& limits) {
  EntryFeed feed(ledger, to, std::min<std::uint64_t>(limits.chunk, 512));
  // The state and facts rows come in key order from a feed that goes stream by stream;
  // the rows keyed by another name first (a subject, an actor, a unit) wait to be sorted.
  // The first table's order is worked out while nothing else runs, the others' while the
  // tables before them are written: links first (its rows come in order), the timeline last
  // (its unit and directive groups are the long sorts).
  WriteBehind behind(ledger.env(), std::make_unique<HeldRows>(std::vector<MDB_dbi>{tables.links, tables.actors,
                                                                                   tables.unit_facts, tables.timeline},
                                                              limits.held_bytes));
  TableWriter writer(behind, dbs_, tables, cache);
  // `applied` counts rows still held too: the generation is not read before it is
  // complete and switched to, and a rebuild that died is begun again from nothing.
  auto record_end = [this, &tables](std::uint64_t end) {
    return [this, &tables, end](lmdb::Txn& txn) {
      return set_generation_info(txn, meta_, tables.generation, GenerationInfo{kSchemaVersion, end});
    };
  };
  // A chunk's commit is written and synced on the write thread while this one projects
  // the next chunk; it is waited for before the next commit is queued.
  WriteBehind::Ticket in_flight;
  std::uint64_t in_flight_end = 0;
  auto settle = [&]() -> Result<void> {
    if (!in_flight) return {};
    auto r = behind.wait(in_flight);
    in_flight.reset();
    if (!r) return r;
    if (progress) progress(RebuildProgress{in_flight_end, to});
    return {};
  };
  auto commit = [&](std::uint64_t end) -> Result<void> {
    if (auto r = settle(); !r) return r;
    in_flight = behind.commit_async(record_end(end));
    in_flight_end = end;
    return {};
  };
  auto attempt = [&]() -> Result<void> {
    for (std::uint64_t next = 0; next < to;) {
      const std::uint64_t end = std::min(to, next + limits.chunk);
      while (next < end) {
        auto slice = feed.next();
        if (!slice) return fail(slice.error());
        if (slice->empty()) return fail(Errc::internal, "the entry feed ended at " + std::to_string(next));
        next += slice->size();
        for (auto& fed : *slice) {
          if (auto r = writer.project(fed.entry, fed.payload, fed.parsed); !r) return r;
        }
        feed.recycle(std::move(*slice));
      }
      if (auto r = commit(next); !r) return r;
    }
    // The held rows, in key order, committed every kReleaseCommitBytes so that no
    // transaction grows past what LMDB keeps dirty in memory.
    constexpr std::size_t kReleaseCommitBytes = std::size_t{64} << 20;
    if (auto r = settle(); !r) return r;
    if (auto r = behind.wait(behind.release_async(record_end(to), kReleaseCommitBytes)); !r) return r;
    if (auto r = commit(to); !r) return r;
    return settle();
  };
  auto r = attempt();
  if (!r) {
    (void)settle();
    behind.recover();  // whatever the write thread holds is abandoned, queued rows and all
  }
  return r;
}

Result<void> Projector::rebuild(Ledger& ledger, const std::function<void(const RebuildProgress&)>& progress,
                                std::uint64_t chunk, std::size_t held_bytes) {
  std::uint32_t g = 0;
  Tables fresh;
  std::uint64_t size = 0;
  std::optional<StateCache> cache;
  // A map that fills during the rebuild is grown, and the rebuild begun again: the rows
  // held in memory (held_rows.hpp) would otherwise have to be sorted out into those that
  // reached the tables and those lost with the failed transaction. A map that is grown
  // doubles, so this happens a few times in the life of a ledger at most.
  for (;;) {
    for (;;) {
      auto txn = lmdb::Txn::begin_write(ledger.env());
      if (!txn) return fail(txn.error());
      auto meta = open_meta(*txn);
      if (!meta) return fail(meta.error());
      meta_ = **meta;
      auto active = active_generation(*txn, meta_);
      if (!active) return fail(active.error());
      g = active->value_or(2) == 1 ? 2 : 1;
      if (auto r = clear_tables(*txn, meta_, g); !r) return r;  // a rebuild that died half-way
      auto tables = open_tables(*txn, g);
      if (!tables) return fail(tables.error());
      fresh = **tables;
      if (auto r = set_generation_info(*txn, meta_, g, GenerationInfo{kSchemaVersion, 0}); !r) return r;
      auto n = LedgerView(*txn, dbs_).size();
      if (!n) return fail(n.error());
      size = *n;
      auto committed = txn->commit();
      if (committed) break;
      if (!lmdb::is_map_full(committed.error())) return committed;
      if (auto grown = ledger.grow_map(); !grown) return grown;
    }
    {
      std::lock_guard lock(mu_);
      catalog_[g] = fresh;
    }
    cache.emplace(kRebuildCacheStates);
    cache->set_batched(false);
    auto r = project_range(ledger, fresh, *cache, size, progress, RebuildLimits{chunk, held_bytes});
    if (r) break;
    if (!lmdb::is_map_full(r.error())) return r;
    if (auto grown = ledger.grow_map(); !grown) return grown;
  }

  for (;;) {
    auto txn = lmdb::Txn::begin_write(ledger.env());
    if (!txn) return fail(txn.error());
    auto n = LedgerView(*txn, dbs_).size();
    if (!n) return fail(n.error());
    if (*n != size) return fail(Errc::conflict, "the ledger grew during the rebuild; run it with the writer stopped");
    if (auto r = set_active_generation(*txn, meta_, g); !r) return r;
    if (active_.generation != 0 && active_.generation != g) {
      if (auto r = clear_tables(*txn, meta_, active_.generation); !r) return r;
    }
    auto committed = txn->commit();
    if (committed) break;
    if (!lmdb::is_map_full(committed.error())) return committed;
    if (auto grown = ledger.grow_map(); !grown) return grown;
  }
  {
    std::lock_guard lock(mu_);
    catalog_[g] = fresh;  // the old generation's handles stay: readers may still be using them
  }
  active_ = fresh;
  applied_ = batch_applied_ = size;
  cache_ = StateCache();  // the rebuild's held only its last streams; the writer reads the rest as it needs them
  needs_rebuild_ = false;
  return {};
}

}  // namespace dauvet::projections
