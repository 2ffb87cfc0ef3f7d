// Signed checkpoints of the ledger's Merkle tree, made by the writer and kept forever.
//
//   database     key                 value
//   -----------  ------------------  -----------------------------------------------
//   checkpoints  u64be sequence      C2SP signed note (tlog-checkpoint), as signed
//
// When: after a commit that leaves the latest checkpoint N or more entries behind; when T
// has passed and the ledger has grown; on demand; and when the writer starts on a ledger
// that grew while it was stopped. How: the Checkpointer asks the writer (a Command with no
// entries) to sign the size it saw *committed*, so a checkpoint never covers an entry that
// could still be rolled back; the root of that size comes from the stored tree nodes, so
// signing an older size while the ledger grows is exact.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/ledger.hpp"
#include "crypto/checkpoint.hpp"

namespace dauvet {

struct StoredCheckpoint {
  std::uint64_t sequence = 0;
  std::string note;
};

class CheckpointStore {
 public:
  static Result<CheckpointStore> open(const lmdb::Txn& txn);
  Result<std::vector<StoredCheckpoint>> all(const lmdb::Txn& txn) const;
  Result<std::optional<StoredCheckpoint>> latest(const lmdb::Txn& txn) const;
  Result<void> append(lmdb::Txn& txn, std::string_view note) const;
  MDB_dbi dbi() const { return dbi_; }

 private:
  MDB_dbi dbi_ = 0;
};

// The ledger's identity: its origin (also the signing key's name) and its signing key.
struct LedgerSigner {
  std::string origin;
  crypto::SigningKey key;
};

class Checkpointer final : public WriteHook {
 public:
  struct Options {
    std::uint64_t every_entries = 1000;
    std::chrono::milliseconds every = std::chrono::seconds(10);
  };

  explicit Checkpointer(Options options);
  ~Checkpointer() override;

  // After Ledger::open (with this hook): signs at once if the ledger outgrew its latest
  // checkpoint, then starts the timer. The ledger must outlive stop().
  Result<void> start(Ledger& ledger, LedgerSigner signer);
  // After a key rotation: later checkpoints are signed with the new key.
  void set_signer(LedgerSigner signer);
  void stop();

  // Signs the committed size now (if not already signed) and returns the note.
  Result<std::string> sign_now();

  Result<void> open(lmdb::Txn& txn, const Dbs& dbs) override;
  void end_batch(bool committed, std::uint64_t size) override;

  const CheckpointStore& store() const { return store_; }

 private:
  std::future<Result<std::string>> request(std::uint64_t size);
  void timer_loop();
  bool store_latest_exists(Ledger& ledger) const;

  std::optional<LedgerSigner> signer_;  // guarded by mu_
  Options options_;
  CheckpointStore store_;
  MDB_dbi tree_dbi_ = 0;
  Ledger* ledger_ = nullptr;
  std::atomic<std::uint64_t> committed_{0}, signed_{0}, requested_{0};
  std::chrono::steady_clock::time_point last_signed_at_ = std::chrono::steady_clock::now();
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread timer_;
};

// The tree size a signed checkpoint note states, without verifying it (bookkeeping only).
Result<std::uint64_t> checkpoint_size(std::string_view note);

}  // namespace dauvet
