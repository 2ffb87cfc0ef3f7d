#include "core/verify_chain.hpp"

#include <algorithm>

#include "crypto/sha256.hpp"

namespace dauvet::verify_detail {

namespace {

// The bytes come straight from the map, from pages the cursor has only touched at the
// node headers: hashing them waited on memory more than it computed. Asking for the lines
// of an entry a few ahead made verify about a sixth faster.
constexpr std::size_t kPrefetchAhead = 3;

void prefetch(std::string_view bytes) {
  for (std::size_t at = 0; at < bytes.size(); at += 64) __builtin_prefetch(bytes.data() + at);
}

}  // namespace

void hash_items(std::vector<Item>& items, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    if (i + kPrefetchAhead < end) {
      const Item& ahead = items[i + kPrefetchAhead];
      prefetch(ahead.bytes);
      if (ahead.payload) prefetch(*ahead.payload);
    }
    Item& it = items[i];
    it.leaf = crypto::leaf_hash(it.bytes);
    it.decoded = entry::decode_into(it.bytes, it.entry);
    if (!it.decoded) continue;
    it.stream_hash = std::hash<std::string_view>{}(it.entry.stream);
    if (it.payload) it.payload_matches = crypto::sha256(*it.payload) == it.entry.payload_sha256;
  }
}

bool ChainChecker::check(Item& it) {
  const std::uint64_t i = report_.entries;
  if (it.key != i) return bad(i, it.key > i ? "entry is missing (the next stored key is " + std::to_string(it.key) + ")"
                                             : "entry key out of order");
  if (!it.decoded) return bad(i, it.decoded.error().message);
  const Entry& e = it.entry;
  if (e.index != i) return bad(i, "entry records index " + std::to_string(e.index) + " (entries moved or swapped)");
  if (broken_link_) {
    // The link into entry i-1 was broken. If i-1's own leaf still matches what entry i
    // recorded, i-1 is intact and the entry before it was altered; otherwise i-1 was.
    const std::uint64_t j = *broken_link_;
    if (e.prev == report_.last_leaf)
      return bad(j - 1, "entry bytes were altered: the leaf hash no longer matches the prev recorded by entry " +
                            std::to_string(j));
    return bad(j, "entry bytes were altered: prev matches neither the entry before it nor its leaf the entry after");
  }
  if (e.prev != report_.last_leaf) {
    if (i == 0) return bad(0, "prev of the first entry is not 64 zeros");
    broken_link_ = i;
  }
  if (e.recorded_at < last_time_) return bad(i, "recorded_at " + e.recorded_at + " is earlier than the entry before it");
  if (it.payload && !it.payload_matches) return bad(i, "payload bytes do not match payload_sha256");
  if (!it.payload) missing_.insert(i);
  if (e.type == entry::kErasureType && it.payload) {
    auto targets = entry::erased_indexes(*it.payload);
    if (!targets) return bad(i, "erasure payload: " + targets.error().message);
    for (std::uint64_t t : *targets) {
      if (t >= i) return bad(i, "erasure names entry " + std::to_string(t) + ", which is not earlier");
      report_.erased_payloads += missing_.erase(t);
    }
  }
  auto pos = versions_.find(StreamProbe{it.stream_hash, e.stream});
  if (pos == versions_.end()) pos = versions_.emplace(e.stream, 0).first;
  if (e.version != pos->second + 1)
    return bad(i, "stream '" + e.stream + "' jumps from version " + std::to_string(pos->second) + " to " +
                      std::to_string(e.version));
  pos->second = e.version;
  if (stream_of_ != nullptr) stream_of_->emplace_back(it.stream_hash, e.version);
  if (tree_ != nullptr) tree_->append(it.leaf);
  last_time_ = e.recorded_at;
  report_.last_leaf = it.leaf;
  report_.bytes += it.bytes.size() + (it.payload ? it.payload->size() : 0);
  ++report_.entries;
  return true;
}

bool ChainChecker::finish(const std::optional<Head>& head) {
  const std::uint64_t n = report_.entries;
  if (!head) {
    // A bundle has no commit record: signed checkpoints cover the tail instead.
    if (broken_link_)
      return bad(n - 2, "the leaf hash does not match the prev recorded by entry " + std::to_string(n - 1) +
                            " (this entry or that link was altered)");
    return true;
  }
  const bool head_matches = head && head->size == n && head->last_leaf == report_.last_leaf;
  if (broken_link_) {
    // The link into the last entry broke: the head says which side was altered.
    if (head_matches)
      return bad(n - 2, "entry bytes were altered: the leaf hash no longer matches the prev recorded by entry " +
                            std::to_string(n - 1));
    return bad(n - 1, "entry bytes were altered: prev does not match the entry before it");
  }
  if (n > 0 && !head_matches) {
    if (head && head->size != n)
      return bad(std::min(head->size, n), "the ledger holds " + std::to_string(n) + " entries but its head records " +
                                              std::to_string(head->size));
    return bad(n - 1, "entry bytes were altered: the leaf hash does not match the head recorded at commit");
  }
  if (!missing_.empty()) return bad(*missing_.begin(), "payload is missing and no payload.erased entry erases it");
  return true;
}

bool ChainChecker::bad(std::uint64_t index, std::string why) {
  report_.bad_index = index;
  report_.problem = "entry " + std::to_string(index) + ": " + std::move(why);
  return false;
}

}  // namespace dauvet::verify_detail
