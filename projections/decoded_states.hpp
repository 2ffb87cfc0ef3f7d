// Decoded aggregate states, shared by every reader of the process.
//
// A read of a task view parses JSON three or more times: the reader's own unit (is the
// token's scope the whole ledger?), the task (whose units does it belong to?), the units
// up the tree, then the task again for the answer. Parsing was half of the server's CPU
// per read. Stored states are immutable per byte string, so this cache is addressed by
// content: the key is the stream and the exact stored bytes. It never needs invalidating.
// A state rewritten by an erasure, or a rebuilt generation, has other bytes and so another
// key, and a reader on an older snapshot still gets what its own bytes say.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>

#include "base/bounded_map.hpp"
#include "base/result.hpp"
#include "projections/aggregate.hpp"

namespace dauvet::projections {

class DecodedStates {
 public:
  // At most `limit` states, each from at most `max_bytes` of stored JSON: larger states
  // (a directive with thousands of tasks) are decoded every time rather than held.
  explicit DecodedStates(std::size_t limit = 8192, std::size_t max_bytes = 16 * 1024)
      : map_(limit), max_bytes_(max_bytes) {}

  // decode_state(stream, bytes), from the cache when these bytes were decoded before.
  Result<AggregateState> decode(std::string_view stream, std::string_view bytes);

  struct Counts {
    std::size_t hits = 0, misses = 0, held = 0;
  };
  Counts counts() const;

 private:
  mutable std::mutex mu_;
  BoundedMap<std::shared_ptr<const AggregateState>> map_;  // stream 0x00 bytes -> state
  std::size_t max_bytes_;
  std::size_t hits_ = 0, misses_ = 0;
};

}  // namespace dauvet::projections
