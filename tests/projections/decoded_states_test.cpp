#include "projections/decoded_states.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace dauvet::projections {
namespace {

events::UnitState unit(std::string name, std::string parent) {
  events::UnitState u;
  u.id = "huyen-a";
  u.name = std::move(name);
  u.kind = "district";
  u.parent = std::move(parent);
  return u;
}

const events::UnitState& as_unit(const Result<AggregateState>& r) {
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return std::get<events::UnitState>(*r);
}

TEST(DecodedStates, ASecondReadOfTheSameBytesIsAHitAndEqualToParsing) {
  DecodedStates cache;
  const std::string bytes = encode_state(unit("Huyện ủy A", "tinh"));
  auto first = cache.decode("unit/huyen-a", bytes);
  auto second = cache.decode("unit/huyen-a", bytes);
  EXPECT_EQ(as_unit(first), as_unit(second));
  EXPECT_EQ(as_unit(second), as_unit(decode_state("unit/huyen-a", bytes)));
  EXPECT_EQ(cache.counts().misses, 1u);
  EXPECT_EQ(cache.counts().hits, 1u);
}

// An erasure or a rebuild rewrites a stored state in place: the next read must see the
// new bytes' state, never the one decoded before.
TEST(DecodedStates, RewrittenBytesUnderTheSameStreamAreDecodedAfresh) {
  DecodedStates cache;
  const std::string before = encode_state(unit("Huyện ủy A", "tinh"));
  const std::string after = encode_state(unit("Huyện ủy A (đã sáp nhập)", "tinh"));
  EXPECT_EQ(as_unit(cache.decode("unit/huyen-a", before)).name, "Huyện ủy A");
  EXPECT_EQ(as_unit(cache.decode("unit/huyen-a", after)).name, "Huyện ủy A (đã sáp nhập)");
  EXPECT_EQ(as_unit(cache.decode("unit/huyen-a", before)).name, "Huyện ủy A");
  EXPECT_EQ(cache.counts().misses, 2u);
}

TEST(DecodedStates, TheStreamIsPartOfTheKey) {
  DecodedStates cache;
  const std::string bytes = encode_state(unit("Huyện ủy A", "tinh"));
  ASSERT_TRUE(cache.decode("unit/huyen-a", bytes));
  // The same bytes under a stream of another aggregate are not a unit state.
  auto other = cache.decode("task/x/1/1", bytes);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, Errc::corrupt);
}

TEST(DecodedStates, CorruptBytesAreReportedEveryTimeAndNeverHeld) {
  DecodedStates cache;
  for (int i = 0; i < 3; ++i) {
    auto r = cache.decode("unit/huyen-a", "{not json");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::corrupt);
  }
  EXPECT_EQ(cache.counts().held, 0u);
  EXPECT_EQ(cache.counts().hits, 0u);
}

TEST(DecodedStates, StatesLargerThanTheBoundAreDecodedButNotHeld) {
  DecodedStates cache(16, /*max_bytes=*/64);
  events::UnitState big = unit("Huyện ủy A", "tinh");
  for (int i = 0; i < 20; ++i) big.former_names.push_back("Tên cũ số " + std::to_string(i));
  const std::string bytes = encode_state(big);
  ASSERT_GT(bytes.size(), 64u);
  EXPECT_EQ(as_unit(cache.decode("unit/huyen-a", bytes)), big);
  EXPECT_EQ(as_unit(cache.decode("unit/huyen-a", bytes)), big);
  EXPECT_EQ(cache.counts().held, 0u);
}

TEST(DecodedStates, HoldsAtMostItsLimit) {
  DecodedStates cache(4);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(cache.decode("unit/huyen-a", encode_state(unit("U" + std::to_string(i), ""))));
  EXPECT_EQ(cache.counts().held, 4u);
}

TEST(DecodedStates, ThreadsReadingTheSameStatesAgree) {
  DecodedStates cache(8);
  std::vector<std::string> bytes;
  for (int i = 0; i < 16; ++i) bytes.push_back(encode_state(unit("Đơn vị " + std::to_string(i), "tinh")));
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 500; ++round) {
        const int i = (round * 7 + t) % 16;
        auto r = cache.decode("unit/huyen-a", bytes[i]);
        if (!r || std::get<events::UnitState>(*r).name != "Đơn vị " + std::to_string(i)) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

}  // namespace
}  // namespace dauvet::projections
