// HeldRows: the rows a rebuild holds back come out in LMDB's key order, whatever order they
// came in, the later of two rows with one key put after (over) the earlier, and it says
// when it holds too much.
#include "projections/held_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "projections/tables.hpp"

namespace dauvet::projections {
namespace {

using Row = std::pair<std::string, std::string>;

std::vector<std::pair<MDB_dbi, Row>> drained(HeldRows& held) {
  std::vector<std::pair<MDB_dbi, Row>> out;
  held.drain([&](MDB_dbi dbi, std::string_view key, std::string_view value) {
    out.push_back({dbi, Row{std::string(key), std::string(value)}});
  });
  return out;
}

TEST(HeldRows, RowsComeOutTableByTableInKeyOrder) {
  HeldRows held({7, 0, 9}, 1 << 20);
  EXPECT_TRUE(held.holds(7));
  EXPECT_TRUE(held.holds(9));
  EXPECT_FALSE(held.holds(0));
  EXPECT_FALSE(held.holds(8));
  // As a rebuild adds them: by entry index, names in any order.
  held.add(9, pkeys::versioned("unit/b", 1), "");
  held.add(7, pkeys::versioned("task/x", 1), "x1");
  held.add(7, pkeys::versioned("task/a", 2), "a2");
  held.add(7, pkeys::versioned("task", 3), "t3");  // a prefix of the other names, but for its 0x00
  held.add(7, pkeys::versioned("task/x", 256), "x256");
  held.add(9, pkeys::versioned("unit/a", 300), "");
  held.add(7, pkeys::versioned("task/a", 70'000), "a70000");
  const auto rows = drained(held);
  std::vector<std::pair<MDB_dbi, Row>> want;
  for (const auto& [name, index, value] : std::vector<std::tuple<std::string, std::uint64_t, std::string>>{
           {"task", 3, "t3"}, {"task/a", 2, "a2"}, {"task/a", 70'000, "a70000"}, {"task/x", 1, "x1"}, {"task/x", 256, "x256"}}) {
    want.push_back({7, Row{pkeys::versioned(name, index), value}});
  }
  want.push_back({9, Row{pkeys::versioned("unit/a", 300), ""}});
  want.push_back({9, Row{pkeys::versioned("unit/b", 1), ""}});
  EXPECT_EQ(rows, want);
  for (std::size_t i = 1; i < want.size(); ++i) {
    if (want[i].first == want[i - 1].first) {
      EXPECT_LT(want[i - 1].second.first, want[i].second.first) << i;
    }
  }
  EXPECT_EQ(held.bytes(), 0u);
  EXPECT_TRUE(drained(held).empty()) << "a drain forgets what it handed over";
}

TEST(HeldRows, TheLaterRowOfOneKeyWins) {
  HeldRows held({5}, 1 << 20);
  held.add(5, pkeys::versioned("s", 1), "first");
  held.add(5, pkeys::versioned("s", 2), "second");
  const std::size_t before = held.bytes();
  held.add(5, pkeys::versioned("s", 2), "2");
  EXPECT_LT(held.bytes(), before);
  const auto rows = drained(held);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].second, (Row{pkeys::versioned("s", 1), "first"}));
  EXPECT_EQ(rows[1].second, (Row{pkeys::versioned("s", 2), "2"}));
}

// A rebuild goes stream by stream: a unit's timeline gets the entries of each of its tasks
// in turn, out of index order; links and unit_facts rows, whose keys go on with the
// stream, come in order. Either way they come out in key order.
TEST(HeldRows, RowsOfOneNameComeOutInKeyOrderWhateverOrderTheyCameIn) {
  HeldRows held({3, 4, 5}, 1 << 20);
  for (const auto& [task, index] : std::vector<std::pair<std::string, std::uint64_t>>{
           {"task/a", 7}, {"task/a", 300}, {"task/b", 2}, {"task/b", 256}, {"task/c", 1}}) {
    held.add(3, pkeys::versioned("unit/x", index), "");                   // timeline
    held.add(4, pkeys::link("unit/x", task), pkeys::u64(index));         // links
    held.add(5, pkeys::unit_fact("unit/x", task, index), "f" + task);    // unit_facts
  }
  held.add(3, pkeys::versioned("unit/x", 2), "again");  // a key held already, not the last
  std::vector<std::pair<MDB_dbi, Row>> want;
  for (std::uint64_t index : {1, 2}) want.push_back({3, Row{pkeys::versioned("unit/x", index), ""}});
  want.push_back({3, Row{pkeys::versioned("unit/x", 2), "again"}});  // put after the first: it wins
  for (std::uint64_t index : {7, 256, 300}) want.push_back({3, Row{pkeys::versioned("unit/x", index), ""}});
  for (const auto& [task, index] : std::vector<std::pair<std::string, std::uint64_t>>{
           {"task/a", 300}, {"task/b", 256}, {"task/c", 1}}) {  // the same key right after: the later wins
    want.push_back({4, Row{pkeys::link("unit/x", task), pkeys::u64(index)}});
  }
  for (const auto& [task, index] : std::vector<std::pair<std::string, std::uint64_t>>{
           {"task/a", 7}, {"task/a", 300}, {"task/b", 2}, {"task/b", 256}, {"task/c", 1}}) {
    want.push_back({5, Row{pkeys::unit_fact("unit/x", task, index), "f" + task}});
  }
  EXPECT_EQ(drained(held), want);
}

// Enough names to grow the group table many times, rows added in a random order and twice
// over (a drain resets the table), against a std::map of the same rows.
TEST(HeldRows, ManyNamesComeOutAsAnOrderedMapWouldHaveThem) {
  HeldRows held({5, 6}, std::size_t{1} << 30);
  std::mt19937_64 rng(20261125);
  for (int round = 0; round < 2; ++round) {
    std::map<std::pair<MDB_dbi, std::string>, std::string> want;
    std::vector<std::pair<MDB_dbi, Row>> rows;
    for (std::uint64_t index = 1; index <= 60'000; ++index) {
      const MDB_dbi dbi = rng() % 4 == 0 ? 6 : 5;
      const std::string name = "task/" + std::to_string(rng() % 9'000) + std::string(rng() % 20, 'x');
      const std::string value = std::to_string(rng() % 1000);
      const std::string key = dbi == 6 ? pkeys::link(name, "unit/" + std::to_string(index))
                                       : pkeys::versioned(name, index);
      rows.push_back({dbi, Row{key, value}});
      want[{dbi, key}] = value;
    }
    if (round == 1) std::shuffle(rows.begin(), rows.end(), rng);
    for (const auto& [dbi, row] : rows) held.add(dbi, row.first, row.second);
    std::vector<std::pair<MDB_dbi, Row>> expected;
    for (const auto& [k, v] : want) expected.push_back({k.first, Row{k.second, v}});
    EXPECT_EQ(drained(held), expected) << "round " << round;
  }
}

TEST(HeldRows, ItIsFullPastItsLimit) {
  HeldRows held({5}, 1000);
  std::uint64_t i = 0;
  while (!held.full()) {
    held.add(5, pkeys::versioned("s", i++), std::string(50, 'v'));
    ASSERT_LT(i, 100u) << "never full";
  }
  EXPECT_GT(held.bytes(), 1000u);
  EXPECT_GE(i, 1000u / (2 + 8 + 4 + 50)) << "full before it held its limit";
  (void)drained(held);
  EXPECT_FALSE(held.full());
}

}  // namespace
}  // namespace dauvet::projections
