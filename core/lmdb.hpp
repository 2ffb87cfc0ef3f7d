// Move-only RAII handles over the LMDB C API.
//
// - A Txn aborts in its destructor unless commit() succeeded; a read Txn never commits.
// - "Not found" is a value (std::nullopt), never an error.
// - Every other LMDB failure becomes an Error: MDB_MAP_FULL maps to a dedicated code the
//   writer handles by growing the map; ENOSPC (or a short write on a full disk, which
//   LMDB reports as EIO) to storage_full; MDB_CORRUPTED / MDB_PANIC
//   to corrupt, which the writer treats as fatal.
//
// Threads: the environment is opened with MDB_NOTLS so a read transaction may be begun on
// one thread and ended on another (the HTTP server hands work between strands). Growing
// the map needs every transaction of this process closed, so all transactions pass
// through a ResizeGate (see lmdb.cpp).
#pragma once

#include <lmdb.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace dauvet::lmdb {

inline bool is_map_full(const Error& e) { return e.code == Errc::map_full; }
Error make_error(int rc, std::string_view what);

inline MDB_val to_val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
inline std::string_view to_view(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

// Lets readers run freely and gives the writer a moment with none open, to grow the map.
class ResizeGate {
 public:
  void enter();
  // For a transaction begun while another of this thread's is open: that one already holds
  // resizes off, and waiting for a resize here would wait for ourselves.
  void enter_nested();
  void leave();
  // Waits until no transaction is open and holds new ones off while fn runs.
  template <class Fn>
  auto exclusive(Fn&& fn) {
    std::unique_lock lock(mu_);
    resizing_ = true;
    idle_.wait(lock, [&] { return open_ == 0; });
    struct Reopen {
      ResizeGate* g;
      ~Reopen() {
        g->resizing_ = false;
        g->resumed_.notify_all();
      }
    } reopen{this};
    return fn();
  }

 private:
  std::mutex mu_;
  std::condition_variable idle_, resumed_;
  int open_ = 0;
  bool resizing_ = false;
};

class Env {
 public:
  struct Options {
    std::size_t map_size = std::size_t{1} << 30;
    unsigned max_dbs = 32;
    unsigned max_readers = 512;
    bool read_only = false;
  };
  static Result<Env> open(const std::string& dir, const Options& options);

  Env() = default;
  Env(Env&& other) noexcept;
  Env& operator=(Env&& other) noexcept;
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
  ~Env();

  MDB_env* get() const noexcept { return env_; }
  ResizeGate& gate() const noexcept { return *gate_; }
  std::size_t map_size() const;
  // Doubles the map (capped growth step); only call with no transaction of ours open.
  Result<void> grow();
  // Adopts a size another process set (after MDB_MAP_RESIZED).
  Result<void> adopt_size();

 private:
  MDB_env* env_ = nullptr;
  std::unique_ptr<ResizeGate> gate_;
};

class Txn {
 public:
  static Result<Txn> begin_read(const Env& env);
  static Result<Txn> begin_write(const Env& env);

  Txn() = default;
  Txn(Txn&& other) noexcept;
  Txn& operator=(Txn&& other) noexcept;
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  ~Txn();

  MDB_txn* get() const noexcept { return txn_; }
  bool writable() const noexcept { return writable_; }
  Result<void> commit();
  void abort() noexcept;
  // Another read transaction on the same snapshot, for a second thread to read alongside
  // this one (an LMDB transaction serves one thread at a time). Errc::conflict if a commit
  // landed in between, so the new one would see a different snapshot.
  Result<Txn> begin_sibling_read() const;

  Result<MDB_dbi> open_db(const char* name, unsigned flags) const;
  Result<std::optional<std::string_view>> get(MDB_dbi dbi, std::string_view key) const;
  // Returns MDB_KEYEXIST as conflict, MDB_MAP_FULL as an error is_map_full() recognises.
  Result<void> put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
  // The same, through a cursor this transaction keeps for the table (of a write transaction;
  // closed before it ends). For runs of puts, such as the writer's appends: mdb_put sets up
  // a fresh cursor and descends from the root for every row, while a kept cursor that
  // appended last appends again without descending, and finds a key on the page it is on
  // without descending either. Past kKeptCursors tables, rows go through put().
  Result<void> put_kept(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
  // Returns false if the key was not there.
  Result<bool> del(MDB_dbi dbi, std::string_view key);
  Result<void> drop(MDB_dbi dbi, bool delete_db);
  Result<std::uint64_t> count(MDB_dbi dbi) const;

 private:
  Txn(MDB_txn* txn, ResizeGate* gate, bool writable) : txn_(txn), gate_(gate), writable_(writable) {}
  void close_kept() noexcept;

  static constexpr std::size_t kKeptCursors = 8;
  struct Kept {
    MDB_dbi dbi = 0;
    MDB_cursor* cursor = nullptr;
  };
  MDB_txn* txn_ = nullptr;
  ResizeGate* gate_ = nullptr;
  bool writable_ = false;
  std::array<Kept, kKeptCursors> kept_{};
  std::size_t kept_count_ = 0;
};

// A cursor must be destroyed before its transaction ends when that transaction writes:
// LMDB frees a write transaction's cursors at commit or abort (a read transaction's it
// leaves to us), so a Cursor outliving a committed write Txn would free twice.
class Cursor {
 public:
  static Result<Cursor> open(const Txn& txn, MDB_dbi dbi);

  Cursor() = default;
  Cursor(Cursor&& other) noexcept;
  Cursor& operator=(Cursor&& other) noexcept;
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor();

  bool is_open() const { return cursor_ != nullptr; }

  struct Item {
    std::string_view key;
    std::string_view value;
  };
  // Positioning calls return nullopt when there is no such item.
  Result<std::optional<Item>> first();
  Result<std::optional<Item>> last();
  Result<std::optional<Item>> next();
  Result<std::optional<Item>> prev();
  Result<std::optional<Item>> seek(std::string_view key);  // first item with key >= key

 private:
  Result<std::optional<Item>> move(MDB_cursor_op op, std::string_view key = {});
  MDB_cursor* cursor_ = nullptr;
};

}  // namespace dauvet::lmdb
