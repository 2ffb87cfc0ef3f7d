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

std::uint32_t take_u32(const char*& p) {
  std::uint32_t u = 0;
  std::memcpy(&u, p, sizeof u);
  p += sizeof u;
  return u;
}
}  // namespace

WriteBehind::WriteBehind(const lmdb::Env& env, std::unique_ptr<HeldRows> held) : env_(env), held_(std::move(held)) {
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
  // Read back by this process only, so in its own byte order.
  const std::uint32_t header[4] = {dbi, flags, static_cast<std::uint32_t>(key.size()),
                                   static_cast<std::uint32_t>(value.size())};
  pending_.append(reinterpret_cast<const char*>(header), sizeof header);
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

WriteBehind::Ticket WriteBehind::enqueue(Job j) {
  flush();
  auto job = std::make_shared<Job>(std::move(j));
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

Result<void> WriteBehind::call(Call fn) { return wait(enqueue(Job{Job::Kind::call, std::move(fn)})); }

WriteBehind::Ticket WriteBehind::commit_async(Call last) { return enqueue(Job{Job::Kind::commit, std::move(last)}); }

WriteBehind::Ticket WriteBehind::release_async(Call last, std::size_t commit_every) {
  return enqueue(Job{Job::Kind::release, std::move(last), commit_every});
}

Result<void> WriteBehind::commit(Call last) {
  auto r = wait(commit_async(std::move(last)));
  if (!r) recover();
  return r;
}

void WriteBehind::recover() { (void)wait(enqueue(Job{Job::Kind::recover})); }

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

bool WriteBehind::put_row(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  // Through the transaction's kept cursors: the release appends whole tables, and even a
  // put that must descend is spared a cursor's set-up.
  auto r = txn_->put_kept(dbi, key, value, flags);
  // An append of a key not greater than the table's last: put it in place.
  if (!r && (flags & MDB_APPEND) != 0 && r.error().code == Errc::conflict) {
    r = txn_->put_kept(dbi, key, value, flags & ~MDB_APPEND);
  }
  if (!r && !((flags & MDB_NOOVERWRITE) != 0 && r.error().code == Errc::conflict)) {
    failed_ = r.error();
    txn_.reset();  // aborts
    return false;
  }
  return true;
}

void WriteBehind::apply(const Rows& rows) {
  if (open_txn() == nullptr) return;
  for (const char* p = rows.data(); p < rows.data() + rows.size();) {
    const MDB_dbi dbi = take_u32(p);
    const unsigned flags = take_u32(p);
    const std::size_t key_size = take_u32(p), value_size = take_u32(p);
    const std::string_view key(p, key_size), value(p + key_size, value_size);
    p += key_size + value_size;
    if (held_ != nullptr && flags == 0 && held_->holds(dbi)) {
      held_->add(dbi, key, value);
      if (held_->full() && !release(nullptr, SIZE_MAX)) return;
      continue;
    }
    if (!put_row(dbi, key, value, flags)) return;
  }
}

Result<void> WriteBehind::release(const Call& last, std::size_t commit_every) {
  if (held_ == nullptr) return {};
  // The rows come table by table in key order, so each table is one run of appends.
  std::size_t since_commit = 0;
  held_->drain([&](MDB_dbi dbi, std::string_view key, std::string_view value) {
    lmdb::Txn* txn = open_txn();
    if (txn == nullptr || !put_row(dbi, key, value, MDB_APPEND)) return;  // failed: the rest is dropped
    since_commit += key.size() + value.size();
    if (since_commit < commit_every) return;
    since_commit = 0;
    Result<void> done = last ? last(*txn) : Result<void>{};
    if (done) done = txn->commit();
    if (!done) failed_ = done.error();
    txn_.reset();  // committed, or abandoned
  });
  if (failed_) return fail(*failed_);
  return {};
}

void WriteBehind::apply(Job& job) {
  Result<void> result;
  if (job.kind == Job::Kind::recover) {
    // The producer has seen the failure, or gives the transaction up: whatever it holds is
    // abandoned (it would block any other writer) and the next one starts afresh.
    // Held rows stay: one held again by a redo is written after the first, over it.
    failed_.reset();
    txn_.reset();
  } else if (job.kind == Job::Kind::release) {
    result = release(job.fn, job.commit_every);
  } else if (lmdb::Txn* txn = open_txn()) {
    result = job.fn(*txn);
    if (result && job.kind == Job::Kind::commit) result = txn->commit();
    if (!result) failed_ = result.error();
  }
  if (failed_) result = fail(*failed_);
  if (job.kind == Job::Kind::commit || failed_) txn_.reset();  // committed, or abandoned
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
