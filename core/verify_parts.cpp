#include "core/verify_parts.hpp"

#include <algorithm>

#include "base/thread_name.hpp"

namespace dauvet::verify_detail {

PartPipeline::PartPipeline(unsigned workers, std::size_t slots, Take take, Work work)
    : take_(std::move(take)), work_(std::move(work)), slots_(std::max<std::size_t>(slots, 2)) {
  for (unsigned w = 0; w < std::max(1u, workers); ++w) workers_.emplace_back([this, w] { run(w); });
}

PartPipeline::~PartPipeline() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& t : workers_) t.join();
}

void PartPipeline::run(unsigned worker) {
  name_this_thread("dauvet-verify");
  std::unique_lock lock(mu_);
  for (;;) {
    // The slot of the next part is free once the checker has moved past the part before
    // it in that slot; only the checker frees slots.
    changed_.wait(lock, [&] { return stopping_ || ended_ || slots_[claimed_ % slots_.size()].state == State::free; });
    if (stopping_ || ended_) return;
    const std::uint64_t part = claimed_++;
    Slot& slot = slots_[part % slots_.size()];
    auto more = take_(part, slot.items);
    if (!more || !*more) {
      slot.outcome = more ? Result<void>{} : fail(more.error());
      slot.state = State::end;
      ended_ = true;
      changed_.notify_all();
      return;
    }
    slot.state = State::filling;
    lock.unlock();
    Result<void> outcome = work_(worker, part, slot.items);
    lock.lock();
    slot.outcome = std::move(outcome);
    // A failed part is the last one: the checker reports it after the parts before it.
    slot.state = slot.outcome ? State::ready : State::end;
    if (!slot.outcome) ended_ = true;
    changed_.notify_all();
  }
}

Result<std::vector<Item>*> PartPipeline::next() {
  std::unique_lock lock(mu_);
  if (checking_ > 0) {
    Slot& done = slots_[(checking_ - 1) % slots_.size()];
    if (done.state == State::ready) {
      done.state = State::free;
      changed_.notify_all();
    }
  }
  Slot& slot = slots_[checking_ % slots_.size()];
  changed_.wait(lock, [&] { return slot.state == State::ready || slot.state == State::end; });
  if (slot.state == State::end) {
    if (!slot.outcome) return fail(slot.outcome.error());
    return nullptr;
  }
  ++checking_;
  return &slot.items;
}

}  // namespace dauvet::verify_detail
