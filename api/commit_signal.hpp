// Wakes event streams that wait for the ledger to grow, so an open stream learns of a
// commit at once instead of polling.
//
// A write hook: after each commit the sequencer tells it the new size. Wakes run on the
// signal's own thread, never the writer's, and should only hand off (a stream's wake posts
// to its session's strand, which reads and formats the entries): the writer must go
// straight back to committing, and one slow wake would delay every other stream's.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/ledger.hpp"

namespace dauvet::api {

class CommitSignal final : public WriteHook {
 public:
  using Clock = std::chrono::steady_clock;
  using Wake = std::function<void()>;

  CommitSignal();
  ~CommitSignal() override;
  CommitSignal(const CommitSignal&) = delete;
  CommitSignal& operator=(const CommitSignal&) = delete;

  Result<void> open(lmdb::Txn& txn, const Dbs& dbs) override;
  void end_batch(bool committed, std::uint64_t size) override;

  // Runs `wake` once, on the signal's thread: as soon as the ledger holds more than `size`
  // entries, at `deadline`, or at close(). After close(), runs it at once on the caller's.
  void wait_beyond(std::uint64_t size, Clock::time_point deadline, Wake wake);

  // Wakes every waiter and returns once their wakes have run (server shutdown: nobody
  // should wait out a long poll, nor be woken after the services are gone). Waiters that
  // wait again after it are woken at once, so a waiter must check closed() and give up,
  // or it would spin.
  void close();
  bool closed() const;

  std::size_t waiting() const;

 private:
  struct Waiter {
    std::uint64_t size;
    Clock::time_point deadline;
    Wake wake;
  };
  void run();

  mutable std::mutex mu_;
  std::condition_variable cv_, idle_;
  std::uint64_t size_ = 0;
  bool closed_ = false, stop_ = false, waking_ = false;
  std::vector<Waiter> waiters_;
  std::thread thread_;  // last: starts after everything it uses
};

}  // namespace dauvet::api
