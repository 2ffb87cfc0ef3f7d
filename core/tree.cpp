#include "core/tree.hpp"

#include <cstring>

namespace dauvet {

namespace tree_keys {
std::string node(unsigned level, std::uint64_t index) {
  std::string key = keys::u64(((index + 1) << level) - 1);
  key.push_back(static_cast<char>(level));
  return key;
}
}  // namespace tree_keys

Result<std::optional<crypto::Hash>> TreeView::node(unsigned level, std::uint64_t index) const {
  auto v = txn_->get(dbi_, tree_keys::node(level, index));
  if (!v) return fail(v.error());
  if (!*v) return std::optional<crypto::Hash>{};
  if ((*v)->size() != 32) return fail(Errc::corrupt, "tree node is not 32 bytes");
  crypto::Hash h;
  std::memcpy(h.data(), (*v)->data(), 32);
  return std::optional<crypto::Hash>{h};
}

crypto::NodeReader TreeView::reader() const {
  return [this](unsigned level, std::uint64_t index) -> Result<crypto::Hash> {
    auto n = node(level, index);
    if (!n) return fail(n.error());
    if (!*n) return fail(Errc::corrupt, "tree node (" + std::to_string(level) + ", " + std::to_string(index) + ") is missing");
    return **n;
  };
}

Result<void> TreeHook::open(lmdb::Txn& txn, const Dbs&) {
  auto dbi = txn.open_db("tree", txn.writable() ? MDB_CREATE : 0);
  if (!dbi) return fail(dbi.error());
  dbi_ = *dbi;
  return {};
}

Result<void> TreeHook::load_edge(const lmdb::Txn& txn, std::uint64_t size) {
  TreeView view(txn, dbi_);
  for (unsigned level = 0; level < 64; ++level) {
    if (((size >> level) & 1) == 0) continue;
    auto node = view.node(level, (size >> level) - 1);
    if (!node) return fail(node.error());
    if (!*node)
      return fail(Errc::corrupt, "tree node (" + std::to_string(level) + ", " + std::to_string((size >> level) - 1) +
                                     ") is missing");
    edge_[level] = **node;
  }
  edge_size_ = size;
  return {};
}

Result<void> TreeHook::on_leaf(lmdb::Txn& txn, std::uint64_t entry_index, const crypto::Hash& leaf) {
  if (edge_size_ != entry_index) {
    if (auto r = load_edge(txn, entry_index); !r) return r;
  }
  auto put = [&](unsigned level, std::uint64_t index, const crypto::Hash& h) {
    const std::string_view bytes(reinterpret_cast<const char*>(h.data()), h.size());
    return txn.put_kept(dbi_, tree_keys::node(level, index), bytes, MDB_APPEND);
  };
  if (auto r = put(0, entry_index, leaf); !r) return r;
  // Binary increment: every set low bit of the old size is a left sibling to fold in.
  crypto::Hash carry = leaf;
  unsigned level = 0;
  for (std::uint64_t index = entry_index; index % 2 == 1; ++level, index /= 2) {
    carry = crypto::node_hash(edge_[level], carry);
    if (auto r = put(level + 1, index / 2, carry); !r) return r;
  }
  edge_[level] = carry;
  edge_size_ = entry_index + 1;
  return {};
}

}  // namespace dauvet
