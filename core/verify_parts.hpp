// Internal to verify: the pipeline that feeds ChainChecker. The entries are cut into parts
// of a fixed size; worker threads take the next part as soon as they are free, read and
// hash it into a slot of a ring, and the checking thread takes the parts in order.
//
//   part:    0     1     2     3     4     5 ...
//   slot:    0     1     2     3     0     1 ...   (ring of `slots`; a slot is reused once
//   state:  [checking][ready][filling][filling]     the checker is done with its part)
//
// There is no barrier between chunks, so a worker never waits for the other to finish
// its half, and the checker (which only compares and appends to the tree) runs beside them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/verify_chain.hpp"

namespace dauvet::verify_detail {

class PartPipeline {
 public:
  // Runs under the pipeline's lock, in part order: a sequential source hands over its next
  // entries here. False: there is no such part (the end).
  using Take = std::function<Result<bool>(std::uint64_t part, std::vector<Item>& items)>;
  // Runs on worker `worker` without the lock: read what Take left undone, hash and decode.
  using Work = std::function<Result<void>(unsigned worker, std::uint64_t part, std::vector<Item>& items)>;

  PartPipeline(unsigned workers, std::size_t slots, Take take, Work work);
  ~PartPipeline();  // stops the workers, even mid-ledger
  PartPipeline(const PartPipeline&) = delete;
  PartPipeline& operator=(const PartPipeline&) = delete;

  // Waits for the next part in order; nullptr after the last one. Valid until the next call.
  Result<std::vector<Item>*> next();

 private:
  enum class State { free, filling, ready, end };
  struct Slot {
    State state = State::free;
    std::vector<Item> items;
    Result<void> outcome;
  };

  void run(unsigned worker);

  Take take_;
  Work work_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<Slot> slots_;
  std::uint64_t claimed_ = 0;   // parts handed to workers
  std::uint64_t checking_ = 0;  // the part next() returned last, plus one
  bool ended_ = false;          // Take found the end, or failed: nothing more to claim
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace dauvet::verify_detail
