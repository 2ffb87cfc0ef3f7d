#include "projections/entry_feed.hpp"

#include <algorithm>

#include "base/thread_name.hpp"
#include "core/canonical_json.hpp"

namespace dauvet::projections {

namespace {
// A streams key is stream bytes, 0x00, u64be version (core/store.hpp).
constexpr std::size_t kVersionBytes = 8;
}  // namespace

EntryFeed::EntryFeed(const Ledger& ledger, std::uint64_t to, std::size_t slice, std::size_t depth,
                     std::size_t readers)
    : ledger_(ledger), depth_(std::max<std::size_t>(depth, 1)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(readers, 1); ++i) {
    threads_.emplace_back([this, to, slice = std::max<std::size_t>(slice, 1)] { run(to, slice); });
  }
}

EntryFeed::~EntryFeed() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& t : threads_) t.join();
}

Result<void> EntryFeed::walk(std::uint64_t to, std::size_t slice, Plan& plan) {
  auto snap = ledger_.read();
  if (!snap) return fail(snap.error());
  const LedgerView& view = snap->view();
  auto cursor = lmdb::Cursor::open(view.txn(), view.dbs().streams);
  if (!cursor) return fail(cursor.error());
  auto item = walk_.after.empty() ? cursor->first() : cursor->seek(walk_.after);
  if (item && *item && (*item)->key == walk_.after) item = cursor->next();
  std::string_view last;
  for (; plan.rows.size() < slice; item = cursor->next()) {
    if (!item) return fail(item.error());
    if (!*item) {
      walk_.done = true;
      break;
    }
    const auto [key, value] = **item;
    last = key;
    if (key.size() < kVersionBytes + 2 || key[key.size() - kVersionBytes - 1] != '\0' || value.size() != 8) {
      return fail(Errc::corrupt, "streams index: a row is not (stream, version) -> index");
    }
    const std::uint64_t index = keys::read_u64(value);
    if (index >= to) continue;  // appended after the rebuild began
    plan.keys.append(key);
    plan.rows.emplace_back(index, key.size());
  }
  walk_.after.assign(last);
  walk_.seen += plan.rows.size();
  if (walk_.done && walk_.seen != to) {
    return fail(Errc::corrupt, "streams index: it lists " + std::to_string(walk_.seen) + " entries below " +
                                   std::to_string(to) + ", the ledger has " + std::to_string(to));
  }
  return {};
}

Result<std::vector<FedEntry>> EntryFeed::read(const Plan& plan, std::vector<FedEntry> out) const {
  auto snap = ledger_.read();
  if (!snap) return fail(snap.error());
  const LedgerView& view = snap->view();
  // A used slice's entries are filled again: their strings keep their buffers, and only
  // the parsed payloads are made anew.
  out.resize(plan.rows.size());
  std::size_t at = 0;
  for (std::size_t i = 0; i < plan.rows.size(); ++i) {
    const auto [index, key_size] = plan.rows[i];
    const std::string_view key = std::string_view(plan.keys).substr(at, key_size);
    at += key_size;
    const std::string_view stream = key.substr(0, key.size() - kVersionBytes - 1);
    const std::uint64_t version = keys::read_u64(key.substr(key.size() - kVersionBytes));
    FedEntry& fed = out[i];
    if (auto r = view.entry_into(index, fed.entry); !r) return fail(r.error());
    if (fed.entry.stream != stream || fed.entry.version != version) {
      return fail(Errc::corrupt, "streams index: " + std::string(stream) + " version " + std::to_string(version) +
                                     " names entry " + std::to_string(index) + ", which is " + fed.entry.stream +
                                     " version " + std::to_string(fed.entry.version));
    }
    auto payload = view.payload(index);
    if (!payload) return fail(payload.error());
    if (!*payload) {
      fed.payload.reset();
      fed.parsed = nullptr;
      continue;
    }
    if (!fed.payload) fed.payload.emplace();
    fed.payload->assign(**payload);
    // Not JSON cannot happen for a payload the writer accepted; the projector treats it
    // as an empty payload, as it always has, and verify is what reports such bytes.
    fed.parsed = canonical::read_stored(*fed.payload);
  }
  return out;
}

void EntryFeed::deliver(std::uint64_t number, Result<std::vector<FedEntry>> slice, bool last) {
  {
    std::lock_guard lock(mu_);
    ready_.emplace(number, std::move(slice));
    if (last && !slices_) slices_ = number + 1;
  }
  changed_.notify_all();
}

void EntryFeed::run(std::uint64_t to, std::size_t slice) {
  name_this_thread("dauvet-feed");
  for (;;) {
    std::vector<FedEntry> reused;
    {
      std::lock_guard lock(mu_);
      if (!used_.empty()) {
        reused = std::move(used_.back());
        used_.pop_back();
      }
    }
    Plan plan;
    std::uint64_t number = 0;
    bool last = false;
    {
      std::unique_lock walking(walk_mu_);
      {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return stopping_ || walk_ended_ || walked_ < taken_ + depth_; });
        if (stopping_ || walk_ended_) return;
      }
      number = walked_++;
      auto walked = walk(to, slice, plan);  // its snapshot has ended before anyone waits
      if (!walked) {
        walk_ended_ = true;
        deliver(number, fail(walked.error()), true);
        return;
      }
      walk_ended_ = last = walk_.done;
    }
    deliver(number, read(plan, std::move(reused)), last);
  }
}

void EntryFeed::recycle(std::vector<FedEntry> used) {
  std::lock_guard lock(mu_);
  used_.push_back(std::move(used));
}

Result<std::vector<FedEntry>> EntryFeed::next() {
  std::unique_lock lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return ready_.contains(taken_) || (slices_ && taken_ >= *slices_); });
    if (slices_ && taken_ >= *slices_) return std::vector<FedEntry>{};  // every slice taken
    auto it = ready_.find(taken_);
    Result<std::vector<FedEntry>> out = std::move(it->second);
    ready_.erase(it);
    ++taken_;
    changed_.notify_all();  // room for a reader
    if (!out) {
      slices_ = taken_;  // nothing after a failure
      return out;
    }
    if (!out->empty()) return out;
  }
}

}  // namespace dauvet::projections
