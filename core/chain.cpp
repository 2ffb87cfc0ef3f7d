#include "core/chain.hpp"

#include <algorithm>
#include <vector>

#include "base/thread_name.hpp"

namespace dauvet {

ChainHasher::ChainHasher() : thread_([this] { run(); }) {}

ChainHasher::~ChainHasher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
}

void ChainHasher::begin(std::uint64_t first, const crypto::Hash& prev, bool background, std::size_t expected) {
  std::lock_guard lock(mu_);
  first_ = first;
  prev_ = prev;
  background_ = background;
  run_ = std::clamp<std::size_t>(expected / 8, kMinRun, kMaxRun);
}

void ChainHasher::hash(Slot& slot) {
  slot.entry.prev = prev_;
  entry::encode_into(slot.entry, slot.bytes);
  slot.leaf = crypto::leaf_hash(slot.bytes);
  prev_ = slot.leaf;
}

Entry& ChainHasher::stage(std::size_t j) {
  const std::size_t k = size_ + j;
  if (k >= slots_.size()) {
    std::lock_guard lock(mu_);  // growing the deque changes its map, which the chain thread reads
    while (slots_.size() <= k) slots_.emplace_back();
  }
  return slots_[k].entry;
}

void ChainHasher::push_staged(std::size_t n) {
  if (!background_) {
    for (; n > 0; --n) hash(slots_[size_++]);
    ready_.store(size_, std::memory_order_release);
    return;
  }
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    size_ += n;
    queued_ = size_;
    wake = queued_ - taken_ >= run_;
  }
  if (wake) work_.notify_one();  // no system call unless the chain thread is asleep
}

void ChainHasher::push(Entry entry) {
  stage(0) = std::move(entry);
  push_staged(1);
}

void ChainHasher::wait_for(std::size_t n) const {
  if (ready() >= n) return;
  std::unique_lock lock(mu_);
  flush_ = true;
  writer_waiting_ = true;
  work_.notify_one();
  done_.wait(lock, [&] { return ready() >= n; });
  writer_waiting_ = false;
}

void ChainHasher::finish() {
  if (background_) {
    std::unique_lock lock(mu_);
    // The chain thread has hashed all it took: the last short run is quicker hashed here
    // than handed over, which costs a wake-up and two context switches. Its prev_ is ours
    // to use: its last write to it came before it published the last ready slot.
    if (ready() == taken_ && taken_ < queued_) {
      const std::size_t from = taken_;
      taken_ = queued_;
      lock.unlock();
      for (std::size_t k = from; k < size_; ++k) {
        hash(slots_[k]);
        ready_.store(k + 1, std::memory_order_release);
      }
      return;
    }
  }
  wait_for(size_);
}

std::string_view ChainHasher::bytes(std::uint64_t index) const {
  const std::size_t k = static_cast<std::size_t>(index - first_);
  wait_for(k + 1);
  return slots_[k].bytes;
}

void ChainHasher::end() {
  wait_for(size_);
  std::lock_guard lock(mu_);
  size_ = 0;  // the slots stay, to be reused: no allocation per entry for the deque
  queued_ = taken_ = 0;
  flush_ = false;
  ready_.store(0, std::memory_order_relaxed);
}

void ChainHasher::run() {
  name_this_thread("dauvet-chain");
  std::vector<Slot*> run;
  std::size_t next = 0;  // index of run.front() within the batch
  for (;;) {
    {
      std::unique_lock lock(mu_);
      work_.wait(lock, [&] { return stopping_ || queued_ - taken_ >= run_ || (flush_ && taken_ < queued_); });
      if (stopping_) return;
      flush_ = false;
      next = taken_;
      run.clear();
      for (std::size_t k = taken_; k < queued_; ++k) run.push_back(&slots_[k]);
      taken_ = queued_;
    }
    // prev_ is this thread's alone until it publishes the run's last slot: the writer
    // touches prev_ again (finish(), begin()) only once every slot it took is ready.
    for (Slot* slot : run) {
      hash(*slot);
      ready_.store(++next, std::memory_order_release);
    }
    std::lock_guard lock(mu_);
    if (writer_waiting_) done_.notify_one();
  }
}

}  // namespace dauvet
