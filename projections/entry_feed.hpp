// Reads the ledger's entries on threads of its own, for the rebuild, stream by stream:
// the streams index's order (stream name bytewise, then version), not the ledger's.
//
// Why stream order: a stream's state depends on its own entries alone, so a rebuild that
// takes each stream's entries together keeps one state at a time (hot in the CPU's cache,
// never looked up in a map of 200,000), and the state and facts rows, keyed stream then
// index, come out in key order: appended, each page written once, full. In ledger order
// they landed all over the state table, and every commit rewrote pages it had written.
//
// The walk of the streams index is cheap and done one slice at a time; reading, decoding
// and parsing the slice's entries is most of the feed's work, so `readers` threads take
// slices in turn and the consumer gets them back in walk order. One reader was the
// rebuild's slowest thread.
//
//   reader 1:  [walk k] [read+decode+parse k      ] [walk k+2] [read ... k+2   ]
//   reader 2:           [walk k+1] [read+decode+parse k+1     ] [walk k+3] ...
//   rebuild:   [project k-1        ] [project k          ] [project k+1    ] ...
//
// Each walk and each read runs in its own short read transaction, ended before a reader
// waits: a reader blocked on a full queue never holds a snapshot, so the rebuild can grow
// the map (which waits for every open read transaction) without deadlocking against it.
// The next walk resumes after the last streams key read. Every entry below `to` comes out
// exactly once; the feed checks that each streams row names an entry of that stream and
// version, and that the rows below `to` number exactly `to` (Errc::corrupt otherwise,
// after the slices before it). Entries at or above `to` (appended after the rebuild
// began) are skipped.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
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
  // Starts reading every entry below `to` at once, at most `slice` per read transaction,
  // on `readers` threads, at most `depth` slices ahead of the consumer.
  EntryFeed(const Ledger& ledger, std::uint64_t to, std::size_t slice = 512, std::size_t depth = 8,
            std::size_t readers = 2);
  ~EntryFeed();  // stops the threads, even mid-way
  EntryFeed(const EntryFeed&) = delete;
  EntryFeed& operator=(const EntryFeed&) = delete;

  // The next slice; an empty one after the last entry.
  Result<std::vector<FedEntry>> next();
  // Gives a used slice back to a reader, which fills it again: what one thread allocates
  // and another frees bypasses malloc's per-thread caches, at a cost the consumer would
  // otherwise pay for every entry, and reused strings need no allocation at all.
  void recycle(std::vector<FedEntry> used);

 private:
  // Where the walk of the streams index stands between slices.
  struct Walk {
    std::string after;       // the last streams key read; empty before the first
    std::uint64_t seen = 0;  // entries below `to` walked so far
    bool done = false;
  };
  // One slice's streams rows: keys packed one after another, each with its entry's index.
  struct Plan {
    std::string keys;
    std::vector<std::pair<std::uint64_t, std::size_t>> rows;  // (index, key size)
  };
  void run(std::uint64_t to, std::size_t slice);
  Result<void> walk(std::uint64_t to, std::size_t slice, Plan& plan);  // under walk_mu_
  Result<std::vector<FedEntry>> read(const Plan& plan, std::vector<FedEntry> out) const;
  void deliver(std::uint64_t number, Result<std::vector<FedEntry>> slice, bool last);

  const Ledger& ledger_;
  const std::size_t depth_;

  std::mutex walk_mu_;  // taken before mu_ when both are held
  Walk walk_;
  std::uint64_t walked_ = 0;  // slices numbered so far
  bool walk_ended_ = false;

  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::uint64_t, Result<std::vector<FedEntry>>> ready_;  // by slice number
  std::uint64_t taken_ = 0;              // the next slice number the consumer takes
  std::optional<std::uint64_t> slices_;  // how many there are, once the walk has ended
  std::vector<std::vector<FedEntry>> used_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace dauvet::projections
