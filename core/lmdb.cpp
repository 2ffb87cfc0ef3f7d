#include "core/lmdb.hpp"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

namespace dauvet::lmdb {

Error make_error(int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += mdb_strerror(rc);
  switch (rc) {
    case MDB_MAP_FULL: return {Errc::map_full, std::move(msg)};
    case ENOSPC:
    case EDQUOT: return {Errc::storage_full, std::move(msg)};
    case MDB_CORRUPTED:
    case MDB_PANIC:
    case MDB_INVALID:
    case MDB_VERSION_MISMATCH: return {Errc::corrupt, std::move(msg)};
    case MDB_KEYEXIST: return {Errc::conflict, std::move(msg)};
    case MDB_NOTFOUND: return {Errc::not_found, std::move(msg)};
    default: return {Errc::io, std::move(msg)};
  }
}

namespace {

// Less than 1 MiB left for the ledger's files.
bool disk_nearly_full(MDB_env* env) {
  const char* path = nullptr;
  if (env == nullptr || mdb_env_get_path(env, &path) != 0 || path == nullptr) return false;
  struct statvfs fs {};
  if (::statvfs(path, &fs) != 0) return false;
  return static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize < (std::uint64_t{1} << 20);
}

}  // namespace

// ---- ResizeGate ----

void ResizeGate::enter() {
  std::unique_lock lock(mu_);
  resumed_.wait(lock, [&] { return !resizing_; });
  ++open_;
}

void ResizeGate::enter_nested() {
  std::lock_guard lock(mu_);
  ++open_;
}

void ResizeGate::leave() {
  std::lock_guard lock(mu_);
  if (--open_ == 0 && resizing_) idle_.notify_all();
}

// ---- Env ----

Result<Env> Env::open(const std::string& dir, const Options& options) {
  Env env;
  env.gate_ = std::make_unique<ResizeGate>();
  if (int rc = mdb_env_create(&env.env_); rc != 0) return fail(make_error(rc, "mdb_env_create"));
  if (int rc = mdb_env_set_maxdbs(env.env_, options.max_dbs); rc != 0) return fail(make_error(rc, "mdb_env_set_maxdbs"));
  if (int rc = mdb_env_set_maxreaders(env.env_, options.max_readers); rc != 0)
    return fail(make_error(rc, "mdb_env_set_maxreaders"));
  if (int rc = mdb_env_set_mapsize(env.env_, options.map_size); rc != 0)
    return fail(make_error(rc, "mdb_env_set_mapsize"));
  // No MDB_NOSYNC / MDB_NOMETASYNC: a commit returns only once it is on disk.
  unsigned flags = MDB_NOTLS;
  if (options.read_only) flags |= MDB_RDONLY;
  if (int rc = mdb_env_open(env.env_, dir.c_str(), flags, 0640); rc != 0)
    return fail(make_error(rc, "cannot open ledger '" + dir + "'"));
  return env;
}

Env::Env(Env&& other) noexcept : env_(std::exchange(other.env_, nullptr)), gate_(std::move(other.gate_)) {}

Env& Env::operator=(Env&& other) noexcept {
  if (this != &other) {
    if (env_ != nullptr) mdb_env_close(env_);
    env_ = std::exchange(other.env_, nullptr);
    gate_ = std::move(other.gate_);
  }
  return *this;
}

Env::~Env() {
  if (env_ != nullptr) mdb_env_close(env_);
}

std::size_t Env::map_size() const {
  MDB_envinfo info{};
  mdb_env_info(env_, &info);
  return info.me_mapsize;
}

Result<void> Env::grow() {
  constexpr std::size_t kMaxStep = std::size_t{8} << 30;
  const std::size_t now = map_size();
  const std::size_t next = now + std::min(now, kMaxStep);
  if (int rc = mdb_env_set_mapsize(env_, next); rc != 0) return fail(make_error(rc, "growing the LMDB map"));
  return {};
}

Result<void> Env::adopt_size() {
  if (int rc = mdb_env_set_mapsize(env_, 0); rc != 0) return fail(make_error(rc, "adopting the LMDB map size"));
  return {};
}

// ---- Txn ----

namespace {

Result<MDB_txn*> begin(const Env& env, unsigned flags) {
  for (;;) {
    env.gate().enter();
    MDB_txn* txn = nullptr;
    const int rc = mdb_txn_begin(env.get(), nullptr, flags, &txn);
    if (rc == 0) return txn;
    env.gate().leave();
    if (rc != MDB_MAP_RESIZED) return fail(make_error(rc, "mdb_txn_begin"));
    // Another process grew the map; take the new size, then try again.
    auto adopted = env.gate().exclusive([&] { return const_cast<Env&>(env).adopt_size(); });
    if (!adopted) return fail(adopted.error());
  }
}

}  // namespace

Result<Txn> Txn::begin_read(const Env& env) {
  auto txn = begin(env, MDB_RDONLY);
  if (!txn) return fail(txn.error());
  return Txn(*txn, &env.gate(), false);
}

Result<Txn> Txn::begin_sibling_read() const {
  gate_->enter_nested();
  MDB_txn* txn = nullptr;
  if (const int rc = mdb_txn_begin(mdb_txn_env(txn_), nullptr, MDB_RDONLY, &txn); rc != 0) {
    gate_->leave();
    return fail(make_error(rc, "mdb_txn_begin"));
  }
  Txn sibling(txn, gate_, false);
  if (mdb_txn_id(txn) != mdb_txn_id(txn_)) return fail(Errc::conflict, "the ledger changed; the snapshots differ");
  return sibling;
}

Result<Txn> Txn::begin_write(const Env& env) {
  auto txn = begin(env, 0);
  if (!txn) return fail(txn.error());
  return Txn(*txn, &env.gate(), true);
}

Txn::Txn(Txn&& other) noexcept
    : txn_(std::exchange(other.txn_, nullptr)),
      gate_(std::exchange(other.gate_, nullptr)),
      writable_(other.writable_),
      kept_(other.kept_),
      kept_count_(std::exchange(other.kept_count_, 0)) {}

Txn& Txn::operator=(Txn&& other) noexcept {
  if (this != &other) {
    abort();
    txn_ = std::exchange(other.txn_, nullptr);
    gate_ = std::exchange(other.gate_, nullptr);
    writable_ = other.writable_;
    kept_ = other.kept_;
    kept_count_ = std::exchange(other.kept_count_, 0);
  }
  return *this;
}

Txn::~Txn() { abort(); }

void Txn::close_kept() noexcept {
  for (std::size_t i = 0; i < kept_count_; ++i) mdb_cursor_close(kept_[i].cursor);
  kept_count_ = 0;
}

void Txn::abort() noexcept {
  if (txn_ == nullptr) return;
  close_kept();
  mdb_txn_abort(std::exchange(txn_, nullptr));
  std::exchange(gate_, nullptr)->leave();
}

Result<void> Txn::commit() {
  close_kept();
  MDB_env* env = mdb_txn_env(txn_);
  // mdb_txn_commit frees the handle whether or not it succeeds.
  const int rc = mdb_txn_commit(std::exchange(txn_, nullptr));
  std::exchange(gate_, nullptr)->leave();
  // LMDB reports a short pwrite as EIO; on a filling disk the write that ran out of room
  // is short, not ENOSPC. What is left free then tells a full disk from a failing one.
  if (rc == EIO && disk_nearly_full(env))
    return fail(Errc::storage_full, "commit: the disk holding the ledger is full (a write was cut short)");
  if (rc != 0) return fail(make_error(rc, "commit"));
  return {};
}

Result<MDB_dbi> Txn::open_db(const char* name, unsigned flags) const {
  MDB_dbi dbi = 0;
  if (int rc = mdb_dbi_open(txn_, name, flags, &dbi); rc != 0)
    return fail(make_error(rc, std::string("opening database '") + name + "'"));
  return dbi;
}

Result<std::optional<std::string_view>> Txn::get(MDB_dbi dbi, std::string_view key) const {
  MDB_val k = to_val(key), v{};
  const int rc = mdb_get(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::optional<std::string_view>{};
  if (rc != 0) return fail(make_error(rc, "mdb_get"));
  return std::optional<std::string_view>{to_view(v)};
}

Result<void> Txn::put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  MDB_val k = to_val(key), v = to_val(value);
  if (int rc = mdb_put(txn_, dbi, &k, &v, flags); rc != 0) return fail(make_error(rc, "mdb_put"));
  return {};
}

Result<void> Txn::put_kept(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  MDB_cursor* cursor = nullptr;
  for (std::size_t i = 0; i < kept_count_ && cursor == nullptr; ++i) {
    if (kept_[i].dbi == dbi) cursor = kept_[i].cursor;
  }
  if (cursor == nullptr) {
    if (kept_count_ == kKeptCursors) return put(dbi, key, value, flags);
    if (int rc = mdb_cursor_open(txn_, dbi, &cursor); rc != 0) return fail(make_error(rc, "mdb_cursor_open"));
    kept_[kept_count_++] = Kept{dbi, cursor};
  }
  MDB_val k = to_val(key), v = to_val(value);
  if (int rc = mdb_cursor_put(cursor, &k, &v, flags); rc != 0) return fail(make_error(rc, "mdb_cursor_put"));
  return {};
}

Result<bool> Txn::del(MDB_dbi dbi, std::string_view key) {
  MDB_val k = to_val(key);
  const int rc = mdb_del(txn_, dbi, &k, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  if (rc != 0) return fail(make_error(rc, "mdb_del"));
  return true;
}

Result<void> Txn::drop(MDB_dbi dbi, bool delete_db) {
  if (int rc = mdb_drop(txn_, dbi, delete_db ? 1 : 0); rc != 0) return fail(make_error(rc, "mdb_drop"));
  return {};
}

Result<std::uint64_t> Txn::count(MDB_dbi dbi) const {
  MDB_stat st{};
  if (int rc = mdb_stat(txn_, dbi, &st); rc != 0) return fail(make_error(rc, "mdb_stat"));
  return std::uint64_t{st.ms_entries};
}

// ---- Cursor ----

Result<Cursor> Cursor::open(const Txn& txn, MDB_dbi dbi) {
  Cursor c;
  if (int rc = mdb_cursor_open(txn.get(), dbi, &c.cursor_); rc != 0) return fail(make_error(rc, "mdb_cursor_open"));
  return c;
}

Cursor::Cursor(Cursor&& other) noexcept : cursor_(std::exchange(other.cursor_, nullptr)) {}

Cursor& Cursor::operator=(Cursor&& other) noexcept {
  if (this != &other) {
    if (cursor_ != nullptr) mdb_cursor_close(cursor_);
    cursor_ = std::exchange(other.cursor_, nullptr);
  }
  return *this;
}

Cursor::~Cursor() {
  if (cursor_ != nullptr) mdb_cursor_close(cursor_);
}

Result<std::optional<Cursor::Item>> Cursor::move(MDB_cursor_op op, std::string_view key) {
  MDB_val k = to_val(key), v{};
  const int rc = mdb_cursor_get(cursor_, &k, &v, op);
  if (rc == MDB_NOTFOUND) return std::optional<Item>{};
  if (rc != 0) return fail(make_error(rc, "mdb_cursor_get"));
  return std::optional<Item>{Item{to_view(k), to_view(v)}};
}

Result<std::optional<Cursor::Item>> Cursor::first() { return move(MDB_FIRST); }
Result<std::optional<Cursor::Item>> Cursor::last() { return move(MDB_LAST); }
Result<std::optional<Cursor::Item>> Cursor::next() { return move(MDB_NEXT); }
Result<std::optional<Cursor::Item>> Cursor::prev() { return move(MDB_PREV); }
Result<std::optional<Cursor::Item>> Cursor::seek(std::string_view key) { return move(MDB_SET_RANGE, key); }

}  // namespace dauvet::lmdb
