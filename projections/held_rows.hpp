// The rows a rebuild holds back in memory, to write them at the end in key order with
// MDB_APPEND: those of the tables keyed by a name other than the stream being projected
// (tables.hpp: timeline, actors, links, unit_facts).
//
// Why: handed to LMDB as they come, these rows (8.7 an entry on the bench ledger, one
// B-tree descent each) land all over their tables, and every chunk copies and writes most
// of their leaf pages again. Appended in key order, each page is filled once, full, and
// written once. They are ~200 bytes an entry in memory.
//
// In memory, rows are grouped by name: the key up to and including its first 0x00 (a
// subject, an actor id, a unit; names never hold 0x00). The rest of the key is the row's
// suffix: a u64be index (timeline, actors), a stream (links), or a stream, 0x00 and an
// index (unit_facts). Each group is one buffer that starts with the name:
//
//   group  | name "unit/x\0" | u16 suffix size | suffix | u32 value size | value | ...
//
// The groups are found through an open-addressing table of (hash, group) slots. Finding
// the group is most of what holding a row costs; a node-based map took a chain of cache
// misses (bucket, node, name) per row, and this takes a slot and the group's buffer.
//
// A rebuild projects entries stream by stream (entry_feed.hpp), streams in name order. So
// the rows a group gets from one stream come in order, and those a group gets from many
// streams come in order when the suffix starts with the stream (links, unit_facts), but
// not when it is an index (a unit's timeline gets the entries of each task it leads in
// turn). A group remembers whether its rows came in order, and one that did not has its
// rows sorted when it is drained. A row whose key is already held replaces it when it
// comes right after it (a put overwrites); otherwise the sort is stable, and the later row
// is put later. The groups sort bytewise, which is LMDB's key order since every name ends
// in its only 0x00; a key that cannot be appended is put the usual way (see
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
  // `key` must hold a 0x00, and a held table's name.
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
    bool in_order = true;    // every row's suffix greater than the one before it
    std::string_view name() const { return std::string_view(data).substr(0, name_size); }
  };
  // A table's groups in name order, and for each group out of order its rows' offsets in
  // suffix order (empty for a group in order).
  struct Order {
    std::vector<const Group*> groups;
    std::vector<std::vector<std::uint32_t>> rows;
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
  static Order order_of(const std::vector<Group>& groups);
  static std::vector<std::uint32_t> rows_in_order(const Group& group);

  std::vector<Table> tables_;
  std::size_t bytes_ = 0;
  std::size_t limit_;
};

}  // namespace dauvet::projections
