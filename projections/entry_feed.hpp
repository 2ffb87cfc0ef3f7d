// Reads a range of ledger entries on a thread of its own, for the rebuild: decoding each
// entry and parsing its payload is a fifth of projecting it, and with the feed that fifth
// runs on the second core while the rebuild applies, encodes and writes on the first.
//
//   feed thread:    [read+decode+parse slice k+1] [slice k+2] ...   (bounded queue)
//   rebuild thread: [project slice k            ] [slice k+1] ...
//
// Each slice is read in its own short read transaction, ended before the slice is queued:
// a feed blocked on a full queue never holds a snapshot, so the rebuild can grow the map
// (which waits for every open read transaction) without deadlocking against it.
// Entries come out in index order, exactly once; a read error ends the feed and is
// returned by next() after the slices read before it.
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
  // Starts reading entries [from, to) at once, `slice` per read transaction, at most
  // `depth` slices ahead of the consumer.
  EntryFeed(const Ledger& ledger, std::uint64_t from, std::uint64_t to, std::size_t slice = 512,
            std::size_t depth = 8);
  ~EntryFeed();  // stops the thread, even mid-range
  EntryFeed(const EntryFeed&) = delete;
  EntryFeed& operator=(const EntryFeed&) = delete;

  // The next slice in index order; an empty one after the last entry.
  Result<std::vector<FedEntry>> next();
  // Gives a used slice back to be freed on the feed's thread: what one thread allocates
  // and another frees bypasses malloc's per-thread caches, at a cost the consumer would
  // otherwise pay for every entry.
  void recycle(std::vector<FedEntry> used);

 private:
  void run(std::uint64_t from, std::uint64_t to, std::size_t slice);
  Result<std::vector<FedEntry>> read_slice(std::uint64_t from, std::uint64_t to) const;

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
