#include "projections/entry_feed.hpp"

#include <algorithm>

#include "base/thread_name.hpp"

namespace dauvet::projections {

namespace {
// A streams key is stream bytes, 0x00, u64be version (core/store.hpp).
constexpr std::size_t kVersionBytes = 8;
}  // namespace

EntryFeed::EntryFeed(const Ledger& ledger, std::uint64_t to, std::size_t slice, std::size_t depth)
    : ledger_(ledger), depth_(std::max<std::size_t>(depth, 1)) {
  thread_ = std::thread([this, to, slice = std::max<std::size_t>(slice, 1)] { run(to, slice); });
}

EntryFeed::~EntryFeed() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

Result<std::vector<FedEntry>> EntryFeed::read_slice(Walk& walk, std::uint64_t to, std::size_t slice) const {
  auto snap = ledger_.read();
  if (!snap) return fail(snap.error());
  const LedgerView& view = snap->view();
  auto cursor = lmdb::Cursor::open(view.txn(), view.dbs().streams);
  if (!cursor) return fail(cursor.error());
  auto item = walk.after.empty() ? cursor->first() : cursor->seek(walk.after);
  if (item && *item && (*item)->key == walk.after) item = cursor->next();
  std::vector<FedEntry> out;
  out.reserve(slice);
  std::string_view last;
  for (; out.size() < slice; item = cursor->next()) {
    if (!item) return fail(item.error());
    if (!*item) {
      walk.done = true;
      break;
    }
    const auto [key, value] = **item;
    last = key;
    if (key.size() < kVersionBytes + 2 || key[key.size() - kVersionBytes - 1] != '\0' || value.size() != 8) {
      return fail(Errc::corrupt, "streams index: a row is not (stream, version) -> index");
    }
    const std::uint64_t index = keys::read_u64(value);
    if (index >= to) continue;  // appended after the rebuild began
    const std::string_view stream = key.substr(0, key.size() - kVersionBytes - 1);
    const std::uint64_t version = keys::read_u64(key.substr(key.size() - kVersionBytes));
    auto e = view.entry(index);
    if (!e) return fail(e.error());
    if (e->stream != stream || e->version != version) {
      return fail(Errc::corrupt, "streams index: " + std::string(stream) + " version " + std::to_string(version) +
                                     " names entry " + std::to_string(index) + ", which is " + e->stream + " version " +
                                     std::to_string(e->version));
    }
    auto payload = view.payload(index);
    if (!payload) return fail(payload.error());
    FedEntry& fed = out.emplace_back(FedEntry{std::move(*e), std::nullopt, nullptr});
    if (*payload) {
      fed.payload.emplace(**payload);
      // Not JSON cannot happen for a payload the writer accepted; the projector treats it
      // as an empty payload, as it always has, and verify is what reports such bytes.
      fed.parsed = nlohmann::json::parse(*fed.payload, nullptr, /*allow_exceptions=*/false);
      if (fed.parsed.is_discarded()) fed.parsed = nullptr;
    }
  }
  walk.after.assign(last);
  walk.seen += out.size();
  if (walk.done && walk.seen != to) {
    return fail(Errc::corrupt, "streams index: it lists " + std::to_string(walk.seen) + " entries below " +
                                   std::to_string(to) + ", the ledger has " + std::to_string(to));
  }
  return out;
}

void EntryFeed::run(std::uint64_t to, std::size_t slice) {
  name_this_thread("dauvet-feed");
  for (Walk walk; !walk.done;) {
    std::vector<std::vector<FedEntry>> used;
    {
      std::lock_guard lock(mu_);
      used.swap(used_);
    }
    used.clear();                               // freed here, where it was allocated
    auto items = read_slice(walk, to, slice);  // its snapshot has ended before we wait below
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stopping_ || ready_.size() < depth_; });
    if (stopping_) return;
    if (!items) {
      error_ = items.error();
      break;
    }
    if (items->empty()) continue;  // the last rows were all past `to`, or there were none
    ready_.push_back(std::move(*items));
    lock.unlock();
    changed_.notify_all();
  }
  {
    std::lock_guard lock(mu_);
    finished_ = true;
  }
  changed_.notify_all();
}

void EntryFeed::recycle(std::vector<FedEntry> used) {
  std::lock_guard lock(mu_);
  used_.push_back(std::move(used));
}

Result<std::vector<FedEntry>> EntryFeed::next() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
  if (ready_.empty()) {
    if (error_) return fail(*error_);
    return std::vector<FedEntry>{};
  }
  std::vector<FedEntry> out = std::move(ready_.front());
  ready_.pop_front();
  lock.unlock();
  changed_.notify_all();
  return out;
}

}  // namespace dauvet::projections
