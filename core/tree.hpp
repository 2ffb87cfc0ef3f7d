// The RFC 6962 Merkle tree over the ledger's leaf hashes, kept by the writer in the same
// transaction as the entries.
//
//   database  key                                   value
//   --------  ------------------------------------  ------------------------------------
//   tree      u64be last leaf | u8 level            32-byte hash of the perfect subtree
//             (last leaf = ((index + 1) << level) - 1)  over leaves [index << level,
//                                                    (index + 1) << level)
//
// Keyed by the leaf that completes the node, so every node an append stores sorts after
// all stored before it: the tree is written with MDB_APPEND, like the entries.
//
// Only perfect (complete) subtrees are stored: appending leaf i stores node (0, i) and,
// while the new node is a right child, its parent. A node, once stored, never changes,
// so the root of any earlier size, inclusion and consistency proofs all combine
// O(log n) stored nodes (crypto/merkle.hpp does the combining).
//
// Amortised cost: two node writes per entry (one leaf, on average one parent).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/ledger.hpp"
#include "crypto/merkle.hpp"

namespace dauvet {

namespace tree_keys {
std::string node(unsigned level, std::uint64_t index);
}

// Reads stored nodes through any transaction of the ledger.
class TreeView {
 public:
  TreeView(const lmdb::Txn& txn, MDB_dbi dbi) : txn_(&txn), dbi_(dbi) {}
  Result<std::optional<crypto::Hash>> node(unsigned level, std::uint64_t index) const;
  // For crypto/merkle.hpp's root and proof functions; a missing node is corruption. The
  // reader refers to this view: keep the view alive while using it.
  crypto::NodeReader reader() const;

 private:
  const lmdb::Txn* txn_;
  MDB_dbi dbi_;
};

class TreeHook final : public WriteHook {
 public:
  Result<void> open(lmdb::Txn& txn, const Dbs& dbs) override;
  Result<void> on_leaf(lmdb::Txn& txn, std::uint64_t index, const crypto::Hash& leaf) override;
  // A batch that did not commit leaves the in-memory edge ahead of the disk: drop it.
  void end_batch(bool committed, std::uint64_t) override {
    if (!committed) edge_size_.reset();
  }

  // Valid after open().
  MDB_dbi dbi() const { return dbi_; }

 private:
  // The right edge of the tree of edge_size_ leaves: edge_[l] is the perfect subtree
  // (l, (size >> l) - 1) for every set bit l of the size — the left siblings the next
  // appends will combine with, so appending never reads the B-tree.
  Result<void> load_edge(const lmdb::Txn& txn, std::uint64_t size);

  MDB_dbi dbi_ = 0;
  std::optional<std::uint64_t> edge_size_;
  std::vector<crypto::Hash> edge_ = std::vector<crypto::Hash>(64);
};

}  // namespace dauvet
