#include "crypto/merkle.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <random>

#include "base/hex.hpp"

namespace dauvet::crypto {
namespace {

Hash h(std::string_view hex) {
  Hash out{};
  EXPECT_TRUE(from_hex_into(hex, out)) << hex;
  return out;
}

std::vector<Hash> proof(std::initializer_list<std::string_view> hexes) {
  std::vector<Hash> out;
  for (auto x : hexes) out.push_back(h(x));
  return out;
}

// The RFC 6962 reference leaves used by Certificate Transparency and transparency-dev.
std::vector<Hash> reference_leaves() {
  std::vector<Hash> out;
  for (std::string_view x : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                             "606162636465666768696a6b6c6d6e6f"}) {
    const auto bytes = *from_hex(x);
    out.push_back(leaf_hash(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())));
  }
  return out;
}

TEST(Merkle, ReferenceRoots) {
  const std::vector<std::string_view> roots{
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  const auto leaves = reference_leaves();
  const auto nodes = memory_nodes(leaves);
  for (std::size_t n = 0; n <= 8; ++n) {
    EXPECT_EQ(to_hex(root_of(std::span(leaves).subspan(0, n))), roots[n]) << n;
    EXPECT_EQ(to_hex(*root_at(n, nodes)), roots[n]) << n;
  }
}

TEST(Merkle, ReferenceInclusionProofs) {
  const auto leaves = reference_leaves();
  const auto nodes = memory_nodes(leaves);
  const Hash root8 = root_of(leaves);
  const auto p0 = proof({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                         "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                         "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"});
  const auto p5 = proof({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                         "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                         "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"});
  EXPECT_EQ(*inclusion_proof(0, 8, nodes), p0);
  EXPECT_EQ(*inclusion_proof(5, 8, nodes), p5);
  EXPECT_TRUE(verify_inclusion(leaves[0], 0, 8, p0, root8));
  EXPECT_TRUE(verify_inclusion(leaves[5], 5, 8, p5, root8));
  EXPECT_TRUE(inclusion_proof(0, 1, nodes)->empty());
}

TEST(Merkle, ReferenceConsistencyProofs) {
  const auto leaves = reference_leaves();
  const auto nodes = memory_nodes(leaves);
  auto root = [&](std::size_t n) { return root_of(std::span(leaves).subspan(0, n)); };
  const auto c28 = proof({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"});
  const auto c68 = proof({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                          "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"});
  const auto c25 = proof({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                          "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"});
  EXPECT_EQ(*consistency_proof(2, 8, nodes), c28);
  EXPECT_EQ(*consistency_proof(6, 8, nodes), c68);
  EXPECT_EQ(*consistency_proof(2, 5, nodes), c25);
  EXPECT_TRUE(verify_consistency(2, 8, root(2), root(8), c28));
  EXPECT_TRUE(verify_consistency(6, 8, root(6), root(8), c68));
  EXPECT_TRUE(verify_consistency(2, 5, root(2), root(5), c25));
  EXPECT_TRUE(verify_consistency(8, 8, root(8), root(8), {}));
  EXPECT_FALSE(verify_consistency(8, 8, root(8), root(7), {}));
  EXPECT_TRUE(verify_consistency(0, 8, empty_tree_root(), root(8), {}));
}

TEST(Merkle, RejectsImpossibleArguments) {
  const auto leaves = reference_leaves();
  const auto nodes = memory_nodes(leaves);
  EXPECT_FALSE(inclusion_proof(8, 8, nodes));
  EXPECT_FALSE(consistency_proof(5, 4, nodes));
  EXPECT_FALSE(verify_consistency(5, 4, root_of(leaves), root_of(leaves), {}));
  EXPECT_FALSE(verify_inclusion(leaves[0], 3, 2, {}, root_of(leaves)));
}

// Random sizes up to 2,000: every proof verifies, every tampered proof fails, and proofs
// read O(log n) stored nodes.
TEST(Merkle, RandomProofsRoundTripAndTamperingFails) {
  std::mt19937_64 rng(6962);
  std::vector<Hash> leaves;
  for (int i = 0; i < 2000; ++i) leaves.push_back(leaf_hash(std::to_string(rng())));
  std::uint64_t reads = 0;
  const NodeReader inner = memory_nodes(leaves);
  const NodeReader counting = [&](unsigned level, std::uint64_t index) {
    ++reads;
    return inner(level, index);
  };
  for (int trial = 0; trial < 300; ++trial) {
    const std::uint64_t n = 1 + rng() % 2000;
    const std::uint64_t i = rng() % n;
    const std::uint64_t m = 1 + rng() % n;
    const auto span = std::span<const Hash>(leaves);
    const Hash root_n = root_of(span.subspan(0, n)), root_m = root_of(span.subspan(0, m));
    const unsigned log_n = static_cast<unsigned>(std::bit_width(n));

    reads = 0;
    auto ip = inclusion_proof(i, n, counting);
    ASSERT_TRUE(ip);
    EXPECT_LE(reads, 2u * log_n + 2) << "inclusion proof read too many nodes for n=" << n;
    ASSERT_TRUE(verify_inclusion(leaves[i], i, n, *ip, root_n)) << i << "/" << n;
    EXPECT_FALSE(verify_inclusion(leaves[(i + 1) % 2000], i, n, *ip, root_n));
    if (n > 1) {
      EXPECT_FALSE(verify_inclusion(leaves[i], (i + 1) % n, n, *ip, root_n));
    }
    if (!ip->empty()) {
      auto bad = *ip;
      bad[rng() % bad.size()][rng() % 32] ^= 0x01;
      EXPECT_FALSE(verify_inclusion(leaves[i], i, n, bad, root_n));
      auto shorter = *ip;
      shorter.pop_back();
      EXPECT_FALSE(verify_inclusion(leaves[i], i, n, shorter, root_n));
    }
    auto longer = *ip;
    longer.push_back(leaves[0]);
    EXPECT_FALSE(verify_inclusion(leaves[i], i, n, longer, root_n));

    reads = 0;
    auto cp = consistency_proof(m, n, counting);
    ASSERT_TRUE(cp);
    EXPECT_LE(reads, 3u * log_n + 2) << "consistency proof read too many nodes for " << m << "->" << n;
    ASSERT_TRUE(verify_consistency(m, n, root_m, root_n, *cp)) << m << " -> " << n;
    EXPECT_EQ(*root_at(n, counting), root_n);
    if (!cp->empty()) {
      auto bad = *cp;
      bad[rng() % bad.size()][rng() % 32] ^= 0x80;
      EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, bad));
      EXPECT_FALSE(verify_consistency(m, n, root_m, root_of(span.subspan(0, n - 1 + (n == m))), *cp));
    }
    if (m < n) {
      Hash other = root_m;
      other[0] ^= 1;
      EXPECT_FALSE(verify_consistency(m, n, other, root_n, *cp));
    }
  }
}

}  // namespace
}  // namespace dauvet::crypto
