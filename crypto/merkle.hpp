// RFC 6962 / RFC 9162 §2.1 Merkle trees: roots, inclusion and consistency proofs, their
// verification, and the compact range a writer keeps to extend the tree. Pure: stored
// nodes come from a NodeReader, so the same code serves LMDB, bundles and tests.
//
// Storage model: a NodeReader returns the hash of a *perfect* subtree,
//
//     node(level, index) = MTH(leaves[index << level, (index + 1) << level))
//
//     level 2 |                n(2,0)                                  |
//             |           /              \                              |
//     level 1 |       n(1,0)            n(1,1)           n(1,2)         |
//             |      /     \           /     \          /     \         |
//     level 0 |  n(0,0)   n(0,1)   n(0,2)   n(0,3)   n(0,4)   n(0,5)   n(0,6)   (size 7)
//
// which never changes once the tree has that many leaves, so it can be written once and
// never rewritten. Any range the RFC's recursions ask for starts on a power-of-two
// boundary; if it is not perfect it is the ragged right edge, rebuilt from the O(log n)
// perfect subtrees of its binary decomposition (size 7 = n(2,0), n(1,2), n(0,6)). So
// root_at, inclusion_proof and consistency_proof each read O(log n) nodes.
#pragma once

#include <array>
#include <cstddef>
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

// RFC 9162 §2.1.3.1 PATH(index, D[size]), leaf side first. index >= size is an error.
Result<std::vector<Hash>> inclusion_proof(std::uint64_t index, std::uint64_t size, const NodeReader& nodes);

// RFC 9162 §2.1.4.1 PROOF(size1, D[size2]). The RFC defines it for 0 < size1 < size2; for
// size1 == size2 or size1 == 0 the proof is empty, matching verify_consistency below.
Result<std::vector<Hash>> consistency_proof(std::uint64_t size1, std::uint64_t size2, const NodeReader& nodes);

// RFC 9162 §2.1.3.2: the root the path leads to, or an error if the path cannot fit.
Result<Hash> root_from_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof);
bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                      const Hash& root);

// RFC 9162 §2.1.4.2. size1 == size2 needs an empty proof and equal roots; size1 == 0 an
// empty proof (the empty tree is a prefix of every tree).
bool verify_consistency(std::uint64_t size1, std::uint64_t size2, const Hash& root1, const Hash& root2,
                        std::span<const Hash> proof);

// NodeReader over a vector of leaf hashes, computing nodes on demand (tests). The vector
// must outlive the reader.
NodeReader memory_nodes(const std::vector<Hash>& leaf_hashes);

// Every perfect subtree of a tree held in memory, built as leaves are appended: what an
// offline verifier recomputes from entries to check roots and make proofs (~64 bytes per
// leaf).
class MemoryTree {
 public:
  // The same tree as appending each leaf in turn, with the nodes of each level hashed by
  // `threads` threads (verify builds a million-leaf tree this way in a fraction of the time).
  static MemoryTree from_leaves(std::vector<Hash> leaves, unsigned threads);

  void append(const Hash& leaf);
  // Room for `leaves` leaves and their nodes, so appending a known count never reallocates.
  void reserve(std::uint64_t leaves);
  std::uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  NodeReader reader() const;
  const std::vector<std::vector<Hash>>& levels() const { return levels_; }

 private:
  std::vector<std::vector<Hash>> levels_;
};

// A node a writer must store: node(level, index) as defined above.
struct TreeNode {
  unsigned level = 0;
  std::uint64_t index = 0;
  Hash hash{};
  friend bool operator==(const TreeNode&, const TreeNode&) = default;
};

// The nodes one append completes, leaf first, then upwards. Fixed capacity, so appending
// never allocates: the writer calls this inside its transaction for every entry.
class CompletedNodes {
 public:
  static constexpr std::size_t kCapacity = 64;  // a leaf and at most 63 merges below 2^64

  std::size_t size() const { return count_; }
  const TreeNode& operator[](std::size_t i) const { return nodes_[i]; }
  const TreeNode* begin() const { return nodes_.data(); }
  const TreeNode* end() const { return nodes_.data() + count_; }
  void push_back(const TreeNode& node) { nodes_[count_++] = node; }

 private:
  std::array<TreeNode, kCapacity> nodes_;
  std::size_t count_ = 0;
};

// The right edge of a tree of size n (a.k.a. frontier): one perfect subtree per set bit of
// n, at most 64 hashes. Enough to compute the root and to extend the tree by one leaf
// without reading anything. It is a plain value (~2 KiB): a writer copies it before a
// transaction and restores the copy if the transaction aborts, or resumes from storage.
class CompactRange {
 public:
  CompactRange() = default;

  // The range of the first `size` leaves of a stored tree: popcount(size) node reads.
  static Result<CompactRange> resume(std::uint64_t size, const NodeReader& nodes);

  // Adds leaf number size() and returns every node this completes, for the caller to
  // store. Throws std::length_error at 2^64 - 1 leaves (the index would overflow).
  CompletedNodes append(const Hash& leaf);

  std::uint64_t size() const { return size_; }
  // MTH of the first size() leaves; empty_tree_root() for 0.
  Hash root() const;
  // Edge hash at `level`; meaningful only when bit `level` of size() is set.
  const Hash& edge(unsigned level) const { return edge_[level]; }

 private:
  std::uint64_t size_ = 0;
  std::array<Hash, 64> edge_{};
};

}  // namespace dauvet::crypto
