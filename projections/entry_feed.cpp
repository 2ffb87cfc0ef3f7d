#include "projections/entry_feed.hpp"

#include <algorithm>

#include "base/thread_name.hpp"

namespace dauvet::projections {

EntryFeed::EntryFeed(const Ledger& ledger, std::uint64_t from, std::uint64_t to, std::size_t slice,
                     std::size_t depth)
    : ledger_(ledger), depth_(std::max<std::size_t>(depth, 1)) {
  thread_ = std::thread([this, from, to, slice = std::max<std::size_t>(slice, 1)] { run(from, to, slice); });
}

EntryFeed::~EntryFeed() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

Result<std::vector<FedEntry>> EntryFeed::read_slice(std::uint64_t from, std::uint64_t to) const {
  auto snap = ledger_.read();
  if (!snap) return fail(snap.error());
  std::vector<FedEntry> out;
  out.reserve(to - from);
  for (std::uint64_t i = from; i < to; ++i) {
    auto e = snap->view().entry(i);
    if (!e) return fail(e.error());
    auto payload = snap->view().payload(i);
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
  return out;
}

void EntryFeed::run(std::uint64_t from, std::uint64_t to, std::size_t slice) {
  name_this_thread("dauvet-feed");
  for (std::uint64_t next = from; next < to;) {
    const std::uint64_t end = std::min<std::uint64_t>(to, next + slice);
    std::vector<std::vector<FedEntry>> used;
    {
      std::lock_guard lock(mu_);
      used.swap(used_);
    }
    used.clear();                        // freed here, where it was allocated
    auto items = read_slice(next, end);  // its snapshot has ended before we wait below
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stopping_ || ready_.size() < depth_; });
    if (stopping_) return;
    if (!items) {
      error_ = items.error();
      break;
    }
    ready_.push_back(std::move(*items));
    lock.unlock();
    changed_.notify_all();
    next = end;
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
