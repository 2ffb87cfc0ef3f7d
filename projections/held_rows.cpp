#include "projections/held_rows.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <functional>
#include <future>
#include <string_view>
#include <utility>

namespace dauvet::projections {

namespace {
constexpr std::size_t kIndexBytes = 8;               // the u64be index ending every key
constexpr std::size_t kRowHeader = kIndexBytes + 4;  // index, then the value's size
constexpr std::size_t kGroupOverhead = 64;           // its slots, struct and buffer slack, roughly
constexpr std::size_t kFirstSlots = 1024;
// On a thread of its own, or else (no thread to be had) when its result is asked for.
constexpr auto kAsyncIfItCan = std::launch::async | std::launch::deferred;

std::uint32_t read_u32(const char* p) {
  std::uint32_t v = 0;
  std::memcpy(&v, p, sizeof v);  // written and read by this process only
  return v;
}
}  // namespace

HeldRows::HeldRows(const std::vector<MDB_dbi>& tables, std::size_t limit) : limit_(limit) {
  for (MDB_dbi dbi : tables) {
    if (dbi != 0 && !holds(dbi)) tables_.push_back(Table{dbi, std::vector<Slot>(kFirstSlots), {}});
  }
}

HeldRows::Table* HeldRows::find(MDB_dbi dbi) {
  for (auto& t : tables_) {
    if (t.dbi == dbi) return &t;
  }
  return nullptr;
}

const HeldRows::Table* HeldRows::find(MDB_dbi dbi) const {
  for (const auto& t : tables_) {
    if (t.dbi == dbi) return &t;
  }
  return nullptr;
}

void HeldRows::grow(Table& table) {
  std::vector<Slot> slots(table.slots.size() * 2);
  const std::size_t mask = slots.size() - 1;
  for (const Slot& s : table.slots) {
    if (s.group == 0) continue;
    std::size_t i = s.hash & mask;
    while (slots[i].group != 0) i = (i + 1) & mask;
    slots[i] = s;
  }
  table.slots = std::move(slots);
}

HeldRows::Group& HeldRows::group_of(Table& table, std::string_view name) {
  const std::uint64_t hash = std::hash<std::string_view>{}(name);
  const std::size_t mask = table.slots.size() - 1;
  std::size_t i = hash & mask;
  for (; table.slots[i].group != 0; i = (i + 1) & mask) {
    const Slot& s = table.slots[i];
    if (s.hash == hash && table.groups[s.group - 1].name() == name) return table.groups[s.group - 1];
  }
  Group& g = table.groups.emplace_back();
  g.data.assign(name);
  g.name_size = static_cast<std::uint32_t>(name.size());
  table.slots[i] = Slot{hash, static_cast<std::uint32_t>(table.groups.size())};
  if (table.groups.size() * 2 > table.slots.size()) grow(table);
  return g;
}

void HeldRows::add(MDB_dbi dbi, std::string_view key, std::string_view value) {
  Table* table = find(dbi);
  assert(table != nullptr && key.size() > kIndexBytes);
  const std::string_view name = key.substr(0, key.size() - kIndexBytes);
  const std::string_view index = key.substr(key.size() - kIndexBytes);
  const std::size_t groups_before = table->groups.size();
  Group& g = group_of(*table, name);
  if (table->groups.size() != groups_before) bytes_ += name.size() + kGroupOverhead;
  if (g.last != 0 && std::string_view(g.data).substr(g.last, kIndexBytes) == index) {
    bytes_ -= g.data.size() - g.last;  // the same key again: the later value wins
    g.data.resize(g.last);
  }
  g.last = g.data.size();
  const auto size = static_cast<std::uint32_t>(value.size());
  g.data.append(index);
  g.data.append(reinterpret_cast<const char*>(&size), sizeof size);
  g.data.append(value);
  bytes_ += kRowHeader + value.size();
}

std::vector<const HeldRows::Group*> HeldRows::by_name(const std::vector<Group>& groups) {
  std::vector<const Group*> order;
  order.reserve(groups.size());
  for (const Group& g : groups) order.push_back(&g);
  std::sort(order.begin(), order.end(), [](const Group* a, const Group* b) { return a->name() < b->name(); });
  return order;
}

void HeldRows::drain(const Put& put) {
  // At the end of a rebuild this is the only work left, and the other core is idle: it
  // sorts the groups of the tables after the first while this thread writes the first
  // (0.19 s of sorting on 1M entries), and frees each table's groups once they are written.
  std::vector<std::vector<const Group*>> orders(tables_.size());  // outlives the helper
  std::future<void> later;
  if (tables_.size() > 1) {
    later = std::async(kAsyncIfItCan, [this, &orders] {
      for (std::size_t t = 1; t < tables_.size(); ++t) orders[t] = by_name(tables_[t].groups);
    });
  }
  std::vector<std::future<void>> freed;
  std::string key;
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    Table& table = tables_[t];
    if (t == 0) orders[0] = by_name(table.groups);
    if (t == 1) later.get();
    for (const Group* group : orders[t]) {
      key.assign(group->name());
      const char* p = group->data.data() + group->name_size;
      const char* end = group->data.data() + group->data.size();
      while (p < end) {
        key.resize(group->name_size);
        key.append(p, kIndexBytes);
        const std::uint32_t size = read_u32(p + kIndexBytes);
        put(table.dbi, key, std::string_view(p + kRowHeader, size));
        p += kRowHeader + size;
      }
    }
    orders[t].clear();
    freed.push_back(std::async(kAsyncIfItCan, [groups = std::move(table.groups)]() mutable { groups.clear(); }));
    table.groups.clear();  // moved from: valid, and now empty
    table.slots.assign(kFirstSlots, Slot{});
  }
  for (auto& f : freed) f.get();
  bytes_ = 0;
}

}  // namespace dauvet::projections
