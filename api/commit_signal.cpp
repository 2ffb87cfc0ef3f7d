#include "api/commit_signal.hpp"

#include <algorithm>

namespace dauvet::api {

CommitSignal::CommitSignal() : thread_([this] { run(); }) {}

CommitSignal::~CommitSignal() {
  close();
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Result<void> CommitSignal::open(lmdb::Txn& txn, const Dbs& dbs) {
  auto size = LedgerView(txn, dbs).size();
  if (!size) return fail(size.error());
  std::lock_guard lock(mu_);
  size_ = *size;
  return {};
}

void CommitSignal::end_batch(bool committed, std::uint64_t size) {
  if (!committed) return;
  {
    std::lock_guard lock(mu_);
    size_ = size;
  }
  cv_.notify_all();
}

void CommitSignal::wait_beyond(std::uint64_t size, Clock::time_point deadline, Wake wake) {
  {
    std::lock_guard lock(mu_);
    if (!closed_) {
      waiters_.push_back(Waiter{size, deadline, std::move(wake)});
      cv_.notify_all();
      return;
    }
  }
  wake();
}

void CommitSignal::close() {
  std::unique_lock lock(mu_);
  closed_ = true;
  cv_.notify_all();
  idle_.wait(lock, [this] { return waiters_.empty() && !waking_; });
}

bool CommitSignal::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

std::size_t CommitSignal::waiting() const {
  std::lock_guard lock(mu_);
  return waiters_.size();
}

void CommitSignal::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    const auto now = Clock::now();
    std::vector<Wake> due;
    auto ready = [&](const Waiter& w) { return closed_ || size_ > w.size || now >= w.deadline; };
    for (auto it = waiters_.begin(); it != waiters_.end();) {
      if (ready(*it)) {
        due.push_back(std::move(it->wake));
        it = waiters_.erase(it);
      } else {
        ++it;
      }
    }
    if (!due.empty()) {
      waking_ = true;
      lock.unlock();
      for (auto& wake : due) wake();
      lock.lock();
      waking_ = false;
      continue;  // the size may have grown meanwhile
    }
    idle_.notify_all();
    if (waiters_.empty()) {
      cv_.wait(lock);
    } else {
      const auto next = std::min_element(waiters_.begin(), waiters_.end(), [](const Waiter& a, const Waiter& b) {
                          return a.deadline < b.deadline;
                        })->deadline;
      cv_.wait_until(lock, next);
    }
  }
}

}  // namespace dauvet::api
