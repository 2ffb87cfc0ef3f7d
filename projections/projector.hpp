// The projections' write side: a WriteHook that projects every entry into the active
// generation of tables inside the writer's transaction, and the rebuild that fills a new
// generation from the entries.
//
// Lifecycle. Ledger::open calls open() in its first transaction: the active generation is
// found, or generation 1 is created for a new ledger. If that generation was made by
// another schema version, or is behind the ledger (a ledger written before projections
// existed, or by a tool that ran without them), needs_rebuild() says so and the owner must
// call rebuild() before submitting anything: on_entry refuses to project an entry out of
// order rather than leave a gap. open_domain_ledger() (domain_ledger.hpp) does all this.
//
// Reads from other threads go through tables_for(), which hands out the handles opened
// here, because LMDB forbids opening database handles in concurrent transactions.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include "core/ledger.hpp"
#include "projections/decoded_states.hpp"
#include "projections/table_writer.hpp"
#include "projections/tables.hpp"

namespace dauvet::projections {

struct RebuildProgress {
  std::uint64_t done = 0;
  std::uint64_t total = 0;
};

class Projector final : public WriteHook {
 public:
  Projector() = default;

  Result<void> open(lmdb::Txn& txn, const Dbs& dbs) override;
  void begin_batch() override {}
  Result<void> on_entry(lmdb::Txn& txn, const Entry& entry, std::string_view payload) override;
  void end_batch(bool committed, std::uint64_t size) override;

  // After open(): the tables must be rebuilt before the writer may project.
  bool needs_rebuild() const { return needs_rebuild_; }

  // Fills a new generation from every entry of the ledger in transactions of `chunk`
  // entries, then makes it active and drops the old one in one transaction. Readers use
  // the old generation until that moment. Must not run while commands are being written.
  // The entries are projected stream by stream (entry_feed.hpp), so only the state being
  // folded is held in memory. Up to `held_bytes` of rows wait in memory to be written in
  // key order (held_rows.hpp); past it they are written, and the next ones held again.
  Result<void> rebuild(Ledger& ledger, const std::function<void(const RebuildProgress&)>& progress = {},
                       std::uint64_t chunk = kDefaultChunk, std::size_t held_bytes = kDefaultHeldBytes);
  // Each chunk's commit rewrites and syncs the state pages its entries touched; on
  // 1,000,000 entries 50,000 a chunk rebuilt 14% faster than 20,000, and 100,000 or
  // 250,000 no faster than 50,000 (BENCHMARKS.md).
  static constexpr std::uint64_t kDefaultChunk = 50'000;
  // ~180 MB are held for a 1,000,000-entry ledger of the bench's province-years.
  static constexpr std::size_t kDefaultHeldBytes = std::size_t{512} << 20;

  // On the writer thread, inside a batch: the state decide() sees.
  Result<StreamState*> current(lmdb::Txn& txn, std::string_view stream);
  const Tables& active() const { return active_; }
  const Dbs& dbs() const { return dbs_; }

  // Any thread: the handles of the generation a read transaction sees as active.
  Result<Tables> tables_for(const lmdb::Txn& txn) const;

 private:
  struct RebuildLimits {
    std::uint64_t chunk;
    std::size_t held_bytes;
  };
  // Entries [0, to) into `tables`; on failure, what was not committed is abandoned.
  Result<void> project_range(Ledger& ledger, const Tables& tables, StateCache& cache, std::uint64_t to,
                             const std::function<void(const RebuildProgress&)>& progress, const RebuildLimits& limits);

  Dbs dbs_;
  MDB_dbi meta_ = 0;
  Tables active_;
  std::uint64_t applied_ = 0;       // entries the active generation reflects (committed)
  std::uint64_t batch_applied_ = 0;  // the same, counting the open batch
  bool needs_rebuild_ = false;
  StateCache cache_;
  mutable DecodedStates decoded_;  // for readers (tables_for); locks itself
  mutable std::mutex mu_;
  std::map<std::uint32_t, Tables> catalog_;  // generation -> handles, under mu_
};

}  // namespace dauvet::projections
