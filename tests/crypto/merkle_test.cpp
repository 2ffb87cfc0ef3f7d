// Known answers: the RFC 6962 reference tree used by Certificate Transparency and
// transparency-dev/merkle (8 leaves, roots for every size, published inclusion and
// consistency proofs), the same corruptions those suites try, and argument edge cases.
#include "crypto/merkle.hpp"

#include <gtest/gtest.h>

#include <string>

#include "base/hex.hpp"
#include "must.hpp"

namespace dauvet::crypto {
namespace {

using testing::failure;
using testing::must;

Hash h(std::string_view hex) {
  Hash out{};
  EXPECT_TRUE(from_hex_into(hex, out)) << hex;
  return out;
}

std::vector<Hash> hashes(std::initializer_list<std::string_view> hexes) {
  std::vector<Hash> out;
  for (auto x : hexes) out.push_back(h(x));
  return out;
}

std::vector<Hash> reference_leaves() {
  std::vector<Hash> out;
  for (std::string_view x :
       {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"}) {
    const auto bytes = must(from_hex(x));
    out.push_back(leaf_hash(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())));
  }
  return out;
}

// Roots of the reference tree for sizes 0..8.
const std::vector<Hash> kRoots = hashes({
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
});

struct InclusionVector {
  std::uint64_t index, size;
  std::vector<Hash> proof;
};
const std::vector<InclusionVector> kInclusion = {
    {0, 1, {}},
    {0, 8,
     hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
    {5, 8,
     hashes({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
    {2, 3, hashes({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})},
    {1, 5,
     hashes({"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
};

struct ConsistencyVector {
  std::uint64_t size1, size2;
  std::vector<Hash> proof;
};
const std::vector<ConsistencyVector> kConsistency = {
    {1, 1, {}},
    {1, 8,
     hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
    {6, 8,
     hashes({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
    {2, 5,
     hashes({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
    {6, 7,
     hashes({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
             "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
};

const Hash kSomeHash = h("abacaba000000000000000000000000000000000000000000060061e00123456");

std::vector<Hash> with(std::vector<Hash> v, std::size_t at, const Hash& x) {
  v.insert(v.begin() + static_cast<std::ptrdiff_t>(at), x);
  return v;
}

TEST(Merkle, ReferenceRootsForEverySize) {
  const auto leaves = reference_leaves();
  const auto nodes = memory_nodes(leaves);
  CompactRange range;
  for (std::size_t n = 0; n <= 8; ++n) {
    EXPECT_EQ(root_of(std::span(leaves).subspan(0, n)), kRoots[n]) << n;
    EXPECT_EQ(must(root_at(n, nodes)), kRoots[n]) << n;
    EXPECT_EQ(range.root(), kRoots[n]) << n;
    if (n < 8) range.append(leaves[n]);
  }
}

TEST(Merkle, ReferenceInclusionProofsAndTheirCorruptions) {
  const auto leaves = reference_leaves();
  const auto nodes = memory_nodes(leaves);
  for (const auto& [i, n, proof] : kInclusion) {
    SCOPED_TRACE("leaf " + std::to_string(i) + " of " + std::to_string(n));
    const Hash& leaf = leaves[i];
    const Hash& root = kRoots[n];
    EXPECT_EQ(must(inclusion_proof(i, n, nodes)), proof);
    EXPECT_EQ(must(root_from_inclusion(leaf, i, n, proof)), root);
    EXPECT_TRUE(verify_inclusion(leaf, i, n, proof, root));

    EXPECT_FALSE(verify_inclusion(leaf, i - 1, n, proof, root));  // wraps to 2^64-1 for leaf 0
    EXPECT_FALSE(verify_inclusion(leaf, i + 1, n, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i ^ 2, n, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n * 2, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n / 2, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf_hash("WrongLeaf"), i, n, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n, proof, empty_tree_root()));
    EXPECT_FALSE(verify_inclusion(leaf, i, n, proof, kSomeHash));
    EXPECT_FALSE(verify_inclusion(leaf, i, n, with(proof, proof.size(), Hash{}), root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n, with(proof, proof.size(), root), root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n, with(proof, 0, Hash{}), root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n, with(proof, 0, root), root));
    for (std::size_t k = 0; k < proof.size(); ++k) {
      auto bad = proof;
      bad[k][0] ^= 8;
      EXPECT_FALSE(verify_inclusion(leaf, i, n, bad, root)) << "bit flipped in proof[" << k << "]";
    }
    if (!proof.empty()) {
      EXPECT_FALSE(verify_inclusion(leaf, i, n, std::span(proof).first(proof.size() - 1), root));
    }
    if (proof.size() > 1) {
      EXPECT_FALSE(verify_inclusion(leaf, i, n, with(proof, 1, kSomeHash), root));
    }
  }
}

TEST(Merkle, ReferenceConsistencyProofsAndTheirCorruptions) {
  const auto leaves = reference_leaves();
  const auto nodes = memory_nodes(leaves);
  for (const auto& [m, n, proof] : kConsistency) {
    SCOPED_TRACE(std::to_string(m) + " -> " + std::to_string(n));
    const Hash &r1 = kRoots[m], &r2 = kRoots[n];
    EXPECT_EQ(must(consistency_proof(m, n, nodes)), proof);
    EXPECT_TRUE(verify_consistency(m, n, r1, r2, proof));
    if (proof.empty()) continue;  // the trivial cases are covered in VerifyConsistencyEdgeCases

    EXPECT_FALSE(verify_consistency(m - 1, n, r1, r2, proof));
    EXPECT_FALSE(verify_consistency(m + 1, n, r1, r2, proof));
    EXPECT_FALSE(verify_consistency(m ^ 2, n, r1, r2, proof));
    EXPECT_FALSE(verify_consistency(m, n * 2, r1, r2, proof));
    EXPECT_FALSE(verify_consistency(m, n / 2, r1, r2, proof));
    EXPECT_FALSE(verify_consistency(m, n, kSomeHash, r2, proof));
    EXPECT_FALSE(verify_consistency(m, n, r1, kSomeHash, proof));
    EXPECT_FALSE(verify_consistency(m, n, r2, r1, proof));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, {}));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, with(proof, proof.size(), Hash{})));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, with(proof, proof.size(), r1)));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, with(proof, proof.size(), r2)));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, with(proof, 0, Hash{})));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, with(proof, 0, r1)));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, with(proof, 0, r2)));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, with(proof, 0, proof[0])));
    EXPECT_FALSE(verify_consistency(m, n, r1, r2, std::span(proof).first(proof.size() - 1)));
    for (std::size_t k = 0; k < proof.size(); ++k) {
      auto bad = proof;
      bad[k][0] ^= 16;
      EXPECT_FALSE(verify_consistency(m, n, r1, r2, bad)) << "bit flipped in proof[" << k << "]";
    }
  }
}

TEST(Merkle, VerifyConsistencyEdgeCases) {
  const Hash r1 = leaf_hash("don't care 1"), r2 = leaf_hash("don't care 2");
  const std::vector<Hash> none, one{empty_tree_root()};
  EXPECT_FALSE(verify_consistency(0, 0, r1, r2, none));
  EXPECT_FALSE(verify_consistency(1, 1, r1, r2, none));
  EXPECT_TRUE(verify_consistency(0, 0, r1, r1, none));
  EXPECT_TRUE(verify_consistency(0, 1, r1, r2, none));  // the empty tree precedes every tree
  EXPECT_TRUE(verify_consistency(1, 1, r2, r2, none));
  EXPECT_FALSE(verify_consistency(1, 0, r1, r2, none));  // time travel
  EXPECT_FALSE(verify_consistency(2, 1, r1, r2, none));
  EXPECT_FALSE(verify_consistency(1, 2, r1, r2, none));  // growth needs a proof
  const Hash& e = empty_tree_root();
  EXPECT_FALSE(verify_consistency(0, 0, e, e, one));  // roots match, proof must be empty
  EXPECT_FALSE(verify_consistency(0, 1, e, e, one));
  EXPECT_FALSE(verify_consistency(1, 1, e, e, one));
}

TEST(Merkle, VerifyInclusionEdgeCases) {
  const Hash leaf = leaf_hash("data");
  EXPECT_TRUE(verify_inclusion(leaf, 0, 1, {}, leaf));  // one leaf: it is the root
  EXPECT_FALSE(verify_inclusion(leaf, 0, 1, {}, empty_tree_root()));
  for (auto [i, n] : {std::pair<std::uint64_t, std::uint64_t>{0, 0}, {1, 0}, {2, 1}, {1, 1}}) {
    EXPECT_FALSE(verify_inclusion(leaf, i, n, {}, leaf)) << i << "/" << n;
    EXPECT_FALSE(root_from_inclusion(leaf, i, n, {}));
  }
}

TEST(Merkle, ImpossibleArgumentsAreErrorsNotCrashes) {
  const auto leaves = reference_leaves();
  const auto nodes = memory_nodes(leaves);
  auto inc = inclusion_proof(8, 8, nodes);
  ASSERT_FALSE(inc);
  EXPECT_EQ(inc.error().code, Errc::invalid_argument);
  EXPECT_FALSE(inclusion_proof(0, 0, nodes));
  EXPECT_FALSE(inclusion_proof(UINT64_MAX, 3, nodes));
  auto cons = consistency_proof(5, 4, nodes);
  ASSERT_FALSE(cons);
  EXPECT_EQ(cons.error().code, Errc::invalid_argument);
  EXPECT_TRUE(must(consistency_proof(0, 8, nodes)).empty());
  EXPECT_TRUE(must(consistency_proof(8, 8, nodes)).empty());
  // Beyond the stored tree: the reader's error comes back, nothing is invented.
  EXPECT_EQ(failure(root_at(9, nodes)).code, Errc::not_found);
  EXPECT_FALSE(inclusion_proof(0, 9, nodes));
  EXPECT_FALSE(consistency_proof(3, 9, nodes));
  EXPECT_FALSE(CompactRange::resume(9, nodes));
  EXPECT_EQ(must(root_at(0, nodes)), empty_tree_root());
}

}  // namespace
}  // namespace dauvet::crypto
