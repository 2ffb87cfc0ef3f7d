#include "core/verify.hpp"

#include <algorithm>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "core/audit.hpp"
#include "core/verify_chain.hpp"
#include "core/verify_parts.hpp"

namespace dauvet {
namespace {

using verify_detail::ChainChecker;
using verify_detail::hash_items;
using verify_detail::Item;
using verify_detail::PartPipeline;
using verify_detail::StreamVersions;

// Parts in flight per worker: enough that a worker never waits for the checker.
constexpr std::size_t kSlotsPerWorker = 4;
constexpr std::uint64_t kProgressEvery = 16384;

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
    const std::string_view stream = key.substr(0, key.size() - 9);
    const std::uint64_t version = keys::read_u64(key.substr(key.size() - 8));
    if (index >= known.size() || known[index] != std::pair{std::hash<std::string_view>{}(stream), version}) {
      report.bad_index = std::min<std::uint64_t>(index, known.size());
      report.problem = "entry " + std::to_string(*report.bad_index) + ": streams index maps '" + std::string(stream) + "' version " +
                       std::to_string(version) + " here, but the entry differs";
      return {};
    }
  }
  if (*records != report.entries)
    report.problem = "streams index holds " + std::to_string(*records) + " records for " + std::to_string(report.entries) +
                     " entries";
  return {};
}

// Reads entries [begin, end) with their payloads through its own cursors. Each thread
// reading the ledger has one, on its own transaction of the same snapshot: an LMDB
// transaction serves one thread at a time, and walking the B-tree is a third of the work.
class RangeReader {
 public:
  static Result<RangeReader> open(const lmdb::Txn& txn, const Dbs& dbs) {
    auto e = lmdb::Cursor::open(txn, dbs.entries);
    if (!e) return fail(e.error());
    auto p = lmdb::Cursor::open(txn, dbs.payloads);
    if (!p) return fail(p.error());
    return RangeReader(std::move(*e), std::move(*p));
  }

  // `out` is resized to the entries found; their views point into the map and stay valid
  // for the whole transaction. A payload without its entry is skipped here: the missing
  // entry is reported, or (after the last entry) orphan_after() finds it.
  Result<void> read(std::uint64_t begin, std::uint64_t end, std::vector<Item>& out) {
    std::size_t n = 0;
    auto e = entries_.seek(keys::u64(begin));
    auto p = payloads_.seek(keys::u64(begin));
    for (; e && *e; e = entries_.next()) {
      if ((*e)->key.size() != 8) return fail(Errc::corrupt, "entries: a key is not 8 bytes");
      const std::uint64_t key = keys::read_u64((*e)->key);
      if (key >= end) break;
      if (n == out.size()) out.resize(n + 1024);
      Item& it = out[n++];
      it.key = key;
      it.bytes = (*e)->value;
      prefetch_next_node(it.bytes.data());
      it.payload.reset();
      while (p && *p && keys::read_u64((*p)->key) < key) p = payloads_.next();
      if (p && *p && keys::read_u64((*p)->key) == key) {
        it.payload = (*p)->value;
        prefetch_next_node(it.payload->data());
      }
    }
    if (!e) return fail(e.error());
    if (!p) return fail(p.error());
    out.resize(n);
    return {};
  }

  Result<std::optional<std::uint64_t>> orphan_after(std::uint64_t end) {
    auto p = payloads_.seek(keys::u64(end));
    if (!p) return fail(p.error());
    if (!*p) return std::optional<std::uint64_t>{};
    return std::optional<std::uint64_t>{keys::read_u64((**p).key)};
  }

 private:
  // LMDB fills a page from its end down, so in a page built by appends the next key's
  // node lies just below this one. Walking the cursor stalled on each node header (a
  // sixth of verify's time); asking for the kilobyte below halves that, and the lines
  // are then warm for hashing too.
  static void prefetch_next_node(const char* value) {
    for (int back = 64; back <= 1024; back += 64) __builtin_prefetch(value - back);
  }

  RangeReader(lmdb::Cursor e, lmdb::Cursor p) : entries_(std::move(e)), payloads_(std::move(p)) {}
  lmdb::Cursor entries_, payloads_;
};

// Checks every part the pipeline yields, in order. False: stopped at a bad entry (the
// report says which).
Result<bool> check_parts(PartPipeline& parts, ChainChecker& chain, const VerifyReport& report, const VerifyOptions& options) {
  std::uint64_t told = 0;
  for (;;) {
    auto items = parts.next();
    if (!items) return fail(items.error());
    if (*items == nullptr) return true;
    for (Item& it : **items) {
      if (!chain.check(it)) return false;
    }
    if (options.progress && report.entries - told >= kProgressEvery) options.progress(told = report.entries);
  }
}

// After the last entry: no payload stored past it, and the chain's own end checks.
void finish(ChainChecker& chain, std::optional<std::uint64_t> stray, const std::optional<Head>& head) {
  if (stray) {
    chain.bad(*stray, "a payload is stored for an entry that does not exist");
    return;
  }
  chain.finish(head);
}

unsigned thread_count(const VerifyOptions& options) {
  return options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

Result<VerifyReport> verify_entries(EntrySource& source, const VerifyOptions& options, const std::optional<Head>& head) {
  std::vector<RawEntry> raw;
  const std::size_t part_size = std::max<std::size_t>(1, options.chunk);
  auto take = [&](std::uint64_t, std::vector<Item>& items) -> Result<bool> {
    if (auto r = source.next(raw, part_size); !r) return fail(r.error());
    items.resize(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      items[i].key = raw[i].key;
      items[i].bytes = raw[i].bytes;
      items[i].payload = raw[i].payload;
    }
    return !raw.empty();
  };
  auto work = [](unsigned, std::uint64_t, std::vector<Item>& items) -> Result<void> {
    hash_items(items, 0, items.size());
    return {};
  };
  VerifyReport report;
  ChainChecker chain(report, options.tree, nullptr);
  {
    const unsigned threads = thread_count(options);
    PartPipeline parts(threads, kSlotsPerWorker * threads, take, work);
    auto scanned = check_parts(parts, chain, report, options);
    if (!scanned) return fail(scanned.error());
    if (!*scanned) return report;
  }
  finish(chain, source.orphan_payload(), head);
  return report;
}

Result<VerifyReport> verify_ledger(const LedgerView& view, const VerifyOptions& options) {
  auto size = view.size();
  if (!size) return fail(size.error());
  auto head = view.head();
  if (!head) return fail(head.error());
  // A ledger kept without a tree has no "tree" database: nothing stored to compare. It is
  // opened before the other transactions begin, so that they know the handle too.
  Result<MDB_dbi> tree_dbi = fail(Errc::not_found, "no tree");
  if (options.tree != nullptr) {
    tree_dbi = view.txn().open_db("tree", 0);
    if (!tree_dbi && tree_dbi.error().code != Errc::not_found) return fail(tree_dbi.error());
  }
  // One reader per thread, each on a transaction of this view's snapshot. If the ledger
  // moved on before the others began (a server is writing), one reader and hashing
  // threads do the same work.
  std::vector<lmdb::Txn> siblings;
  std::vector<RangeReader> readers;
  const unsigned threads = thread_count(options);
  for (unsigned t = 1; t < threads && *size >= 2 * options.chunk; ++t) {
    auto txn = view.txn().begin_sibling_read();
    if (!txn) break;
    siblings.push_back(std::move(*txn));
  }
  auto first = RangeReader::open(view.txn(), view.dbs());
  if (!first) return fail(first.error());
  readers.push_back(std::move(*first));
  for (const lmdb::Txn& txn : siblings) {
    auto r = RangeReader::open(txn, view.dbs());
    if (!r) return fail(r.error());
    readers.push_back(std::move(*r));
  }
  // Each worker reads its parts through its own reader. With a single reader (the ledger
  // moved on before the others began), parts are read in turn and hashed in parallel.
  const std::size_t part_size = std::max<std::size_t>(1, options.chunk);
  auto range = [&](std::uint64_t part) {
    const std::uint64_t b = std::min<std::uint64_t>(*size, part * part_size);
    return std::pair{b, std::min<std::uint64_t>(*size, b + part_size)};
  };
  const bool shared_reader = readers.size() == 1;
  auto take = [&](std::uint64_t part, std::vector<Item>& items) -> Result<bool> {
    const auto [b, e] = range(part);
    if (b == e) return false;
    if (shared_reader) {
      if (auto r = readers[0].read(b, e, items); !r) return fail(r.error());
    }
    return true;
  };
  auto work = [&](unsigned worker, std::uint64_t part, std::vector<Item>& items) -> Result<void> {
    if (!shared_reader) {
      const auto [b, e] = range(part);
      if (auto r = readers[worker].read(b, e, items); !r) return r;
    }
    hash_items(items, 0, items.size());
    return {};
  };
  StreamVersions stream_of;
  stream_of.reserve(*size);
  if (options.tree != nullptr) options.tree->reserve(*size);
  VerifyReport report;
  ChainChecker chain(report, options.tree, &stream_of);
  {
    const unsigned workers = shared_reader ? threads : static_cast<unsigned>(readers.size());
    PartPipeline parts(workers, kSlotsPerWorker * workers, take, work);
    auto scanned = check_parts(parts, chain, report, options);
    if (!scanned) return fail(scanned.error());
    if (!*scanned) return report;
  }
  auto stray = readers[0].orphan_after(*size);
  if (!stray) return fail(stray.error());
  finish(chain, *stray, *head);
  if (!report.ok()) return report;
  if (options.tree == nullptr) {
    if (auto s = check_streams_index(view, stream_of, report); !s) return fail(s.error());
    return report;
  }
  // The stored tree is compared on another transaction of this snapshot while this thread
  // walks the streams index: the two are the serial tail of a verify.
  const lmdb::Txn& tree_txn = siblings.empty() ? view.txn() : siblings[0];
  auto compare_tree = [&]() -> Result<std::optional<std::string>> {
    if (!tree_dbi) return std::optional<std::string>{};
    return audit_stored_tree(tree_txn, *tree_dbi, *options.tree);
  };
  std::future<Result<std::optional<std::string>>> tree_check;
  if (!siblings.empty()) tree_check = std::async(std::launch::async, compare_tree);
  if (auto s = check_streams_index(view, stream_of, report); !s) return fail(s.error());
  auto tree_problem = tree_check.valid() ? tree_check.get() : compare_tree();
  if (!tree_problem) return fail(tree_problem.error());
  if (report.ok() && *tree_problem) report.problem = std::move(**tree_problem);
  return report;
}

}  // namespace dauvet
