// The rebuild's LMDB writes, made on a thread of their own. Putting the projection rows
// into their B-trees and committing is a third of a rebuild; with this, that third runs on
// the second core while the rebuild thread applies events and encodes the next states.
//
//   rebuild thread:  project entry -> put(row) put(row) ...      call(fn) ... commit(last)
//                                        |  queued, in order       |  waits      |  waits
//   write thread:    begin txn -> mdb_put mdb_put ...  ->  fn(txn)  ...  last(txn), commit
//
// Everything runs in the order it was queued, in one write transaction per commit. A
// call() sees every put queued before it: that is how the rebuild reads the tables it is
// filling (a state evicted from its cache, an erasure's refold). One thread produces; the
// write thread is the only one touching LMDB.
//
// commit_async() queues a commit and returns at once, so the producer can go on with the
// next transaction's rows while this one is written and synced (a third of a rebuild's
// time was spent waiting for that). After the first failure the transaction is abandoned,
// and every later put is dropped and every call and commit fails with it, until the
// producer, having seen the failure, calls recover(); the caller decides (e.g. grow the
// map and redo what was not committed). commit() is commit_async(), wait() and, after a
// failure, recover().
//
// Given a HeldRows, the write thread also holds back the plain puts into the tables it
// holds (held_rows.hpp) and writes them in key order when it is full or is released. The
// grouping is a hash lookup per row, a quarter of the rebuild thread's time when that
// thread did it; here it runs on the thread that otherwise waits for rows.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "base/result.hpp"
#include "core/lmdb.hpp"
#include "projections/held_rows.hpp"

namespace dauvet::projections {

class WriteBehind {
 public:
  using Call = std::function<Result<void>(lmdb::Txn&)>;

  // Plain puts into a table `held` holds wait in it until it is full or released.
  explicit WriteBehind(const lmdb::Env& env, std::unique_ptr<HeldRows> held = nullptr);
  ~WriteBehind();  // abandons an uncommitted transaction
  WriteBehind(const WriteBehind&) = delete;
  WriteBehind& operator=(const WriteBehind&) = delete;

  // Queued (copied); a put with MDB_NOOVERWRITE onto an existing key is not a failure
  // (the first value stays), as for the projector's links.
  void put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
  // Runs fn on the write thread after everything queued before; returns its result.
  Result<void> call(Call fn);
  // Runs `last`, then commits the transaction; returns the first failure since the last
  // commit(), if any (nothing of that transaction is then written).
  Result<void> commit(Call last);

  struct Job;  // a call, commit, release or recover; the producer may wait for its result
  using Ticket = std::shared_ptr<Job>;
  // Queues `last` and the commit; wait() gives the result, as commit() would have.
  Ticket commit_async(Call last);
  // Queues the writing of every held row, in key order, with MDB_APPEND, into the open
  // transaction. Each time `commit_every` bytes have been written, runs `last` and commits,
  // and goes on in a new transaction; what is written after the last of those is committed
  // by the next commit. What is queued after this sees every row held before it.
  Ticket release_async(Call last, std::size_t commit_every);
  Result<void> wait(const Ticket& ticket);
  // Ends the failed state and abandons any open transaction: what is queued after this
  // starts a fresh one. Held rows stay held; a row the producer holds again when it redoes
  // its work is written after the first, over it.
  void recover();

 private:
  // Rows travel packed into one buffer per hand-over, and the buffers go back and forth:
  // a string allocated on one thread and freed on the other defeats malloc's per-thread
  // caches, which cost more than the write thread saved.
  //   row: u32 dbi | u32 flags | u32 key size | u32 value size | key | value
  using Rows = std::string;
  using Item = std::variant<Rows, Ticket>;

  void flush();  // hands the pending puts over
  Ticket enqueue(Job job);
  void run();
  void apply(const Rows& rows);
  void apply(Job& job);
  lmdb::Txn* open_txn();
  // Puts one row into the open transaction; a failure abandons it.
  bool put_row(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags);
  Result<void> release(const Call& last, std::size_t commit_every);

  const lmdb::Env& env_;
  Rows pending_;  // the producer's, not yet handed over

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Item> queue_;
  std::vector<Rows> spare_;  // emptied buffers, capacity kept
  bool stopping_ = false;

  // The write thread's own.
  std::unique_ptr<HeldRows> held_;
  std::optional<lmdb::Txn> txn_;
  std::optional<Error> failed_;
  std::thread thread_;
};

struct WriteBehind::Job {
  enum class Kind { call, commit, release, recover };
  Kind kind = Kind::call;
  Call fn;                       // call, commit: run in the transaction; release: before each commit
  std::size_t commit_every = 0;  // release only
  std::optional<Result<void>> result;  // set on the write thread, under mu_
};

}  // namespace dauvet::projections
