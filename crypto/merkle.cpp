#include "crypto/merkle.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>
#include <thread>

namespace dauvet::crypto {
namespace {

// Largest power of two strictly less than n (n >= 2): the RFC's split point.
std::uint64_t split(std::uint64_t n) { return std::bit_floor(n - 1); }

// MTH(leaves[begin, end)), begin aligned to a power of two at least as large as the range.
Result<Hash> range_root(std::uint64_t begin, std::uint64_t end, const NodeReader& nodes) {
  const std::uint64_t n = end - begin;
  if (std::has_single_bit(n)) {
    const unsigned level = static_cast<unsigned>(std::countr_zero(n));
    return nodes(level, begin >> level);
  }
  // Ragged right edge: perfect left part, then the rest.
  const std::uint64_t k = split(n);
  auto left = nodes(static_cast<unsigned>(std::countr_zero(k)), begin / k);
  if (!left) return left;
  auto right = range_root(begin + k, end, nodes);
  if (!right) return right;
  return node_hash(*left, *right);
}

Result<void> subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool complete, const NodeReader& nodes,
                      std::vector<Hash>& out) {
  const std::uint64_t n = end - begin;
  if (m == n) {
    if (complete) return {};
    auto h = range_root(begin, end, nodes);
    if (!h) return fail(h.error());
    out.push_back(*h);
    return {};
  }
  const std::uint64_t k = split(n);
  if (m <= k) {
    if (auto r = subproof(m, begin, begin + k, complete, nodes, out); !r) return r;
    auto h = range_root(begin + k, end, nodes);
    if (!h) return fail(h.error());
    out.push_back(*h);
  } else {
    if (auto r = subproof(m - k, begin + k, end, false, nodes, out); !r) return r;
    auto h = range_root(begin, begin + k, nodes);
    if (!h) return fail(h.error());
    out.push_back(*h);
  }
  return {};
}

}  // namespace

Hash root_of(std::span<const Hash> leaves) {
  if (leaves.empty()) return empty_tree_root();
  if (leaves.size() == 1) return leaves[0];
  const std::size_t k = static_cast<std::size_t>(split(leaves.size()));
  return node_hash(root_of(leaves.subspan(0, k)), root_of(leaves.subspan(k)));
}

Result<Hash> root_at(std::uint64_t size, const NodeReader& nodes) {
  if (size == 0) return empty_tree_root();
  return range_root(0, size, nodes);
}

Result<std::vector<Hash>> inclusion_proof(std::uint64_t index, std::uint64_t size, const NodeReader& nodes) {
  if (index >= size)
    return fail(Errc::invalid_argument, "index " + std::to_string(index) + " is not below tree size " + std::to_string(size),
                "index");
  std::vector<Hash> path;
  std::uint64_t begin = 0, end = size;
  // Walk down from the root, collecting siblings; the RFC lists them leaf side first.
  while (end - begin > 1) {
    const std::uint64_t k = split(end - begin);
    Result<Hash> sibling = index < begin + k ? range_root(begin + k, end, nodes) : range_root(begin, begin + k, nodes);
    if (!sibling) return fail(sibling.error());
    path.push_back(*sibling);
    if (index < begin + k) end = begin + k; else begin += k;
  }
  return std::vector<Hash>(path.rbegin(), path.rend());
}

Result<std::vector<Hash>> consistency_proof(std::uint64_t size1, std::uint64_t size2, const NodeReader& nodes) {
  if (size1 > size2)
    return fail(Errc::invalid_argument, "size " + std::to_string(size1) + " is larger than " + std::to_string(size2), "from");
  std::vector<Hash> out;
  if (size1 == 0 || size1 == size2) return out;
  if (auto r = subproof(size1, 0, size2, true, nodes, out); !r) return fail(r.error());
  return out;
}

Result<Hash> root_from_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof) {
  if (index >= size) return fail(Errc::invalid_argument, "index is not below the tree size");
  std::uint64_t fn = index, sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) return fail(Errc::invalid_argument, "the proof is longer than the tree is deep");
    if ((fn & 1) == 1 || fn == sn) {
      r = node_hash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return fail(Errc::invalid_argument, "the proof is shorter than the tree is deep");
  return r;
}

bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                      const Hash& root) {
  auto r = root_from_inclusion(leaf, index, size, proof);
  return r && *r == root;
}

bool verify_consistency(std::uint64_t size1, std::uint64_t size2, const Hash& root1, const Hash& root2,
                        std::span<const Hash> proof) {
  if (size1 > size2) return false;
  if (size1 == size2) return proof.empty() && root1 == root2;
  if (size1 == 0) return proof.empty();
  if (proof.empty()) return false;
  // Step 2 prepends root1 when size1 is a power of two; index into the virtual path
  // instead of copying it.
  const bool seeded = std::has_single_bit(size1);
  const std::size_t length = proof.size() + (seeded ? 1 : 0);
  auto path = [&](std::size_t i) -> const Hash& { return seeded ? (i == 0 ? root1 : proof[i - 1]) : proof[i]; };
  std::uint64_t fn = size1 - 1, sn = size2 - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path(0), sr = path(0);
  for (std::size_t i = 1; i < length; ++i) {
    const Hash& c = path(i);
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == root1 && sr == root2 && sn == 0;
}

NodeReader memory_nodes(const std::vector<Hash>& leaf_hashes) {
  return [&leaf_hashes](unsigned level, std::uint64_t index) -> Result<Hash> {
    const std::uint64_t count = leaf_hashes.size();
    if (level >= 64 || index >= (count >> level)) return fail(Errc::not_found, "node beyond the tree");
    const std::uint64_t begin = index << level, end = (index + 1) << level;
    return root_of(std::span<const Hash>(leaf_hashes).subspan(begin, end - begin));
  };
}

void MemoryTree::append(const Hash& leaf) {
  Hash carry = leaf;
  for (std::size_t level = 0;; ++level) {
    if (levels_.size() == level) levels_.emplace_back();
    levels_[level].push_back(carry);
    if (levels_[level].size() % 2 == 1) return;
    const std::size_t n = levels_[level].size();
    carry = node_hash(levels_[level][n - 2], levels_[level][n - 1]);
  }
}

void MemoryTree::reserve(std::uint64_t leaves) {
  for (std::size_t level = 0; leaves > 0; ++level, leaves /= 2) {
    if (levels_.size() == level) levels_.emplace_back();
    levels_[level].reserve(leaves);
  }
}

MemoryTree MemoryTree::from_leaves(std::vector<Hash> leaves, unsigned threads) {
  MemoryTree tree;
  if (leaves.empty()) return tree;
  tree.levels_.push_back(std::move(leaves));
  // Below this many nodes a level is hashed faster than threads start.
  constexpr std::size_t kPerThread = 16384;
  while (tree.levels_.back().size() >= 2) {
    const std::vector<Hash>& below = tree.levels_.back();
    std::vector<Hash> level(below.size() / 2);
    auto hash_range = [&below, &level](std::size_t b, std::size_t e) {
      for (std::size_t j = b; j < e; ++j) level[j] = node_hash(below[2 * j], below[2 * j + 1]);
    };
    const std::size_t parts = std::clamp<std::size_t>(level.size() / kPerThread, 1, std::max(1u, threads));
    const std::size_t per = (level.size() + parts - 1) / parts;
    std::vector<std::thread> pool;
    for (std::size_t p = 1; p < parts; ++p)
      pool.emplace_back(hash_range, std::min(level.size(), p * per), std::min(level.size(), (p + 1) * per));
    hash_range(0, std::min(level.size(), per));
    for (auto& t : pool) t.join();
    tree.levels_.push_back(std::move(level));
  }
  return tree;
}

NodeReader MemoryTree::reader() const {
  return [this](unsigned level, std::uint64_t index) -> Result<Hash> {
    if (level >= levels_.size() || index >= levels_[level].size()) return fail(Errc::not_found, "node beyond the tree");
    return levels_[level][index];
  };
}

Result<CompactRange> CompactRange::resume(std::uint64_t size, const NodeReader& nodes) {
  CompactRange range;
  // Bit `level` of size set: the perfect subtree ending just before the lower bits' leaves.
  for (unsigned level = 0; level < 64; ++level) {
    if (((size >> level) & 1) == 0) continue;
    auto h = nodes(level, (size >> level) - 1);
    if (!h) return fail(h.error());
    range.edge_[level] = *h;
  }
  range.size_ = size;
  return range;
}

CompletedNodes CompactRange::append(const Hash& leaf) {
  if (size_ == UINT64_MAX) throw std::length_error("Merkle tree is full");
  CompletedNodes out;
  out.push_back({0, size_, leaf});
  // Binary increment: each trailing 1 bit of the old size is a left sibling to fold in.
  Hash carry = leaf;
  unsigned level = 0;
  for (std::uint64_t index = size_; (index & 1) == 1; index >>= 1, ++level) {
    carry = node_hash(edge_[level], carry);
    out.push_back({level + 1, index >> 1, carry});
  }
  edge_[level] = carry;
  ++size_;
  return out;
}

Hash CompactRange::root() const {
  if (size_ == 0) return empty_tree_root();
  // The smallest subtree is the rightmost; each larger one is a left sibling above it.
  unsigned level = static_cast<unsigned>(std::countr_zero(size_));
  Hash r = edge_[level];
  for (++level; level < 64; ++level) {
    if (((size_ >> level) & 1) == 1) r = node_hash(edge_[level], r);
  }
  return r;
}

}  // namespace dauvet::crypto
