#include "projections/held_rows.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <utility>

namespace dauvet::projections {

namespace {
constexpr std::size_t kIndexBytes = 8;               // the u64be index ending every key
constexpr std::size_t kRowHeader = kIndexBytes + 4;  // index, then the value's size
constexpr std::size_t kGroupOverhead = 64;           // a map node and its strings, roughly

std::uint32_t read_u32(const char* p) {
  std::uint32_t v = 0;
  std::memcpy(&v, p, sizeof v);  // written and read by this process only
  return v;
}
}  // namespace

HeldRows::HeldRows(const std::vector<MDB_dbi>& tables, std::size_t limit) : limit_(limit) {
  for (MDB_dbi dbi : tables) {
    if (dbi != 0 && !holds(dbi)) tables_.push_back(Table{dbi, {}});
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

void HeldRows::add(MDB_dbi dbi, std::string_view key, std::string_view value) {
  Table* table = find(dbi);
  assert(table != nullptr && key.size() > kIndexBytes);
  const std::string_view name = key.substr(0, key.size() - kIndexBytes);
  const std::string_view index = key.substr(key.size() - kIndexBytes);
  auto it = table->groups.find(name);
  if (it == table->groups.end()) {
    it = table->groups.emplace(std::string(name), Group{}).first;
    bytes_ += name.size() + kGroupOverhead;
  }
  Group& g = it->second;
  if (!g.rows.empty() && std::string_view(g.rows).substr(g.last, kIndexBytes) == index) {
    bytes_ -= g.rows.size() - g.last;  // the same key again: the later value wins
    g.rows.resize(g.last);
  }
  g.last = g.rows.size();
  const auto size = static_cast<std::uint32_t>(value.size());
  g.rows.append(index);
  g.rows.append(reinterpret_cast<const char*>(&size), sizeof size);
  g.rows.append(value);
  bytes_ += kRowHeader + value.size();
}

void HeldRows::drain(const Put& put) {
  std::string key;
  for (auto& table : tables_) {
    std::vector<std::pair<std::string_view, const Group*>> order;
    order.reserve(table.groups.size());
    for (const auto& [name, group] : table.groups) order.emplace_back(name, &group);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [name, group] : order) {
      key.assign(name);
      const char* p = group->rows.data();
      const char* end = p + group->rows.size();
      while (p < end) {
        key.resize(name.size());
        key.append(p, kIndexBytes);
        const std::uint32_t size = read_u32(p + kIndexBytes);
        put(table.dbi, key, std::string_view(p + kRowHeader, size));
        p += kRowHeader + size;
      }
    }
    table.groups.clear();
  }
  bytes_ = 0;
}

}  // namespace dauvet::projections
