// RFC 6962 / RFC 9162 §2.1 Merkle trees: roots, inclusion and consistency proofs, and
// their verification. Pure: the tree's nodes come from a NodeReader.
//
// Storage model: a NodeReader returns the hash of a *perfect* subtree,
//
//     node(level, index) = MTH(leaves[index << level, (index + 1) << level))
//
// which never changes once the tree has that many leaves. Any range the RFC's recursions
// ask for starts on a power-of-two boundary; if it is not perfect it is the ragged right
// edge, rebuilt from the O(log n) perfect subtrees of its binary decomposition. So
// root_at, inclusion_proof and consistency_proof each read O(log n) nodes.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "base/result.hpp"
#include "crypto/sha256.hpp"

namespace dauvet::crypto {

using NodeReader = std::function<Result<Hash>(unsigned level, std::uint64_t index)>;

// MTH over leaf hashes, straight from the definition (tests, small inputs).
Hash root_of(std::span<const Hash> leaf_hashes);

// The root of the first `size` leaves (empty_tree_root() for 0).
Result<Hash> root_at(std::uint64_t size, const NodeReader& nodes);

// RFC 9162 §2.1.3.1 PATH(index, D[size]), leaf side first.
Result<std::vector<Hash>> inclusion_proof(std::uint64_t index, std::uint64_t size, const NodeReader& nodes);

// RFC 9162 §2.1.4.1 PROOF(size1, D[size2]); empty when size1 is 0 or equals size2.
Result<std::vector<Hash>> consistency_proof(std::uint64_t size1, std::uint64_t size2, const NodeReader& nodes);

// RFC 9162 §2.1.3.2: the root the path leads to, or an error if the path cannot fit.
Result<Hash> root_from_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof);
bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                      const Hash& root);

// RFC 9162 §2.1.4.2. size1 == size2 needs an empty proof and equal roots; size1 == 0 an
// empty proof (the empty tree is a prefix of every tree).
bool verify_consistency(std::uint64_t size1, std::uint64_t size2, const Hash& root1, const Hash& root2,
                        std::span<const Hash> proof);

// NodeReader over a vector of leaf hashes, computing nodes on demand (tests).
NodeReader memory_nodes(const std::vector<Hash>& leaf_hashes);

// Every perfect subtree of a tree held in memory, built as leaves are appended: what an
// offline verifier recomputes from entries to check roots and make proofs (~64 bytes per
// leaf).
class MemoryTree {
 public:
  void append(const Hash& leaf);
  std::uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  NodeReader reader() const;
  const std::vector<std::vector<Hash>>& levels() const { return levels_; }

 private:
  std::vector<std::vector<Hash>> levels_;
};

}  // namespace dauvet::crypto
