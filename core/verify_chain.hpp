// Internal to verify: one stored entry on its way through the check, and the in-order
// checks that need the entries before it (chain links, recorded_at, stream versions,
// erasures). Hashing and decoding are per entry and run on any thread (hash_items);
// ChainChecker runs on one thread, in index order.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/string_hash.hpp"
#include "core/entry.hpp"
#include "core/store.hpp"
#include "core/verify.hpp"

namespace dauvet::verify_detail {

struct Item {
  std::uint64_t key = 0;
  std::string_view bytes;
  std::optional<std::string_view> payload;
  // Filled by the hashing threads. Items and their entries are reused part after part,
  // so a scan of a million entries does not allocate per entry.
  Entry entry;
  Result<void> decoded;
  crypto::Hash leaf{};
  std::size_t stream_hash = 0;
  bool payload_matches = false;
};

// Leaf hash, strict decode and payload hash of items[begin, end).
void hash_items(std::vector<Item>& items, std::size_t begin, std::size_t end);

// The version map is looked up with the stream's hash the workers already computed.
struct StreamProbe {
  std::size_t hash;
  std::string_view name;
};
struct StreamHash : StringHash {
  using StringHash::operator();
  std::size_t operator()(const StreamProbe& p) const noexcept { return p.hash; }
};
struct StreamEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  bool operator()(const StreamProbe& a, std::string_view b) const { return a.name == b; }
  bool operator()(std::string_view a, const StreamProbe& b) const { return a == b.name; }
};

// (hash of stream, version) per index, for the cross-check with the streams database.
using StreamVersions = std::vector<std::pair<std::size_t, std::uint64_t>>;

// Checks entries in order; holds what one entry needs to know of those before it.
class ChainChecker {
 public:
  ChainChecker(VerifyReport& report, crypto::MemoryTree* tree, StreamVersions* stream_of)
      : report_(report), tree_(tree), stream_of_(stream_of) {}

  // False (with the report's problem set) at the first bad entry.
  bool check(Item& it);
  // After the last entry: the tail against the head (the commit record), and payloads
  // missing without an erasure.
  bool finish(const std::optional<Head>& head);
  bool bad(std::uint64_t index, std::string why);

 private:
  VerifyReport& report_;
  crypto::MemoryTree* tree_;
  std::string last_time_;
  std::optional<std::uint64_t> broken_link_;
  std::set<std::uint64_t> missing_;
  std::unordered_map<std::string, std::uint64_t, StreamHash, StreamEqual> versions_;
  StreamVersions* stream_of_;
};

}  // namespace dauvet::verify_detail
