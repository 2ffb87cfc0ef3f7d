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
// Each row: u16 suffix size | suffix | u32 value size | value (written and read by this
// process only, so in its own byte order).
constexpr std::size_t kSuffixSize = 2, kValueSize = 4;
constexpr std::size_t kGroupOverhead = 64;  // its slots, struct and buffer slack, roughly
constexpr std::size_t kFirstSlots = 1024;
// On a thread of its own, or else (no thread to be had) when its result is asked for.
constexpr auto kAsyncIfItCan = std::launch::async | std::launch::deferred;

template <class T>
T read_at(const char* p) {
  T v{};
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <class T>
void append_as(std::string& out, std::size_t v) {
  const auto t = static_cast<T>(v);
  out.append(reinterpret_cast<const char*>(&t), sizeof t);
}

struct Row {
  std::string_view suffix, value;
  std::size_t end;  // offset of the next row
};

Row row_at(const std::string& data, std::size_t at) {
  const char* p = data.data() + at;
  const auto suffix_size = read_at<std::uint16_t>(p);
  const auto value_size = read_at<std::uint32_t>(p + kSuffixSize + suffix_size);
  const std::size_t value_at = kSuffixSize + suffix_size + kValueSize;
  return Row{std::string_view(p + kSuffixSize, suffix_size), std::string_view(p + value_at, value_size),
             at + value_at + value_size};
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
  const std::size_t zero = key.find('\0');
  assert(table != nullptr && zero != std::string_view::npos && key.size() - zero - 1 <= UINT16_MAX);
  const std::string_view name = key.substr(0, zero + 1);
  const std::string_view suffix = key.substr(zero + 1);
  const std::size_t groups_before = table->groups.size();
  Group& g = group_of(*table, name);
  if (table->groups.size() != groups_before) bytes_ += name.size() + kGroupOverhead;
  if (g.last != 0) {
    const std::string_view before = row_at(g.data, g.last).suffix;
    if (before == suffix) {
      bytes_ -= g.data.size() - g.last;  // the same key again: the later value wins
      g.data.resize(g.last);
    } else if (suffix < before) {
      g.in_order = false;
    }
  }
  g.last = g.data.size();
  append_as<std::uint16_t>(g.data, suffix.size());
  g.data.append(suffix);
  append_as<std::uint32_t>(g.data, value.size());
  g.data.append(value);
  bytes_ += kSuffixSize + suffix.size() + kValueSize + value.size();
}

std::vector<std::uint32_t> HeldRows::rows_in_order(const Group& group) {
  std::vector<std::pair<std::string_view, std::uint32_t>> rows;  // (suffix, offset)
  for (std::size_t at = group.name_size; at < group.data.size();) {
    const Row row = row_at(group.data, at);
    rows.emplace_back(row.suffix, static_cast<std::uint32_t>(at));
    at = row.end;
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::uint32_t> offsets;
  offsets.reserve(rows.size());
  for (const auto& row : rows) offsets.push_back(row.second);
  return offsets;
}

HeldRows::Order HeldRows::order_of(const std::vector<Group>& groups) {
  Order order;
  order.groups.reserve(groups.size());
  for (const Group& g : groups) order.groups.push_back(&g);
  std::sort(order.groups.begin(), order.groups.end(),
            [](const Group* a, const Group* b) { return a->name() < b->name(); });
  order.rows.resize(order.groups.size());
  for (std::size_t i = 0; i < order.groups.size(); ++i) {
    if (!order.groups[i]->in_order) order.rows[i] = rows_in_order(*order.groups[i]);
  }
  return order;
}

void HeldRows::drain(const Put& put) {
  // At the end of a rebuild this is the only work left, and the other core is idle: it
  // sorts the tables after the first while this thread writes the first, and frees each
  // table's groups once they are written.
  std::vector<std::future<Order>> orders;
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const std::vector<Group>& groups = tables_[t].groups;
    orders.push_back(std::async(t == 0 ? std::launch::deferred : kAsyncIfItCan, [&groups] { return order_of(groups); }));
  }
  std::vector<std::future<void>> freed;
  std::string key;
  auto put_row = [&](MDB_dbi dbi, const Group& group, std::size_t at) {
    const Row row = row_at(group.data, at);
    key.resize(group.name_size);
    key.append(row.suffix);
    put(dbi, key, row.value);
    return row.end;
  };
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    Table& table = tables_[t];
    const Order order = orders[t].get();
    for (std::size_t g = 0; g < order.groups.size(); ++g) {
      const Group& group = *order.groups[g];
      key.assign(group.name());
      if (!group.in_order) {
        for (std::uint32_t at : order.rows[g]) put_row(table.dbi, group, at);
        continue;
      }
      for (std::size_t at = group.name_size; at < group.data.size();) at = put_row(table.dbi, group, at);
    }
    freed.push_back(std::async(kAsyncIfItCan, [groups = std::move(table.groups)]() mutable { groups.clear(); }));
    table.groups.clear();  // moved from: valid, and now empty
    table.slots.assign(kFirstSlots, Slot{});
  }
  for (auto& f : freed) f.get();
  bytes_ = 0;
}

}  // namespace dauvet::projections
