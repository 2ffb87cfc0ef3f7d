// Reads the ledger's entries on a thread of its own, for the rebuild, stream by stream:
// the streams index's order (stream name bytewise, then version), not the ledger's.
//
//   feed thread:    [walk streams index, read+decode+parse slice k+1] [slice k+2] ...
//   rebuild thread: [project slice k                                ] [slice k+1] ...
//
// Why stream order: a stream's state depends on its own entries alone, so a rebuild that
// takes each stream's entries together keeps one state at a time (hot in the CPU's cache,
// never looked up in a map of 200,000), and the state and facts rows, keyed stream then
// index, come out in key order: appended, each page written once, full. In ledger order
// they landed all over the state table, and every commit rewrote pages it had written.
//
// Each slice is read in its own short read transaction, ended before the slice is queued:
// a feed blocked on a full queue never holds a snapshot, so the rebuild can grow the map
// (which waits for every open read transaction) without deadlocking against it. The next
// slice resumes after the last streams key read. Every entry below `to` comes out exactly
// once; the feed checks that each streams row names an entry of that stream and version,
// and that the rows below `to` number exactly `to` (Errc::corrupt otherwise, after the
// slices read before it). Entries at or above `to` (appended after the rebuild began) are
// skipped.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/entry.hpp"
#include "core/ledger.hpp"

namespace dauvet::projections {

struct FedEntry {
  Entry entry;
  std::optional<std::string> payload;  // nullopt once erased
  nlohmann::json parsed;               // the payload parsed; null when erased or not JSON
};

class EntryFeed {
 public:
  // Starts reading every entry below `to` at once, at most `slice` per read transaction
  // and `depth` slices ahead of the consumer.
  EntryFeed(const Ledger& ledger, std::uint64_t to, std::size_t slice = 512, std::size_t depth = 8);
  ~EntryFeed();  // stops the thread, even mid-way
  EntryFeed(const EntryFeed&) = delete;
  EntryFeed& operator=(const EntryFeed&) = delete;

  // The next slice; an empty one after the last entry.
  Result<std::vector<FedEntry>> next();
  // Gives a used slice back to be freed on the feed's thread: what one thread allocates
  // and another frees bypasses malloc's per-thread caches, at a cost the consumer would
  // otherwise pay for every entry.
  void recycle(std::vector<FedEntry> used);

 private:
  // Where the walk of the streams index stands between slices.
  struct Walk {
    std::string after;       // the last streams key read; empty before the first
    std::uint64_t seen = 0;  // entries below `to` fed so far
    bool done = false;
  };
  void run(std::uint64_t to, std::size_t slice);
  Result<std::vector<FedEntry>> read_slice(Walk& walk, std::uint64_t to, std::size_t slice) const;

  const Ledger& ledger_;
  const std::size_t depth_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<FedEntry>> ready_;
  std::vector<std::vector<FedEntry>> used_;
  std::optional<Error> error_;
  bool finished_ = false;  // the thread has queued its last slice (or its error)
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dauvet::projections
