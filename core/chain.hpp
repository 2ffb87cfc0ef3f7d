// Encodes and leaf-hashes the writer's entries on a thread of its own, in index order.
//
// Every entry names the leaf hash of the one before it (`prev`), so the entries of a
// batch are encoded and hashed strictly one after another. Nothing else the writer does
// for an entry needs that hash: deciding, validating, the payload, stream and projection
// puts. So the writer pushes each validated entry here and goes on with the next command,
// while the chain thread fills in `prev`, encodes and hashes; the writer stores the bytes
// in the entries table (and the tree its nodes) once they are ready, in the same
// transaction. On batches of a thousand one-entry commands that moves about a fifth of
// the writer's CPU time to this thread (BENCHMARKS.md).
//
//   writer:  decide -> validate -> payload/stream/projection puts -> push ──┐ ... put bytes
//   chain:                                          prev, encode, leaf hash ┘
//
// A batch is begin() ... stage() / push_staged() ... ready() ... finish() ... end().
// Slots keep their addresses until end(), so the writer's own view serves an entry that
// is not yet in the entries table from here (PendingEntries, store.hpp): a decider reading
// an entry of its own batch waits for its hash instead of missing it.
//
// Small batches are hashed inline on the writer (begin(..., false)): with a handful of
// entries per commit the disk sync dominates, and a hand-off would only add latency.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "core/entry.hpp"
#include "core/store.hpp"
#include "crypto/sha256.hpp"

namespace dauvet {

class ChainHasher final : public PendingEntries {
 public:
  struct Slot {
    Entry entry;  // prev is filled in by the chain thread
    std::string bytes;
    crypto::Hash leaf{};
  };

  ChainHasher();
  ~ChainHasher() override;
  ChainHasher(const ChainHasher&) = delete;
  ChainHasher& operator=(const ChainHasher&) = delete;

  // Starts a batch whose first entry has index `first` and follows the leaf `prev`, of
  // about `expected` entries. background = false hashes each entry inside push(). Needs
  // the last batch ended.
  void begin(std::uint64_t first, const crypto::Hash& prev, bool background, std::size_t expected);
  // The entry of the (j+1)-th next push, to be filled in place: a slot kept from an
  // earlier batch keeps its strings' capacity, so building an entry allocates nothing.
  // Staged entries are the caller's until push_staged().
  Entry& stage(std::size_t j);
  // Queues the first n staged entries (indexes first + pushed() on). Their slots are not
  // to be touched until they are ready.
  void push_staged(std::size_t n);
  void push(Entry entry);  // stage(0) = entry, push_staged(1)
  // Slots [0, ready()) have their bytes and leaf; never blocks.
  std::size_t ready() const { return ready_.load(std::memory_order_acquire); }
  // Blocks until the first n slots are ready.
  void wait_for(std::size_t n) const;
  const Slot& slot(std::size_t k) const { return slots_[k]; }
  std::size_t pushed() const { return size_; }
  // Returns once every pushed slot is ready: hashes the last ones on the calling thread
  // if the chain thread has nothing left of what it took, else waits for it.
  void finish();
  // Waits for what was pushed, then forgets the batch (also after a failed attempt).
  void end();

  // PendingEntries: the batch's entries, as the writer's view sees them.
  std::uint64_t first() const override { return first_; }
  std::uint64_t end_index() const override { return first_ + size_; }
  std::string_view bytes(std::uint64_t index) const override;

 private:
  // Entries are handed over in runs, so the chain thread is woken about eight times per
  // batch rather than once per entry (runs of 32 in a batch of 1000 cost more in futex
  // wake-ups than they saved), yet early enough to overlap the writer's work on a
  // smaller batch; wait_for() hands over a shorter run.
  static constexpr std::size_t kMinRun = 16, kMaxRun = 128;
  std::size_t run_ = kMaxRun;

  void run();
  void hash(Slot& slot);

  std::uint64_t first_ = 0;
  bool background_ = false;
  crypto::Hash prev_{};  // the chain thread's (or inline push's) last leaf
  // Writer-thread only, except that the chain thread reaches slots [taken_, queued_)
  // through pointers taken under mu_: a deque's elements stay put when it grows at the
  // back. The batch is slots [0, size_); later ones are kept from bigger batches.
  std::deque<Slot> slots_;
  std::size_t size_ = 0;
  std::atomic<std::size_t> ready_{0};

  mutable std::mutex mu_;
  mutable std::condition_variable work_;   // chain thread: a run is waiting
  mutable std::condition_variable done_;   // writer: more slots are ready
  std::size_t queued_ = 0;                 // under mu_: slots pushed and visible to the chain thread
  std::size_t taken_ = 0;                  // under mu_: slots the chain thread has taken
  mutable bool flush_ = false;             // under mu_: the writer waits; hand over any run
  mutable bool writer_waiting_ = false;    // under mu_
  bool stopping_ = false;                  // under mu_
  std::thread thread_;
};

}  // namespace dauvet
