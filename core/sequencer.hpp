// The single writer behind Ledger (see ledger.hpp for the contract it keeps).
//
// Batch life cycle:
//   take every waiting command (up to max_batch)
//   begin one write txn; now = monotonic clock (one recorded_at for the whole batch)
//   for each command: idempotency check -> decide -> validate all requests -> write all
//     (payloads, streams, projections now; entry bytes and tree once the chain thread
//     has hashed them, see chain.hpp)
//   wait for the last hashes -> commit -> advance the committed tail -> hooks end_batch(true) -> hand the batch to the
//   Completer, whose thread runs the commands' `done`s while the next batch is written
//
// A per-command refusal (bad field, version conflict, illegal transition) is that
// command's result. Anything that breaks the transaction itself (map full, disk full,
// I/O, corruption) abandons the whole batch: a full map is grown and the batch retried
// from scratch — deciders run again on the restored state — and the others fail every
// command in the batch. Corruption stops the writer for good.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "base/bounded_map.hpp"
#include "core/chain.hpp"
#include "core/clock.hpp"
#include "core/completer.hpp"
#include "core/ledger.hpp"

namespace dauvet {

class Sequencer {
 public:
  using Done = std::function<void(Result<CommandResult>)>;

  Sequencer(lmdb::Env& env, const Dbs& dbs, const Ledger::Options& options);
  ~Sequencer();

  // Reads the ledger's tail (next index, last leaf hash, last time) and starts the thread.
  Result<void> start();
  void submit(Command command, Done done);
  void submit_batch(std::vector<Command> commands, std::function<void(std::size_t, Result<CommandResult>)> done);
  void stop();
  const WriterStats& stats() const { return stats_; }

 private:
  struct Pending {
    Command command;
    Done done;
  };
  // A deque, like the queue: when every waiting command fits in one batch (the usual
  // case under load) the writer takes them all by swapping, not by moving each one.
  using Batch = std::deque<Pending>;
  struct Tail {
    std::uint64_t next_index = 0;
    crypto::Hash prev{};
  };
  // Stream versions the writer has seen, so an append need not seek the streams index.
  // Only this thread writes (the writer lock guarantees it), so the cache cannot go stale;
  // a batch's changes stay in an overlay until its commit returns.
  class VersionCache {
   public:
    Result<std::uint64_t> get(const LedgerView& view, const std::string& stream);
    void set(const std::string& stream, std::uint64_t version) { batch_[stream] = version; }
    void commit();
    void abort() { batch_.clear(); }

   private:
    static constexpr std::size_t kMaxStreams = 1 << 18;
    std::unordered_map<std::string, std::uint64_t> batch_;
    BoundedMap<std::uint64_t> committed_{kMaxStreams};
  };

  void run();
  void process(Batch& batch);
  // Runs the batch in one transaction; returns the batch-level error, if any.
  Result<void> attempt(Batch& batch, std::vector<Result<CommandResult>>& results, Tail& tail);
  Result<CommandResult> run_command(WriteContext& ctx, const Command& command, Tail& tail, const std::string& now);
  Result<CommandResult> replay_idempotent(const LedgerView& view, const IdempotencyRecord& rec);
  // Writes the entry bytes of chain slots [stored, upto) and runs the on_leaf hooks.
  Result<void> store_hashed(lmdb::Txn& txn, std::uint64_t first, std::size_t& stored, std::size_t upto);
  // Hands the batch and its results to the completer (leaves `batch` empty).
  void complete(Batch& batch, std::vector<Result<CommandResult>> results);
  void complete_all(Batch& batch, const Error& error);

  lmdb::Env& env_;
  const Dbs& dbs_;
  Ledger::Options options_;
  clock::Monotonic clock_;
  Tail committed_;
  VersionCache versions_;
  WriterStats stats_;

  std::mutex mu_;
  std::condition_variable wake_;
  Batch queue_;
  bool stopping_ = false;
  std::optional<Error> failed_;  // set after corruption: the writer refuses everything
  std::thread thread_;
  // From this many commands a batch is hashed on the chain thread (chain.hpp); below
  // it, the disk sync dwarfs the hashing, and a hand-off would only add latency.
  static constexpr std::size_t kChainedBatch = 16;
  ChainHasher chain_;
  std::vector<std::pair<std::string_view, std::uint64_t>> versions_touched_;  // run_command's
  std::string stream_key_;  // run_command's (stream, version) key, its buffer reused
  Completer completer_;  // stop() stops it after the writer, so it runs the last batches
};

}  // namespace dauvet
