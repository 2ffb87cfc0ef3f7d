#include "core/completer.hpp"

#include "base/thread_name.hpp"

namespace dauvet {

Completer::Completer() : thread_([this] { run(); }) {}

Completer::~Completer() { stop(); }

void Completer::hand_over(Work batch) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back(std::move(batch));
      wake_.notify_one();
      return;
    }
  }
  batch();  // after stop(): nobody else will run it
}

void Completer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Completer::run() {
  name_this_thread("dauvet-complete");
  for (;;) {
    Work batch;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything handed over has run
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    batch();
    // Freed here too: the batch's commands, their results and the callers' closures.
  }
}

}  // namespace dauvet
