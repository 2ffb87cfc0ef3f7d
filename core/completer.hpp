// Runs the writer's completions on a thread of their own, batch by batch in commit order.
//
// A command's `done` used to run on the writer thread right after the commit: formatting
// the HTTP answer, posting it to its session (a futex wake), and freeing the batch's
// commands all delayed the next group commit. With one writer, every microsecond it
// spends is a microsecond no other command can commit; handing a finished batch over
// costs one lock and one wake per batch, and the callers' work overlaps the next batch.
//
// Order is kept: batches complete in the order they were handed over, and the commands of
// a batch in their order within it. Hooks (end_batch) still run on the writer before the
// hand-over, so when a `done` runs, every reader-facing structure already shows the
// commit. stop() runs everything handed over, then joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace dauvet {

class Completer {
 public:
  using Work = std::function<void()>;

  Completer();
  ~Completer();
  Completer(const Completer&) = delete;
  Completer& operator=(const Completer&) = delete;

  // Queues one batch's completions, to run after every batch handed over before.
  void hand_over(Work batch);
  // Runs what is queued, then joins the thread; hand_over afterwards runs inline.
  void stop();

 private:
  void run();

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Work> queue_;  // under mu_
  bool stopping_ = false;   // under mu_
  std::thread thread_;
};

}  // namespace dauvet
