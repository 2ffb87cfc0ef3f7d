#include "crypto/sha256.hpp"

#include <gtest/gtest.h>

#include "base/hex.hpp"

namespace dauvet::crypto {
namespace {

TEST(Sha256, KnownAnswers) {
  // FIPS 180-2 appendix B examples.
  EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalEqualsOneShotAndResets) {
  Sha256 h;
  h.update("ab").update("c");
  EXPECT_EQ(h.finish(), sha256("abc"));
  EXPECT_EQ(h.finish(), sha256(""));  // finish() leaves a fresh context behind
}

TEST(Sha256, LeafAndNodePrefixes) {
  // RFC 6962 test vector: the hash of the empty leaf.
  EXPECT_EQ(to_hex(leaf_hash("")), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  const Hash l = leaf_hash("a"), r = leaf_hash("b");
  std::string cat(1, '\x01');
  cat.append(reinterpret_cast<const char*>(l.data()), l.size());
  cat.append(reinterpret_cast<const char*>(r.data()), r.size());
  EXPECT_EQ(node_hash(l, r), sha256(cat));
  EXPECT_EQ(empty_tree_root(), sha256(""));
}

}  // namespace
}  // namespace dauvet::crypto
