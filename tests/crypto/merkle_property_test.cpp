// Randomised properties of the Merkle code over trees of up to 2,000 leaves (seeded, so a
// failure reproduces): the nodes CompactRange emits are exactly the perfect subtrees, and
// proofs generated from them verify, fail when tampered with, and read O(log n) nodes.
#include <gtest/gtest.h>

#include <bit>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

#include "crypto/merkle.hpp"
#include "must.hpp"

namespace dauvet::crypto {
namespace {

using testing::failure;
using testing::must;

constexpr std::uint64_t kLeaves = 2000;

// What a writer stores: every node CompactRange::append reports, keyed by (level, index).
struct StoredTree {
  std::vector<Hash> leaves;
  std::map<std::pair<unsigned, std::uint64_t>, Hash> nodes;
  std::uint64_t reads = 0;

  NodeReader reader() {
    return [this](unsigned level, std::uint64_t index) -> Result<Hash> {
      ++reads;
      const auto it = nodes.find({level, index});
      if (it == nodes.end()) return fail(Errc::not_found, "no such node");
      return it->second;
    };
  }
};

StoredTree build(std::uint64_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  StoredTree t;
  CompactRange range;
  for (std::uint64_t i = 0; i < n; ++i) {
    t.leaves.push_back(leaf_hash(std::to_string(rng())));
    const auto done = range.append(t.leaves.back());
    EXPECT_EQ(done.size(), 1u + static_cast<unsigned>(std::countr_one(i))) << "append " << i;
    for (const TreeNode& node : done) {
      EXPECT_TRUE(t.nodes.emplace(std::pair{node.level, node.index}, node.hash).second) << "node emitted twice";
    }
  }
  return t;
}

// ceil(log2 n), the tree's depth.
unsigned depth(std::uint64_t n) { return n <= 1 ? 0u : static_cast<unsigned>(std::bit_width(n - 1)); }

TEST(MerkleProperty, CompactRangeEmitsExactlyThePerfectSubtreesAndTheRightRoots) {
  const StoredTree t = build(kLeaves, 1);
  const NodeReader definition = memory_nodes(t.leaves);
  std::size_t expected = 0;
  for (unsigned level = 0; (kLeaves >> level) > 0; ++level) expected += kLeaves >> level;
  EXPECT_EQ(t.nodes.size(), expected);
  for (const auto& [at, hash] : t.nodes) {
    ASSERT_EQ(must(definition(at.first, at.second)), hash) << "node(" << at.first << ", " << at.second << ")";
  }
  CompactRange range;
  const auto span = std::span<const Hash>(t.leaves);
  for (std::uint64_t n = 0; n <= kLeaves; ++n) {
    ASSERT_EQ(range.size(), n);
    ASSERT_EQ(range.root(), root_of(span.first(n))) << "prefix " << n;
    if (n < kLeaves) range.append(t.leaves[n]);
  }
}

TEST(MerkleProperty, ResumedCompactRangeContinuesIdentically) {
  StoredTree t = build(kLeaves, 2);
  std::mt19937_64 rng(22);
  for (int trial = 0; trial < 50; ++trial) {
    const std::uint64_t start = rng() % kLeaves;
    t.reads = 0;
    auto resumed = CompactRange::resume(start, t.reader());
    ASSERT_TRUE(resumed) << resumed.error().to_string();
    EXPECT_EQ(t.reads, static_cast<std::uint64_t>(std::popcount(start)));
    EXPECT_EQ(resumed->root(), root_of(std::span<const Hash>(t.leaves).first(start)));
    for (std::uint64_t i = start; i < std::min(start + 40, kLeaves); ++i) {
      for (const TreeNode& node : resumed->append(t.leaves[i])) {
        ASSERT_EQ(t.nodes.at({node.level, node.index}), node.hash);
      }
    }
  }
}

TEST(MerkleProperty, ProofsVerifyTamperedProofsFailAndReadsAreLogarithmic) {
  StoredTree t = build(kLeaves, 3);
  const NodeReader nodes = t.reader();
  const auto span = std::span<const Hash>(t.leaves);
  std::mt19937_64 rng(6962);
  for (int trial = 0; trial < 400; ++trial) {
    const std::uint64_t n = 1 + rng() % kLeaves, i = rng() % n, m = 1 + rng() % n;
    SCOPED_TRACE("n=" + std::to_string(n) + " i=" + std::to_string(i) + " m=" + std::to_string(m));
    const unsigned bound = 4 * depth(n) + 4;
    const Hash root_n = root_of(span.first(n)), root_m = root_of(span.first(m));
    const Hash& leaf = t.leaves[i];

    t.reads = 0;
    ASSERT_EQ(must(root_at(n, nodes)), root_n);
    EXPECT_LE(t.reads, bound);

    t.reads = 0;
    const auto ip = must(inclusion_proof(i, n, nodes));
    EXPECT_LE(t.reads, bound);
    ASSERT_TRUE(verify_inclusion(leaf, i, n, ip, root_n));
    EXPECT_FALSE(verify_inclusion(t.leaves[(i + 1) % kLeaves], i, n, ip, root_n));
    if (n > 1) {
      EXPECT_FALSE(verify_inclusion(leaf, (i + 1) % n, n, ip, root_n));
    }
    if (n < kLeaves) {
      EXPECT_FALSE(verify_inclusion(leaf, i, n + 1, ip, root_of(span.first(n + 1))));
    }
    if (n - 1 > i) {
      EXPECT_FALSE(verify_inclusion(leaf, i, n - 1, ip, root_of(span.first(n - 1))));
    }
    EXPECT_FALSE(verify_inclusion(leaf, i, 2 * n, ip, root_n));
    auto longer = ip;
    longer.push_back(t.leaves[rng() % kLeaves]);
    EXPECT_FALSE(verify_inclusion(leaf, i, n, longer, root_n));
    if (!ip.empty()) {
      auto flipped = ip;
      flipped[rng() % ip.size()][rng() % 32] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      EXPECT_FALSE(verify_inclusion(leaf, i, n, flipped, root_n));
      EXPECT_FALSE(verify_inclusion(leaf, i, n, std::span(ip).first(ip.size() - 1), root_n));
      EXPECT_FALSE(verify_inclusion(leaf, i, n, std::span(ip).subspan(1), root_n));
    }

    t.reads = 0;
    const auto cp = must(consistency_proof(m, n, nodes));
    EXPECT_LE(t.reads, bound);
    ASSERT_TRUE(verify_consistency(m, n, root_m, root_n, cp));
    if (m == n) continue;
    EXPECT_FALSE(verify_consistency(m, n, root_n, root_m, cp));
    Hash other = root_m;
    other[rng() % 32] ^= 0x01;
    EXPECT_FALSE(verify_consistency(m, n, other, root_n, cp));
    EXPECT_FALSE(verify_consistency(m + 1, n, root_of(span.first(m + 1)), root_n, cp));
    if (m > 1) {
      EXPECT_FALSE(verify_consistency(m - 1, n, root_of(span.first(m - 1)), root_n, cp));
    }
    if (n < kLeaves) {
      EXPECT_FALSE(verify_consistency(m, n + 1, root_m, root_of(span.first(n + 1)), cp));
    }
    auto flipped = cp;
    flipped[rng() % cp.size()][rng() % 32] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, flipped));
    EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, std::span(cp).first(cp.size() - 1)));
    EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, std::span(cp).subspan(1)));
    auto extra = cp;
    extra.push_back(root_n);
    EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, extra));
  }
}

// Node source for a tree far too large to build: any hash will do to count reads and
// exercise 64-bit indices.
Hash fake_node(unsigned level, std::uint64_t index) {
  return leaf_hash(std::to_string(level) + "/" + std::to_string(index));
}

TEST(MerkleProperty, HugeTreesReadLogarithmicallyManyNodesAndResumeNearTheLimit) {
  std::uint64_t reads = 0;
  const NodeReader nodes = [&](unsigned level, std::uint64_t index) -> Result<Hash> {
    ++reads;
    return fake_node(level, index);
  };
  const std::uint64_t n = (std::uint64_t{1} << 63) + 123456789;
  reads = 0;
  ASSERT_TRUE(inclusion_proof(n - 2, n, nodes));
  EXPECT_LE(reads, 4u * 64 + 4);
  reads = 0;
  ASSERT_TRUE(consistency_proof((std::uint64_t{1} << 62) + 3, n, nodes));
  EXPECT_LE(reads, 4u * 64 + 4);

  // A compact range rebuilt from the decomposition has the root root_at computes.
  auto range = CompactRange::resume(n, nodes);
  ASSERT_TRUE(range);
  EXPECT_EQ(range->root(), must(root_at(n, nodes)));

  auto full = CompactRange::resume(UINT64_MAX - 1, nodes);
  ASSERT_TRUE(full);
  const auto done = full->append(leaf_hash("last"));
  EXPECT_EQ(done.size(), 1u);  // UINT64_MAX - 1 is even: nothing to merge
  EXPECT_EQ(done[0], (TreeNode{0, UINT64_MAX - 1, leaf_hash("last")}));
  EXPECT_EQ(full->size(), UINT64_MAX);
  EXPECT_THROW(full->append(leaf_hash("one too many")), std::length_error);
}

TEST(MerkleProperty, AppendCompletesAPowerOfTwoAllTheWayUp) {
  auto range =
      CompactRange::resume((std::uint64_t{1} << 40) - 1,
                           [](unsigned level, std::uint64_t index) -> Result<Hash> { return fake_node(level, index); });
  ASSERT_TRUE(range);
  const auto done = range->append(leaf_hash("x"));
  ASSERT_EQ(done.size(), 41u);
  for (unsigned level = 0; level <= 40; ++level) {
    EXPECT_EQ(done[level].level, level);
    EXPECT_EQ(done[level].index, ((std::uint64_t{1} << 40) - 1) >> level);
  }
  EXPECT_EQ(range->root(), done[40].hash);
}

// The level-parallel build must give exactly the tree that appending leaf by leaf gives:
// every node on every level, for every size (odd tails included) and any thread count.
TEST(MerkleProperty, MemoryTreeFromLeavesEqualsAppendingOneByOne) {
  std::mt19937_64 rng(7);
  std::vector<Hash> leaves;
  MemoryTree appended;
  for (std::uint64_t n = 0; n <= 300; ++n) {
    for (unsigned threads : {1u, 2u, 5u}) {
      const MemoryTree built = MemoryTree::from_leaves(leaves, threads);
      ASSERT_EQ(built.levels(), appended.levels()) << n << " leaves, " << threads << " threads";
      ASSERT_EQ(built.size(), n);
    }
    leaves.push_back(leaf_hash(std::to_string(rng())));
    appended.append(leaves.back());
  }
  // Big enough that every level below the top few is split across threads.
  while (leaves.size() < 100'003) {
    leaves.push_back(leaf_hash(std::to_string(rng())));
    appended.append(leaves.back());
  }
  const MemoryTree built = MemoryTree::from_leaves(leaves, 3);
  ASSERT_EQ(built.levels(), appended.levels());
  EXPECT_EQ(must(root_at(built.size(), built.reader())), root_of(leaves));
}

}  // namespace
}  // namespace dauvet::crypto
