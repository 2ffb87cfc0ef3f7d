#include "core/tree.hpp"

#include <gtest/gtest.h>

#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using namespace dauvet::testing;

// RFC 6962 §2.1 MTH, written from the definition: split at the largest power of two
// smaller than n.
crypto::Hash reference_root(const std::vector<crypto::Hash>& leaves, std::size_t begin, std::size_t end) {
  if (end - begin == 1) return leaves[begin];
  std::size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return crypto::node_hash(reference_root(leaves, begin, begin + k), reference_root(leaves, begin + k, end));
}

void check_all_nodes(const Ledger& l, std::uint64_t n) {
  auto snap = l.read();
  TreeView tree(snap->view().txn(), l.tree_dbi());
  std::vector<crypto::Hash> leaves;
  for (std::uint64_t i = 0; i < n; ++i) leaves.push_back(crypto::leaf_hash(**snap->view().entry_bytes(i)));
  for (unsigned level = 0; (std::uint64_t{1} << level) <= n; ++level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    for (std::uint64_t index = 0; (index + 1) * width <= n; ++index) {
      auto node = tree.node(level, index);
      ASSERT_TRUE(node && *node) << "missing node (" << level << ", " << index << ")";
      EXPECT_EQ(**node, reference_root(leaves, index * width, (index + 1) * width)) << level << ", " << index;
    }
    // Nothing incomplete is stored: the node that would cover the ragged edge is absent.
    EXPECT_FALSE(*tree.node(level, n / width)) << "level " << level;
  }
}

void append_concurrently(Ledger& l, std::uint64_t n, const std::string& payload) {
  std::vector<std::future<Result<CommandResult>>> pending;
  for (std::uint64_t i = 0; i < n; ++i) pending.push_back(l.append(request("s/" + std::to_string(i % 5), payload), kClerk));
  for (auto& f : pending) ASSERT_TRUE(f.get());
}

TEST(Tree, StoresEveryPerfectSubtreeAsTheWriterAppends) {
  TempDir dir;
  auto l = open_ledger(dir.str(), Ledger::Options{.max_batch = 7});
  append_concurrently(*l, 300, "{}");
  check_all_nodes(*l, 300);
}

TEST(Tree, StaysRightAcrossAbortedBatchesAndReopen) {
  TempDir dir;
  const std::string big = R"({"data":")" + std::string(30'000, 'x') + R"("})";
  {
    // A tiny map: batches abort on MDB_MAP_FULL and are redone after the map grows.
    auto l = open_ledger(dir.str(), Ledger::Options{.map_size = std::size_t{1} << 20});
    append_concurrently(*l, 150, big);
    EXPECT_GT(l->stats().map_grows.load(), 0u);
    check_all_nodes(*l, 150);
  }
  auto l = open_ledger(dir.str());
  append_concurrently(*l, 37, "{}");  // the edge is reloaded from stored nodes
  check_all_nodes(*l, 187);
}

}  // namespace
}  // namespace dauvet
