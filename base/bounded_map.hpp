// A string-keyed map that holds at most `limit` entries and forgets the oldest first.
//
// The writer's caches (stream versions, projected stream states) use it. They used to
// clear themselves when full, which froze the one writer thread for half a second while
// it freed 200,000 states, and every command queued behind that batch waited with it.
// Here each insert of a new key past the limit evicts exactly one old key, so the cost
// of forgetting is spread evenly over the writes that cause it.
//
// Eviction is by age of first insertion (FIFO), not by use: the writer's working set is
// the streams written recently, and a hot stream that is evicted costs one LMDB lookup to
// bring back. The order queue points at the keys inside the map's nodes, which stay put
// across rehashing, so no key is stored twice.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "base/string_hash.hpp"

namespace dauvet {

template <class V>
class BoundedMap {
 public:
  // The buckets are allocated up front (8 bytes per key of the limit, up to 2^20 keys):
  // growing them later rehashes every key at once, a 15-40 ms pause at 100-200k keys.
  explicit BoundedMap(std::size_t limit) : limit_(limit == 0 ? 1 : limit) {
    map_.reserve(std::min<std::size_t>(limit_, std::size_t{1} << 20));
  }

  // The order queue points into map_'s nodes: a copy would point into the original's,
  // while a move hands the nodes over as they are.
  BoundedMap(const BoundedMap&) = delete;
  BoundedMap& operator=(const BoundedMap&) = delete;
  BoundedMap(BoundedMap&&) noexcept = default;
  BoundedMap& operator=(BoundedMap&&) noexcept = default;

  V* find(std::string_view key) {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }

  // Inserts or overwrites; a new key past the limit evicts the oldest one.
  V& insert_or_assign(std::string_view key, V value) {
    if (auto it = map_.find(key); it != map_.end()) {
      it->second = std::move(value);
      return it->second;
    }
    if (map_.size() >= limit_) evict_oldest();
    auto [it, fresh] = map_.emplace(std::string(key), std::move(value));
    order_.push_back(&it->first);
    return it->second;
  }

  std::size_t size() const { return map_.size(); }
  std::size_t limit() const { return limit_; }
  // Whether any key was ever forgotten to make room (clear() does not count).
  bool evicted() const { return evicted_; }

  void clear() {
    order_.clear();
    map_.clear();
  }

 private:
  void evict_oldest() {
    const std::string* oldest = order_.front();
    order_.pop_front();
    map_.erase(map_.find(std::string_view(*oldest)));
    evicted_ = true;
  }

  std::unordered_map<std::string, V, StringHash, std::equal_to<>> map_;
  std::deque<const std::string*> order_;  // every key of map_ once, oldest first
  std::size_t limit_;
  bool evicted_ = false;
};

}  // namespace dauvet
