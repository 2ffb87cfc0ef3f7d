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

// (hash of stream, version) per index, for the cross-check with the streams database.
using StreamVersions = std::vector<std::pair<std::size_t, std::uint64_t>>;

// Checks entries in order; holds what one entry needs to know of those before it.
class ChainChecker {
 public:
  ChainChecker(VerifyReport& report, std::vector<crypto::Hash>* leaves, StreamVersions* stream_of)
      : report_(report), leaves_(leaves), stream_of_(stream_of) {}

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
    if (stream_of_ != nullptr) stream_of_->emplace_back(std::hash<std::string>{}(e.stream), e.version);
    if (leaves_ != nullptr) leaves_->push_back(it.leaf);
    last_time_ = e.recorded_at;
    report_.last_leaf = it.leaf;
    report_.bytes += it.bytes.size() + (it.payload ? it.payload->size() : 0);
    ++report_.entries;
    return true;
  }

  bool finish(const std::optional<Head>& head) {
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

  bool bad(std::uint64_t index, std::string why) {
    report_.bad_index = index;
    report_.problem = "entry " + std::to_string(index) + ": " + std::move(why);
    return false;
  }

  // (hash of stream, version) per index, for the cross-check with the streams database.

 private:
  VerifyReport& report_;
  std::vector<crypto::Hash>* leaves_;
  std::string last_time_;
  std::optional<std::uint64_t> broken_link_;
  std::set<std::uint64_t> missing_;
  std::unordered_map<std::string, std::uint64_t> versions_;
  StreamVersions* stream_of_;
};

Result<void> check_streams_index(const LedgerView& view, const StreamVersions& known, VerifyReport& report) {
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
    if (index >= known.size() || known[index] != std::pair{std::hash<std::string>{}(stream), version}) {
      report.bad_index = std::min<std::uint64_t>(index, known.size());
      report.problem = "entry " + std::to_string(*report.bad_index) + ": streams index maps '" + stream + "' version " +
                       std::to_string(version) + " here, but the entry differs";
      return {};
    }
  }
  if (*records != report.entries)
    report.problem = "streams index holds " + std::to_string(*records) + " records for " + std::to_string(report.entries) +
                     " entries";
  return {};
}

class LmdbSource final : public EntrySource {
 public:
  static Result<std::unique_ptr<LmdbSource>> open(const LedgerView& view) {
    auto src = std::make_unique<LmdbSource>();
    auto e = lmdb::Cursor::open(view.txn(), view.dbs().entries);
    if (!e) return fail(e.error());
    auto p = lmdb::Cursor::open(view.txn(), view.dbs().payloads);
    if (!p) return fail(p.error());
    src->entries_ = std::move(*e);
    src->payloads_ = std::move(*p);
    src->e_ = src->entries_.first();
    src->p_ = src->payloads_.first();
    return src;
  }

  // The views point into LMDB's map, valid for the whole read transaction.
  Result<void> next(std::vector<RawEntry>& out, std::size_t max) override {
    out.clear();
    for (; e_ && *e_ && out.size() < max; e_ = entries_.next()) {
      if ((*e_)->key.size() != 8) return fail(Errc::corrupt, "entries: a key is not 8 bytes");
      RawEntry r{keys::read_u64((*e_)->key), (*e_)->value, std::nullopt};
      while (p_ && *p_ && keys::read_u64((*p_)->key) < r.key) p_ = payloads_.next();
      if (p_ && *p_ && keys::read_u64((*p_)->key) == r.key) {
        r.payload = (*p_)->value;
        p_ = payloads_.next();
      }
      out.push_back(r);
    }
    if (!e_) return fail(e_.error());
    if (!p_) return fail(p_.error());
    return {};
  }

  std::optional<std::uint64_t> orphan_payload() const override {
    if (p_ && *p_) return keys::read_u64((*p_)->key);
    return std::nullopt;
  }

 private:
  lmdb::Cursor entries_, payloads_;
  Result<std::optional<lmdb::Cursor::Item>> e_ = std::optional<lmdb::Cursor::Item>{}, p_ = std::optional<lmdb::Cursor::Item>{};
};

}  // namespace

Result<VerifyReport> verify_entries_collecting(EntrySource& source, const VerifyOptions& options,
                                               const std::optional<Head>& head, StreamVersions* stream_of);

Result<VerifyReport> verify_entries(EntrySource& source, const VerifyOptions& options, const std::optional<Head>& head) {
  return verify_entries_collecting(source, options, head, nullptr);
}

Result<VerifyReport> verify_entries_collecting(EntrySource& source, const VerifyOptions& options,
                                               const std::optional<Head>& head, StreamVersions* stream_of) {
  VerifyReport report;
  ChainChecker chain(report, options.leaves, stream_of);
  const unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<RawEntry> raw;
  auto read_chunk = [&](std::vector<Item>& out) -> Result<void> {
    if (auto r = source.next(raw, kChunk); !r) return r;
    out.clear();
    for (const RawEntry& r : raw) {
      Item it;
      it.key = r.key;
      it.bytes = r.bytes;
      it.payload = r.payload;
      out.push_back(std::move(it));
    }
    return {};
  };
  // Pipeline: workers hash and decode chunk k+1 while this thread reads it and then checks
  // chunk k in order.
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
  if (auto orphan = source.orphan_payload()) {
    chain.bad(*orphan, "a payload is stored for an entry that does not exist");
    return report;
  }
  chain.finish(head);
  return report;
}

Result<VerifyReport> verify_ledger(const LedgerView& view, const VerifyOptions& options) {
  auto source = LmdbSource::open(view);
  if (!source) return fail(source.error());
  auto head = view.head();
  if (!head) return fail(head.error());
  StreamVersions stream_of;
  auto report = verify_entries_collecting(**source, options, *head, &stream_of);
  if (!report || !report->ok()) return report;
  if (auto s = check_streams_index(view, stream_of, *report); !s) return fail(s.error());
  return report;
}

}  // namespace dauvet
