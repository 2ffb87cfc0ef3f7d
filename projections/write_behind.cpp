#include "projections/write_behind.hpp"

#include <cstring>

#include "base/thread_name.hpp"

namespace dauvet::projections {

namespace {
// Rows handed over together: one lock per this many bytes. The queue holds at most
// kMaxQueued hand-overs (64 MiB), so a slow disk holds the producer back instead of memory
// growing. It must be deep enough to take the rows the producer makes while a commit is
// written and synced (a 20,000-entry chunk is ~50 MB of rows): with 2 MiB the producer
// stood still for most of each commit, and the rebuild was 12-19% slower.
constexpr std::size_t kBytesPerHandOver = 256 * 1024;
constexpr std::size_t kMaxQueued = 256;

void put_u32(std::string& out, std::size_t v) {
  const auto u = static_cast<std::uint32_t>(v);
  out.append(reinterpret_cast<const char*>(&u), sizeof u);  // read back by this process only
}

std::uint32_t take_u32(const char*& p) {
  std::uint32_t u = 0;
  std::memcpy(&u, p, sizeof u);
  p += sizeof u;
  return u;
}
}  // namespace

WriteBehind::WriteBehind(const lmdb::Env& env) : env_(env) {
  pending_.reserve(kBytesPerHandOver + 64 * 1024);
  thread_ = std::thread([this] { run(); });
}

WriteBehind::~WriteBehind() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void WriteBehind::put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  put_u32(pending_, dbi);
  put_u32(pending_, flags);
  put_u32(pending_, key.size());
  put_u32(pending_, value.size());
  pending_.append(key);
  pending_.append(value);
  if (pending_.size() >= kBytesPerHandOver) flush();
}

void WriteBehind::flush() {
  if (pending_.empty()) return;
  Rows next;
  {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    queue_.emplace_back(std::move(pending_));
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  changed_.notify_all();
  pending_ = std::move(next);
  pending_.clear();
}

WriteBehind::Ticket WriteBehind::enqueue(Call fn, bool commit, bool recover) {
  flush();
  auto job = std::make_shared<Job>(Job{std::move(fn), commit, recover, std::nullopt});
  {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    queue_.emplace_back(job);
  }
  changed_.notify_all();
  return job;
}

Result<void> WriteBehind::wait(const Ticket& ticket) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return ticket->result.has_value(); });
  return *ticket->result;
}

Result<void> WriteBehind::call(Call fn) { return wait(enqueue(std::move(fn), false, false)); }

WriteBehind::Ticket WriteBehind::commit_async(Call last) { return enqueue(std::move(last), true, false); }

Result<void> WriteBehind::commit(Call last) {
  auto r = wait(commit_async(std::move(last)));
  if (!r) recover();
  return r;
}

void WriteBehind::recover() { (void)wait(enqueue(nullptr, false, true)); }

lmdb::Txn* WriteBehind::open_txn() {
  if (failed_) return nullptr;
  if (!txn_) {
    auto txn = lmdb::Txn::begin_write(env_);
    if (!txn) {
      failed_ = txn.error();
      return nullptr;
    }
    txn_.emplace(std::move(*txn));
  }
  return &*txn_;
}

void WriteBehind::apply(const Rows& rows) {
  lmdb::Txn* txn = open_txn();
  if (txn == nullptr) return;
  for (const char* p = rows.data(); p < rows.data() + rows.size();) {
    const MDB_dbi dbi = take_u32(p);
    const unsigned flags = take_u32(p);
    const std::size_t key_size = take_u32(p), value_size = take_u32(p);
    const std::string_view key(p, key_size), value(p + key_size, value_size);
    p += key_size + value_size;
    auto r = txn->put(dbi, key, value, flags);
    // A held row (held_rows.hpp) not greater than the table's last key: put it in place.
    if (!r && (flags & MDB_APPEND) != 0 && r.error().code == Errc::conflict) r = txn->put(dbi, key, value, flags & ~MDB_APPEND);
    if (!r && !((flags & MDB_NOOVERWRITE) != 0 && r.error().code == Errc::conflict)) {
      failed_ = r.error();
      txn_.reset();  // aborts
      return;
    }
  }
}

void WriteBehind::apply(Job& job) {
  Result<void> result;
  if (job.recover) {
    // The producer has seen the failure, or gives the transaction up: whatever it holds is
    // abandoned (it would block any other writer) and the next one starts afresh.
    failed_.reset();
    txn_.reset();
  } else if (lmdb::Txn* txn = open_txn()) {
    result = job.fn(*txn);
    if (result && job.commit) result = txn->commit();
    if (!result) failed_ = result.error();
  }
  if (failed_) result = fail(*failed_);
  if (job.commit || failed_) txn_.reset();  // committed, or abandoned
  std::lock_guard lock(mu_);
  job.result = std::move(result);
}

void WriteBehind::run() {
  name_this_thread("dauvet-rows");
  for (;;) {
    Item item;
    {
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;  // stopping, and nothing left: every job was answered
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    changed_.notify_all();  // room in the queue
    if (auto* rows = std::get_if<Rows>(&item)) {
      apply(*rows);
      rows->clear();
      std::lock_guard lock(mu_);
      if (spare_.size() < kMaxQueued) spare_.push_back(std::move(*rows));
    } else {
      apply(*std::get<Ticket>(item));
      changed_.notify_all();
    }
  }
  txn_.reset();
}

}  // namespace dauvet::projections
