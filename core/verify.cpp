#include "core/verify.hpp"

#include <algorithm>
#include <future>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/canonical_json.hpp"
#include "core/entry.hpp"

namespace dauvet {
namespace {

constexpr std::size_t kChunk = 4096;

struct Item {
  std::uint64_t key = 0;
  std::string_view bytes;
  std::optional<std::string_view> payload;
  // Filled by the hashing threads:
  Result<Entry> entry = fail(Errc::internal, "not decoded");
  crypto::Hash leaf{};
  bool payload_matches = false;
};

void hash_items(std::vector<Item>& items, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i) {
    Item& it = items[i];
    it.leaf = crypto::leaf_hash(it.bytes);
    it.entry = entry::decode(it.bytes);
    if (it.entry && it.payload) it.payload_matches = crypto::sha256(*it.payload) == it.entry->payload_sha256;
  }
}

void hash_chunk(std::vector<Item>& items, unsigned threads) {
  if (threads <= 1 || items.size() < 256) return hash_items(items, 0, items.size());
  std::vector<std::thread> pool;
  const std::size_t per = (items.size() + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    const std::size_t b = std::min(items.size(), t * per), e = std::min(items.size(), b + per);
    pool.emplace_back([&items, b, e] { hash_items(items, b, e); });
  }
  hash_items(items, 0, std::min(items.size(), per));
  for (auto& th : pool) th.join();
}

// Checks entries in order; holds what one entry needs to know of those before it.
class ChainChecker {
 public:
  explicit ChainChecker(VerifyReport& report) : report_(report) {}

  bool check(Item& it) {
    const std::uint64_t i = report_.entries;
    if (it.key != i) return bad(i, it.key > i ? "entry is missing (the next stored key is " + std::to_string(it.key) + ")"
                                               : "entry key out of order");
    if (!it.entry) return bad(i, it.entry.error().message);
    const Entry& e = *it.entry;
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
    auto [pos, fresh] = versions_.try_emplace(e.stream, 0);
    if (e.version != pos->second + 1)
      return bad(i, "stream '" + e.stream + "' jumps from version " + std::to_string(pos->second) + " to " +
                        std::to_string(e.version));
    pos->second = e.version;
    stream_of_.emplace_back(std::hash<std::string>{}(e.stream), e.version);
    last_time_ = e.recorded_at;
    report_.last_leaf = it.leaf;
    report_.bytes += it.bytes.size() + (it.payload ? it.payload->size() : 0);
    ++report_.entries;
    return true;
  }

  bool finish(const std::optional<Head>& head) {
    const std::uint64_t n = report_.entries;
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

  bool bad(std::uint64_t index, std::string why) {
    report_.bad_index = index;
    report_.problem = "entry " + std::to_string(index) + ": " + std::move(why);
    return false;
  }

  // (hash of stream, version) per index, for the cross-check with the streams database.
  const std::vector<std::pair<std::size_t, std::uint64_t>>& stream_of() const { return stream_of_; }

 private:
  VerifyReport& report_;
  std::string last_time_;
  std::optional<std::uint64_t> broken_link_;
  std::set<std::uint64_t> missing_;
  std::unordered_map<std::string, std::uint64_t> versions_;
  std::vector<std::pair<std::size_t, std::uint64_t>> stream_of_;
};

Result<void> check_streams_index(const LedgerView& view, ChainChecker& chain, VerifyReport& report) {
  auto records = view.txn().count(view.dbs().streams);
  if (!records) return fail(records.error());
  auto cursor = lmdb::Cursor::open(view.txn(), view.dbs().streams);
  if (!cursor) return fail(cursor.error());
  for (auto it = cursor->first(); it && *it; it = cursor->next()) {
    const std::string_view key = (*it)->key;
    if (key.size() < 10 || key[key.size() - 9] != '\0' || (*it)->value.size() != 8) {
      report.problem = "streams index holds a malformed record";
      return {};
    }
    const std::uint64_t index = keys::read_u64((*it)->value);
    const std::string stream(key.substr(0, key.size() - 9));
    const std::uint64_t version = keys::read_u64(key.substr(key.size() - 8));
    const auto& known = chain.stream_of();
    if (index >= known.size() || known[index] != std::pair{std::hash<std::string>{}(stream), version}) {
      chain.bad(std::min<std::uint64_t>(index, known.size()),
                "streams index maps '" + stream + "' version " + std::to_string(version) + " here, but the entry differs");
      return {};
    }
  }
  if (*records != report.entries)
    report.problem = "streams index holds " + std::to_string(*records) + " records for " + std::to_string(report.entries) +
                     " entries";
  return {};
}

}  // namespace

Result<VerifyReport> verify_ledger(const LedgerView& view, const VerifyOptions& options) {
  VerifyReport report;
  ChainChecker chain(report);
  const unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  auto entries = lmdb::Cursor::open(view.txn(), view.dbs().entries);
  if (!entries) return fail(entries.error());
  auto payloads = lmdb::Cursor::open(view.txn(), view.dbs().payloads);
  if (!payloads) return fail(payloads.error());
  auto e = entries->first();
  auto p = payloads->first();
  // Reads chunk `out` from the cursors (this thread only: the read transaction is not
  // shared); the views point into LMDB's map, valid for the whole snapshot.
  auto read_chunk = [&](std::vector<Item>& out) -> Result<void> {
    out.clear();
    for (; e && *e && out.size() < kChunk; e = entries->next()) {
      Item it;
      if ((*e)->key.size() != 8) return fail(Errc::corrupt, "entries: a key is not 8 bytes");
      it.key = keys::read_u64((*e)->key);
      it.bytes = (*e)->value;
      while (p && *p && keys::read_u64((*p)->key) < it.key) p = payloads->next();
      if (p && *p && keys::read_u64((*p)->key) == it.key) {
        it.payload = (*p)->value;
        p = payloads->next();
      }
      out.push_back(std::move(it));
    }
    if (!e) return fail(e.error());
    if (!p) return fail(p.error());
    return {};
  };
  // Pipeline: workers hash and decode chunk k+1 while this thread reads it from the
  // cursors and then checks chunk k in order.
  std::vector<Item> buffers[2];
  std::size_t cur = 0;
  if (auto r = read_chunk(buffers[cur]); !r) return fail(r.error());
  std::future<void> hashing = std::async(std::launch::async, [&, cur] { hash_chunk(buffers[cur], threads); });
  while (!buffers[cur].empty()) {
    const std::size_t nxt = cur ^ 1;
    auto read = read_chunk(buffers[nxt]);
    hashing.get();
    if (!read) return fail(read.error());
    hashing = std::async(std::launch::async, [&, nxt] { hash_chunk(buffers[nxt], threads); });
    for (Item& it : buffers[cur]) {
      if (!chain.check(it)) {
        hashing.get();
        return report;
      }
    }
    if (options.progress) options.progress(report.entries);
    cur = nxt;
  }
  hashing.get();
  if (p && *p) {
    chain.bad(keys::read_u64((*p)->key), "a payload is stored for an entry that does not exist");
    return report;
  }
  auto head = view.head();
  if (!head) return fail(head.error());
  if (!chain.finish(*head)) return report;
  if (auto r = check_streams_index(view, chain, report); !r) return fail(r.error());
  return report;
}

}  // namespace dauvet
