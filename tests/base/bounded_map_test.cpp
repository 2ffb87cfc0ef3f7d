#include "base/bounded_map.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace dauvet {
namespace {

TEST(BoundedMap, FindsWhatWasInsertedAndOverwritesInPlace) {
  BoundedMap<int> m(4);
  EXPECT_EQ(m.find("a"), nullptr);
  m.insert_or_assign("a", 1);
  m.insert_or_assign("b", 2);
  m.insert_or_assign("a", 3);
  ASSERT_NE(m.find("a"), nullptr);
  EXPECT_EQ(*m.find("a"), 3);
  EXPECT_EQ(*m.find("b"), 2);
  EXPECT_EQ(m.size(), 2u);
}

TEST(BoundedMap, ANewKeyPastTheLimitEvictsExactlyTheOldest) {
  BoundedMap<int> m(3);
  m.insert_or_assign("a", 1);
  m.insert_or_assign("b", 2);
  m.insert_or_assign("c", 3);
  m.insert_or_assign("a", 10);  // an overwrite is not a new key: nothing is evicted
  EXPECT_EQ(m.size(), 3u);
  m.insert_or_assign("d", 4);
  EXPECT_EQ(m.size(), 3u);
  EXPECT_EQ(m.find("a"), nullptr) << "the first inserted key goes first, even if written since";
  EXPECT_EQ(*m.find("b"), 2);
  EXPECT_EQ(*m.find("c"), 3);
  EXPECT_EQ(*m.find("d"), 4);
  m.insert_or_assign("e", 5);
  EXPECT_EQ(m.find("b"), nullptr);
  EXPECT_EQ(*m.find("c"), 3);
}

// The order queue points into the map's nodes; many rehashes and evictions later every
// key must still be found exactly when it is among the newest `limit`.
TEST(BoundedMap, StaysExactAcrossRehashesAndManyEvictions) {
  constexpr std::size_t kLimit = 1000;
  BoundedMap<std::unique_ptr<std::string>> m(kLimit);
  for (int i = 0; i < 50'000; ++i) {
    const std::string key = "task/" + std::to_string(i);
    m.insert_or_assign(key, std::make_unique<std::string>(key));
    ASSERT_LE(m.size(), kLimit);
  }
  EXPECT_EQ(m.size(), kLimit);
  for (int i = 0; i < 50'000; ++i) {
    const std::string key = "task/" + std::to_string(i);
    auto* v = m.find(key);
    if (i < 50'000 - static_cast<int>(kLimit)) {
      EXPECT_EQ(v, nullptr) << key;
    } else {
      ASSERT_NE(v, nullptr) << key;
      EXPECT_EQ(**v, key);
    }
  }
}

TEST(BoundedMap, AMovedMapKeepsItsOrder) {
  BoundedMap<int> a(2);
  a.insert_or_assign("a", 1);
  a.insert_or_assign("b", 2);
  BoundedMap<int> b(5);
  b = std::move(a);
  b.insert_or_assign("c", 3);
  EXPECT_EQ(b.limit(), 2u);
  EXPECT_EQ(b.find("a"), nullptr);
  EXPECT_EQ(*b.find("b"), 2);
  EXPECT_EQ(*b.find("c"), 3);
}

TEST(BoundedMap, ClearEmptiesAndTheMapIsUsableAgain) {
  BoundedMap<int> m(2);
  m.insert_or_assign("a", 1);
  m.insert_or_assign("b", 2);
  m.clear();
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.find("a"), nullptr);
  m.insert_or_assign("c", 3);
  m.insert_or_assign("d", 4);
  m.insert_or_assign("e", 5);
  EXPECT_EQ(m.find("c"), nullptr);
  EXPECT_EQ(*m.find("e"), 5);
}

TEST(BoundedMap, AZeroLimitStillHoldsTheNewestKey) {
  BoundedMap<int> m(0);
  m.insert_or_assign("a", 1);
  m.insert_or_assign("b", 2);
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(*m.find("b"), 2);
}

}  // namespace
}  // namespace dauvet
