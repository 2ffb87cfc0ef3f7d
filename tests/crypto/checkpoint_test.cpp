#include "crypto/checkpoint.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <memory>

#include "crypto/base64.hpp"
#include "crypto/merkle.hpp"
#include "must.hpp"

namespace dauvet::crypto {
namespace {

using testing::failure;
using testing::must;

constexpr std::string_view kOrigin = "dauvet.hungyen.example/ledger";
const std::string kDash = "\xe2\x80\x94 ";

VerifierKey vkey(std::string_view name, const SigningKey& key) {
  auto k = parse_verifier_key(format_verifier_key(name, key.public_key()));
  EXPECT_TRUE(k) << k.error().to_string();
  return *k;
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(Checkpoint, SignedCheckpointVerifiesWithOpenSslDirectly) {
  const SigningKey key = must(SigningKey::generate());
  CompactRange tree;
  std::vector<Hash> leaves;
  for (int i = 0; i < 1000; ++i) {
    leaves.push_back(leaf_hash("entry " + std::to_string(i)));
    tree.append(leaves.back());
  }
  const Checkpoint cp{std::string(kOrigin), tree.size(), tree.root(), {}};
  const std::string note = must(sign_checkpoint(cp, kOrigin, key));

  // Take the note apart by hand: text, blank line, one signature line.
  const auto split = note.rfind("\n\n");
  ASSERT_NE(split, std::string::npos);
  const std::string text = note.substr(0, split + 1);
  EXPECT_EQ(text, std::string(kOrigin) + "\n1000\n" + base64_encode(tree.root()) + "\n");
  const std::string line = note.substr(split + 2);
  const std::string prefix = kDash + std::string(kOrigin) + " ";
  ASSERT_TRUE(line.starts_with(prefix)) << line;
  ASSERT_TRUE(line.ends_with("\n"));
  const auto blob = base64_decode(std::string_view(line).substr(prefix.size(), line.size() - prefix.size() - 1));
  ASSERT_TRUE(blob && blob->size() == 68);

  // Key ID: SHA-256(name || 0x0A || 0x01 || public key)[0:4], computed here independently.
  std::string id_input = std::string(kOrigin) + "\n\x01";
  id_input.append(reinterpret_cast<const char*>(key.public_key().data()), 32);
  const Hash id_hash = sha256(id_input);
  EXPECT_TRUE(std::equal(blob->begin(), blob->begin() + 4, id_hash.begin()));

  // The signature, checked by OpenSSL's own Ed25519 over the exact text bytes.
  const auto& pub = key.public_key();
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub.data(), pub.size()), EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  ASSERT_TRUE(pkey && ctx);
  ASSERT_EQ(EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()), 1);
  EXPECT_EQ(EVP_DigestVerify(ctx.get(), blob->data() + 4, 64, reinterpret_cast<const unsigned char*>(text.data()),
                             text.size()),
            1);
  // ... and OpenSSL says no to the same signature over a different size.
  const std::string other = replace_once(text, "\n1000\n", "\n1001\n");
  ASSERT_EQ(EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()), 1);
  EXPECT_NE(EVP_DigestVerify(ctx.get(), blob->data() + 4, 64, reinterpret_cast<const unsigned char*>(other.data()),
                             other.size()),
            1);

  // Parsed back, it is the checkpoint we signed, and the tree's proofs check against it.
  EXPECT_EQ(must(parse_checkpoint_body(text)), cp);
  auto opened = open_checkpoint(note, kOrigin, {vkey(kOrigin, key)});
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(*opened, cp);
  const auto proof = inclusion_proof(417, opened->size, memory_nodes(leaves));
  ASSERT_TRUE(proof);
  EXPECT_TRUE(verify_inclusion(leaves[417], 417, opened->size, *proof, opened->root));
}

TEST(Checkpoint, TamperedSizeRootSignatureOrOriginIsRejected) {
  const SigningKey key = must(SigningKey::generate());
  const auto vk = vkey(kOrigin, key);
  const Checkpoint cp{std::string(kOrigin), 12, leaf_hash("x"), {}};
  const std::string note = must(sign_checkpoint(cp, kOrigin, key));
  ASSERT_TRUE(open_checkpoint(note, kOrigin, {vk}));

  EXPECT_FALSE(open_checkpoint(replace_once(note, "\n12\n", "\n13\n"), kOrigin, {vk}));
  EXPECT_FALSE(open_checkpoint(replace_once(note, "\n12\n", "\n120\n"), kOrigin, {vk}));
  const std::string root = base64_encode(cp.root);
  std::string other_root = root;
  other_root[5] = other_root[5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(open_checkpoint(replace_once(note, root, other_root), kOrigin, {vk}));
  // Every byte of the signature matters (the last base64 group is near the end).
  for (std::size_t back : {std::size_t{3}, std::size_t{6}, std::size_t{40}, std::size_t{80}}) {
    std::string bad_sig = note;
    char& c = bad_sig[bad_sig.size() - back];
    c = c == 'A' ? 'B' : 'A';
    EXPECT_FALSE(open_checkpoint(bad_sig, kOrigin, {vk})) << back;
  }
  // Another origin in the text breaks the signature; a checkpoint of another log, even
  // correctly signed by a key we know, is not this log's.
  const std::string renamed = replace_once(note, std::string(kOrigin) + "\n", "dauvet.other.example/ledger\n");
  EXPECT_FALSE(open_checkpoint(renamed, "dauvet.other.example/ledger", {vk}));
  auto wrong_log = open_checkpoint(note, "dauvet.other.example/ledger", {vk});
  ASSERT_FALSE(wrong_log);
  EXPECT_NE(wrong_log.error().message.find("origin"), std::string::npos);
  // A key we do not trust.
  EXPECT_FALSE(open_checkpoint(note, kOrigin, {vkey(kOrigin, must(SigningKey::generate()))}));
}

TEST(Checkpoint, TheSpecExampleBodyParsesAndFormatsBackExactly) {
  const std::string body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  auto c = parse_checkpoint_body(body);
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(c->size, 20852163u);
  EXPECT_EQ(base64_encode(c->root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_TRUE(c->extensions.empty());
  EXPECT_EQ(format_checkpoint_body(*c), body);
}

TEST(Checkpoint, ParsingIsStrict) {
  const std::string o = std::string(kOrigin) + "\n", r = base64_encode(leaf_hash("r")) + "\n";
  EXPECT_EQ(must(parse_checkpoint_body(o + "0\n" + r)).size, 0u);
  EXPECT_EQ(must(parse_checkpoint_body(o + "18446744073709551615\n" + r)).size, UINT64_MAX);
  auto ext = parse_checkpoint_body(o + "7\n" + r + "ext one\next two\n");
  ASSERT_TRUE(ext);
  EXPECT_EQ(ext->extensions, (std::vector<std::string>{"ext one", "ext two"}));
  EXPECT_EQ(format_checkpoint_body(*ext), o + "7\n" + r + "ext one\next two\n");

  for (const std::string& bad : {
           o + "012\n" + r,
           o + "00\n" + r,
           o + "-1\n" + r,
           o + "+1\n" + r,
           o + " 1\n" + r,
           o + "1 \n" + r,
           o + "0x10\n" + r,
           o + "1e3\n" + r,
           o + "\n" + r,
           o + "18446744073709551616\n" + r,                         // 2^64
           o + "12\n" + base64_encode(std::string(31, 'x')) + "\n",  // 31 bytes
           o + "12\n" + base64_encode(std::string(33, 'x')) + "\n",  // 33 bytes
           o + "12\n" + r.substr(0, r.size() - 2) + "\n",            // no padding
           o + "12\n" + r.substr(0, r.size() - 1) + " \n",           // trailing space
           o + "12\n" + r.substr(0, r.size() - 1),                   // no final newline
           o + "12\n\n",                                             // empty root
           "\n12\n" + r,                                             // empty origin
           o + "12\n" + r + "\n",                                    // empty extension
           o + "12\n",                                               // two lines
           std::string(kOrigin) + "\r\n12\r\n" + r,                  // CRLF
           o + "12\n" + r + "ext\twith tab\n",                       //
           std::string(""),
       }) {
    EXPECT_FALSE(parse_checkpoint_body(bad)) << "accepted:\n" << bad;
  }
}

TEST(Checkpoint, SigningRefusesCheckpointsThatWouldNotParseBack) {
  const SigningKey key = must(SigningKey::generate());
  const Hash root = leaf_hash("r");
  EXPECT_FALSE(sign_checkpoint({"", 1, root, {}}, kOrigin, key));
  EXPECT_FALSE(sign_checkpoint({"two\nlines", 1, root, {}}, kOrigin, key));
  EXPECT_FALSE(sign_checkpoint({"tab\there", 1, root, {}}, kOrigin, key));
  EXPECT_FALSE(sign_checkpoint({std::string(kOrigin), 1, root, {""}}, kOrigin, key));
  EXPECT_FALSE(sign_checkpoint({std::string(kOrigin), 1, root, {"a\nb"}}, kOrigin, key));
  const Checkpoint with_ext{std::string(kOrigin), 1, root, {"extension"}};
  auto note = sign_checkpoint(with_ext, kOrigin, key);
  ASSERT_TRUE(note);
  EXPECT_EQ(must(open_checkpoint(*note, kOrigin, {vkey(kOrigin, key)})), with_ext);
}

}  // namespace
}  // namespace dauvet::crypto
