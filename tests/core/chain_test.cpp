#include "core/chain.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dauvet {
namespace {

Entry make(std::uint64_t index) {
  Entry e;
  e.index = index;
  e.stream = "task/" + std::to_string(index % 7);
  e.version = index / 7 + 1;
  e.type = "task.progress_reported";
  e.actor = Actor{"clerk-" + std::to_string(index % 3), "ban-to-chuc", "clerk"};
  e.recorded_at = "2026-11-24T08:00:00.000Z";
  e.payload_sha256 = crypto::sha256("{\"n\":" + std::to_string(index) + "}");
  return e;
}

// What the writer computed inline before the chain thread: each entry names the leaf before.
std::vector<std::pair<std::string, crypto::Hash>> expected(std::uint64_t first, std::size_t n, crypto::Hash prev) {
  std::vector<std::pair<std::string, crypto::Hash>> out;
  for (std::size_t k = 0; k < n; ++k) {
    Entry e = make(first + k);
    e.prev = prev;
    std::string bytes = entry::encode(e);
    prev = crypto::leaf_hash(bytes);
    out.emplace_back(std::move(bytes), prev);
  }
  return out;
}

TEST(ChainHasher, HashesEveryEntryInOrderOnTheChainThreadAndInline) {
  ChainHasher chain;
  const crypto::Hash start = crypto::sha256("the leaf before");
  for (bool background : {true, false}) {
    // 100 entries: three full runs handed over by push(), and a short one by wait_for().
    chain.begin(40, start, background, 256);  // runs of 32
    for (std::uint64_t i = 40; i < 140; ++i) chain.push(make(i));
    EXPECT_EQ(chain.pushed(), 100u);
    EXPECT_EQ(chain.end_index(), 140u);
    chain.wait_for(100);
    ASSERT_EQ(chain.ready(), 100u);
    const auto want = expected(40, 100, start);
    for (std::size_t k = 0; k < 100; ++k) {
      EXPECT_EQ(chain.slot(k).bytes, want[k].first) << "slot " << k;
      EXPECT_EQ(chain.slot(k).leaf, want[k].second) << "slot " << k;
    }
    chain.end();
    EXPECT_EQ(chain.pushed(), 0u);
  }
}

TEST(ChainHasher, ServesAnEntryOfAShortRunWithoutWaitingForMore) {
  ChainHasher chain;
  chain.begin(0, crypto::Hash{}, true, 1000);
  for (std::uint64_t i = 0; i < 5; ++i) chain.push(make(i));  // fewer than a run
  const auto want = expected(0, 5, crypto::Hash{});
  // bytes() hands the short run over itself; without that it would wait forever.
  EXPECT_EQ(chain.bytes(3), want[3].first);
  EXPECT_GE(chain.ready(), 4u);
  chain.push(make(5));
  EXPECT_EQ(chain.bytes(5), expected(0, 6, crypto::Hash{})[5].first);
  chain.end();
}

TEST(ChainHasher, FinishHashesTheLastRunWhereverItRuns) {
  ChainHasher chain;
  const crypto::Hash start = crypto::sha256("start");
  // A short batch: the chain thread never woke, so finish() hashes all of it inline.
  chain.begin(0, start, true, 1000);
  for (std::uint64_t i = 0; i < 7; ++i) chain.push(make(i));
  chain.finish();
  ASSERT_EQ(chain.ready(), 7u);
  EXPECT_EQ(chain.slot(6).leaf, expected(0, 7, start)[6].second);
  chain.end();
  // Longer batches: runs of 32 go to the chain thread; finish() either waits for it or,
  // when it has caught up, hashes the tail itself, continuing from its last leaf.
  for (std::size_t n : {33u, 64u, 95u, 300u}) {
    chain.begin(100, start, true, 256);
    for (std::uint64_t i = 0; i < n; ++i) chain.push(make(100 + i));
    chain.finish();
    ASSERT_EQ(chain.ready(), n);
    const auto want = expected(100, n, start);
    for (std::size_t k = 0; k < n; ++k) ASSERT_EQ(chain.slot(k).bytes, want[k].first) << n << " slot " << k;
    chain.end();
  }
}

TEST(ChainHasher, ABatchEndedHalfWayLeavesTheNextOneClean) {
  ChainHasher chain;
  // An abandoned attempt (a full map) ends without anyone having waited for its hashes;
  // the retry starts again from the committed tail.
  chain.begin(10, crypto::sha256("committed"), true, 100);
  for (std::uint64_t i = 10; i < 75; ++i) chain.push(make(i));
  chain.end();
  chain.begin(10, crypto::sha256("committed"), true, 100);
  for (std::uint64_t i = 10; i < 20; ++i) chain.push(make(i));
  chain.wait_for(10);
  EXPECT_EQ(chain.slot(9).leaf, expected(10, 10, crypto::sha256("committed"))[9].second);
  chain.end();
}

}  // namespace
}  // namespace dauvet
