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
// In memory, rows are grouped by name (the key without its last 8 bytes), each group one
// buffer that starts with the name:
//
//   group  | name "unit/x\0" | u64be index | u32 size | value bytes | u64be index | ...
//
// The groups are found through an open-addressing table of (hash, group) slots. Finding
// the group is most of what holding a row costs; a node-based map took a chain of cache
// misses (bucket, node, name) per row, and this takes a slot and the group's buffer.
//
// A rebuild projects entries in index order, so each group's rows come in key order and
// only the group names need sorting. A row whose key is already held replaces it (a put
// overwrites). The groups sort bytewise, which is LMDB's key order since every name ends
// in 0x00 and holds none; a key that cannot be appended is put the usual way (see
// WriteBehind::apply), so the order is a speed matter, never a correctness one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <lmdb.h>

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
    std::string data;        // the name, then the rows
    std::uint32_t name_size = 0;
    std::size_t last = 0;    // offset of the last row in `data`; 0 before the first
    std::string_view name() const { return std::string_view(data).substr(0, name_size); }
  };
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t group = 0;  // index into groups + 1; 0 when the slot is free
  };
  struct Table {
    MDB_dbi dbi = 0;
    std::vector<Slot> slots;  // a power of two, at most half used
    std::vector<Group> groups;
  };
  Table* find(MDB_dbi dbi);
  const Table* find(MDB_dbi dbi) const;
  static Group& group_of(Table& table, std::string_view name);
  static void grow(Table& table);
  static std::vector<const Group*> by_name(const std::vector<Group>& groups);

  std::vector<Table> tables_;
  std::size_t bytes_ = 0;
  std::size_t limit_;
};

}  // namespace dauvet::projections
