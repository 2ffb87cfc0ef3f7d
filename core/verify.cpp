#include "core/verify.hpp"

#include <algorithm>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "core/audit.hpp"
#include "core/verify_chain.hpp"

namespace dauvet {
namespace {

using verify_detail::ChainChecker;
using verify_detail::Item;
using verify_detail::StreamVersions;


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
      it.payload.reset();
      while (p && *p && keys::read_u64((*p)->key) < key) p = payloads_.next();
      if (p && *p && keys::read_u64((*p)->key) == key) it.payload = (*p)->value;
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
  RangeReader(lmdb::Cursor e, lmdb::Cursor p) : entries_(std::move(e)), payloads_(std::move(p)) {}
  lmdb::Cursor entries_, payloads_;
};

// Fills one chunk, in key order across its parts; returns false when there is nothing left.
using FillChunk = std::function<Result<bool>(std::vector<std::vector<Item>>& parts)>;

// Pipeline: the fill of chunk k+1 (reading, hashing, decoding, on worker threads) runs
// while this thread checks chunk k in order.
Result<VerifyReport> check_chunks(const FillChunk& fill, const VerifyOptions& options, const std::optional<Head>& head,
                                  StreamVersions* stream_of, const std::function<Result<std::optional<std::uint64_t>>()>& orphan) {
  VerifyReport report;
  ChainChecker chain(report, options.tree, stream_of);
  std::vector<std::vector<Item>> chunks[2];
  std::size_t cur = 0;
  auto more = fill(chunks[cur]);
  while (more && *more) {
    const std::size_t nxt = cur ^ 1;
    auto filling = std::async(std::launch::async, [&, nxt] { return fill(chunks[nxt]); });
    for (auto& part : chunks[cur]) {
      for (Item& it : part) {
        if (!chain.check(it)) {
          filling.wait();
          return report;
        }
      }
    }
    if (options.progress) options.progress(report.entries);
    more = filling.get();
    cur = nxt;
  }
  if (!more) return fail(more.error());
  auto stray = orphan();
  if (!stray) return fail(stray.error());
  if (*stray) {
    chain.bad(**stray, "a payload is stored for an entry that does not exist");
    return report;
  }
  chain.finish(head);
  return report;
}

unsigned thread_count(const VerifyOptions& options) {
  return options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

Result<VerifyReport> verify_entries(EntrySource& source, const VerifyOptions& options, const std::optional<Head>& head) {
  const unsigned threads = thread_count(options);
  std::vector<RawEntry> raw;
  FillChunk fill = [&](std::vector<std::vector<Item>>& parts) -> Result<bool> {
    if (auto r = source.next(raw, std::max<std::size_t>(1, options.chunk)); !r) return fail(r.error());
    parts.resize(1);
    parts[0].resize(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      parts[0][i].key = raw[i].key;
      parts[0][i].bytes = raw[i].bytes;
      parts[0][i].payload = raw[i].payload;
    }
    verify_detail::hash_chunk(parts[0], threads);
    return !raw.empty();
  };
  return check_chunks(fill, options, head, nullptr, [&]() -> Result<std::optional<std::uint64_t>> {
    return source.orphan_payload();
  });
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
  std::uint64_t next = 0;
  FillChunk fill = [&](std::vector<std::vector<Item>>& parts) -> Result<bool> {
    if (next >= *size) return false;
    const std::uint64_t end = std::min<std::uint64_t>(*size, next + std::max<std::size_t>(1, options.chunk));
    parts.resize(readers.size());
    if (readers.size() == 1) {
      if (auto r = readers[0].read(next, end, parts[0]); !r) return fail(r.error());
      verify_detail::hash_chunk(parts[0], threads);
    } else {
      const std::uint64_t per = (end - next + readers.size() - 1) / readers.size();
      std::vector<std::future<Result<void>>> work;
      for (std::size_t t = 0; t < readers.size(); ++t) {
        const std::uint64_t b = std::min(end, next + t * per), e = std::min(end, b + per);
        work.push_back(std::async(std::launch::async, [&, t, b, e]() -> Result<void> {
          if (auto r = readers[t].read(b, e, parts[t]); !r) return r;
          verify_detail::hash_items(parts[t], 0, parts[t].size());
          return {};
        }));
      }
      for (auto& w : work) {
        if (auto r = w.get(); !r) return fail(r.error());
      }
    }
    next = end;
    return true;
  };
  StreamVersions stream_of;
  stream_of.reserve(*size);
  if (options.tree != nullptr) options.tree->reserve(*size);
  auto report = check_chunks(fill, options, *head, &stream_of, [&] { return readers[0].orphan_after(*size); });
  if (!report || !report->ok()) return report;
  if (options.tree == nullptr) {
    if (auto s = check_streams_index(view, stream_of, *report); !s) return fail(s.error());
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
  if (auto s = check_streams_index(view, stream_of, *report); !s) return fail(s.error());
  auto tree_problem = tree_check.valid() ? tree_check.get() : compare_tree();
  if (!tree_problem) return fail(tree_problem.error());
  if (report->ok() && *tree_problem) report->problem = std::move(**tree_problem);
  return report;
}

}  // namespace dauvet
