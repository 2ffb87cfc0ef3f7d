// The ledger engine: one LMDB environment, one writer thread, any number of readers.
//
// Writes (after Certificate Transparency's sequencer): front ends validate input and
// submit Commands; a single writer thread takes every command waiting, runs each one's
// Decider against the state inside its write transaction, appends the resulting entries,
// lets the WriteHooks (Merkle tree, projections) write in the same transaction, commits
// once, and only then completes the commands. An acknowledged command is on disk.
//
// A command is all-or-nothing: every request it returns is validated (expected stream
// version, idempotency, erasure targets) before any of them is written, so a refused
// command leaves no trace, while the other commands of its batch go through.
//
// Reads: read() returns a Snapshot, a consistent view at one moment, usable from any
// thread concurrently with the writer.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "base/result.hpp"
#include "core/entry.hpp"
#include "core/store.hpp"

namespace dauvet {

// Canonical JSON payload bytes and their SHA-256: the only way to build one checks and
// hashes them on the submitting thread, so the single writer never parses or hashes them.
// Immutable and shared: a decider that may run twice (after a map resize) copies it freely.
class Payload {
 public:
  static Result<Payload> parse(std::string_view json_text);
  static Result<Payload> from_json(const nlohmann::json& value);
  const std::string& bytes() const { return data_->bytes; }
  const crypto::Hash& sha256() const { return data_->sha256; }

 private:
  struct Data {
    std::string bytes;
    crypto::Hash sha256;
  };
  explicit Payload(std::string bytes) {
    const crypto::Hash h = crypto::sha256(bytes);
    data_ = std::make_shared<const Data>(Data{std::move(bytes), h});
  }
  std::shared_ptr<const Data> data_;
};

struct AppendRequest {
  std::string stream;
  std::optional<std::uint64_t> expected_version;  // nullopt: any; 0: the stream must be new
  std::string type;
  Payload payload;
  std::vector<std::uint64_t> erase_payloads;  // earlier indexes whose payload bytes go
};

struct Appended {
  std::uint64_t index = 0;
  std::uint64_t version = 0;
  std::string stream;
  std::string recorded_at;
};

struct CommandResult {
  std::vector<Appended> entries;  // empty for a command that only stored a blob
  bool duplicate = false;         // an idempotent retry: nothing was written
};

// What a Decider sees on the writer thread.
class WriteContext {
 public:
  WriteContext(lmdb::Txn& txn, const Dbs& dbs, std::int64_t now_ms, const PendingEntries* pending = nullptr)
      : txn_(txn), view_(txn, dbs, pending), now_ms_(now_ms) {}
  const LedgerView& view() const { return view_; }
  lmdb::Txn& txn() { return txn_; }
  // The recorded_at of every entry in this batch.
  std::int64_t now_ms() const { return now_ms_; }
  Result<crypto::Hash> put_blob(std::string_view bytes);

 private:
  lmdb::Txn& txn_;
  LedgerView view_;
  std::int64_t now_ms_;
};

using Decider = std::function<Result<std::vector<AppendRequest>>(WriteContext&)>;

struct Command {
  Actor actor;  // from the authenticated credential, never from a request body
  std::optional<std::string> idempotency_key;
  crypto::Hash fingerprint{};  // of the request: a retry must match, a reuse is refused
  Decider decide;
};

// Later layers (tree, projections) keep their tables in step with the entries.
class WriteHook {
 public:
  virtual ~WriteHook() = default;
  virtual Result<void> open(lmdb::Txn& txn, const Dbs& dbs) = 0;
  virtual void begin_batch() {}
  // As soon as the entry is decided, before the next command is: everything but its
  // `prev`, which is still being computed (see core/chain.hpp). A hook overrides the
  // calls it needs; the tree needs only on_leaf, the signals only end_batch.
  virtual Result<void> on_entry(lmdb::Txn&, const Entry&, std::string_view /*payload*/) { return {}; }
  // Once the entry's leaf hash is known: in index order, later in the same transaction.
  virtual Result<void> on_leaf(lmdb::Txn&, std::uint64_t /*index*/, const crypto::Hash& /*leaf*/) { return {}; }
  // After the commit returned (committed) or the batch was abandoned; size = entries on disk.
  virtual void end_batch(bool committed, std::uint64_t size) = 0;
};

// Read at scrape time by /metrics. The histograms are what show a writer stall: every
// command in a batch waits for the whole batch, so one slow commit is a latency spike for
// all of them, while the totals average it away.
struct WriterStats {
  // Upper bounds ("le") of the histogram buckets; the last bucket is +Inf.
  static constexpr std::array<double, 12> kSecondsBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                         0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  static constexpr std::array<double, 12> kSizeBounds{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};

  std::atomic<std::uint64_t> batches{0}, commands{0}, entries{0}, commit_ns_total{0}, map_grows{0};
  std::array<std::atomic<std::uint64_t>, kSecondsBounds.size() + 1> batch_seconds{};
  std::array<std::atomic<std::uint64_t>, kSizeBounds.size() + 1> batch_commands{};
  std::atomic<std::uint64_t> batch_wait_ns_total{0};  // the sum of the batch_seconds histogram

  // A committed batch of `batch_size` commands, `took` from its first attempt to its
  // commit.
  void observe_batch(std::size_t batch_size, std::chrono::nanoseconds took) {
    ++batch_seconds[bucket(kSecondsBounds, std::chrono::duration<double>(took).count())];
    ++batch_commands[bucket(kSizeBounds, static_cast<double>(batch_size))];
    batch_wait_ns_total.fetch_add(static_cast<std::uint64_t>(took.count()), std::memory_order_relaxed);
  }

 private:
  static std::size_t bucket(const std::array<double, 12>& bounds, double v) {
    std::size_t b = 0;
    while (b < bounds.size() && v > bounds[b]) ++b;
    return b;
  }
};

class Sequencer;

class Ledger {
 public:
  struct Options {
    std::size_t map_size = std::size_t{1} << 30;  // grows by itself when full
    std::size_t max_batch = 4096;                 // commands per commit
    std::function<std::int64_t()> clock;          // ms since epoch; system clock if empty
    std::vector<std::shared_ptr<WriteHook>> hooks;
    bool create = false;                          // make a new ledger if the directory has none
    // false: read-only use (verify, log, export) — no writer thread, submissions refused.
    // A writer holds an exclusive lock on DIR/writer.lock: a second writer process would
    // extend the chain from a stale tail, so it is refused instead.
    bool writer = true;
    // The Merkle tree is part of the ledger; off only to measure what it costs.
    bool maintain_tree = true;
  };

  static Result<std::unique_ptr<Ledger>> open(const std::string& dir, Options options);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  Result<Snapshot> read() const;

  // done runs after the commit on the writer's completion thread, in commit order (one
  // thread for all: keep it short, hand long work elsewhere).
  void submit(Command command, std::function<void(Result<CommandResult>)> done);
  std::future<Result<CommandResult>> submit(Command command);
  // Queues all at once, so they share commits (bulk import, benchmarks); done(i, result).
  void submit_batch(std::vector<Command> commands, std::function<void(std::size_t, Result<CommandResult>)> done);
  // One entry, for operators and tests.
  std::future<Result<CommandResult>> append(AppendRequest request, Actor actor,
                                            std::optional<std::string> idempotency_key = {});

  // Finishes what is queued, then stops the writer; later submissions fail "unavailable".
  void stop();

  const lmdb::Env& env() const { return env_; }
  // For writers outside the sequencer (a projection rebuild) whose transaction hit a full
  // map: call with none of their transactions open, then retry.
  Result<void> grow_map();
  const Dbs& dbs() const { return dbs_; }
  const WriterStats& stats() const;
  const std::string& dir() const { return dir_; }
  // The "tree" database (see tree.hpp); valid for the ledger's lifetime.
  MDB_dbi tree_dbi() const { return tree_dbi_; }

 private:
  Ledger() = default;
  std::string dir_;
  lmdb::Env env_;
  Dbs dbs_;
  std::unique_ptr<Sequencer> sequencer_;
  int lock_fd_ = -1;
  MDB_dbi tree_dbi_ = 0;
};

// The fingerprint Ledger::append uses: stream, type, expected version and payload.
crypto::Hash fingerprint_of(const AppendRequest& request);

}  // namespace dauvet
