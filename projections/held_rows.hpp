// The key-only and small rows of the versioned tables (keys name 0x00 u64be index,
// tables.hpp: timeline, actors, facts, unit_facts) that a rebuild holds back in memory,
// to write them at the end in key order with MDB_APPEND.
//
// Why: handed to LMDB as they come, these rows (7.8 an entry on the bench ledger, one
// B-tree descent each) land all over their tables, and every chunk copies and writes most
// of their leaf pages again; the write thread, the rebuild's slowest, spent 0.68 s of a
// 1.7 s rebuild of 100k entries on them. Appended in key order, each page is filled once,
// full, and written once. They are ~180 bytes an entry in memory.
//
// In memory, rows are grouped by name (the key without its last 8 bytes):
//
//   group "unit/x\0"  ->  | u64be index | u32 size | value bytes | u64be index | ...
//
// A rebuild projects entries in index order, so each group's rows come in key order and
// only the group names need sorting. A row whose key is already held replaces it (a put
// overwrites). The groups sort bytewise, which is LMDB's key order since every name ends
// in 0x00 and holds none; a key that cannot be appended is put the usual way (see
// WriteBehind::apply), so the order is a speed matter, never a correctness one.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <lmdb.h>

#include "base/string_hash.hpp"

namespace dauvet::projections {

class HeldRows {
 public:
  using Put = std::function<void(MDB_dbi dbi, std::string_view key, std::string_view value)>;

  // Holds rows of these tables (0s are ignored) until more than `limit` bytes are held.
  HeldRows(const std::vector<MDB_dbi>& tables, std::size_t limit);

  bool holds(MDB_dbi dbi) const { return find(dbi) != nullptr; }
  // `key` must be a versioned key of a held table.
  void add(MDB_dbi dbi, std::string_view key, std::string_view value);

  std::size_t bytes() const { return bytes_; }
  bool full() const { return bytes_ > limit_; }
  // Every row, table by table in key order, then forgets them all.
  void drain(const Put& put);

 private:
  struct Group {
    std::string rows;
    std::size_t last = 0;  // offset of the last row in `rows`
  };
  struct Table {
    MDB_dbi dbi = 0;
    std::unordered_map<std::string, Group, StringHash, std::equal_to<>> groups;
  };
  Table* find(MDB_dbi dbi);
  const Table* find(MDB_dbi dbi) const;

  std::vector<Table> tables_;
  std::size_t bytes_ = 0;
  std::size_t limit_;
};

}  // namespace dauvet::projections
