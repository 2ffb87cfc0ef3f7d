#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>

#include "base/hex.hpp"
#include "crypto/base64.hpp"
#include "crypto/checkpoint.hpp"
#include "crypto/merkle.hpp"
#include "support/temp_dir.hpp"

namespace dauvet::crypto {
namespace {

// golang.org/x/mod/sumdb/note's published example: an independent implementation's
// key, text and signature.
constexpr std::string_view kGoVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kGoSeedB64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";  // 0x01 || seed
constexpr std::string_view kGoText =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
constexpr std::string_view kGoNote =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n"
    "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

SigningKey go_key() {
  auto typed = base64_decode(kGoSeedB64);
  EXPECT_TRUE(typed && typed->size() == 33 && (*typed)[0] == 0x01);
  return *SigningKey::from_seed(std::span(*typed).subspan(1));
}

TEST(Base64, RoundTripsAndIsStrict) {
  EXPECT_EQ(base64_encode(std::string_view("")), "");
  EXPECT_EQ(base64_encode(std::string_view("f")), "Zg==");
  EXPECT_EQ(base64_encode(std::string_view("foob")), "Zm9vYg==");
  EXPECT_EQ(*base64_decode("Zm9vYmE="), (std::vector<std::uint8_t>{'f', 'o', 'o', 'b', 'a'}));
  EXPECT_FALSE(base64_decode("Zg="));     // wrong length
  EXPECT_FALSE(base64_decode("Zg=a"));    // padding in the middle
  EXPECT_FALSE(base64_decode("Zh=="));    // non-zero bits under the padding
  EXPECT_FALSE(base64_decode("Zm9v\n"));  // whitespace
  EXPECT_FALSE(base64_decode("Zm9v_-=="));
}

TEST(SignedNote, ReproducesTheGoReferenceNoteByteForByte) {
  const SigningKey key = go_key();
  EXPECT_EQ(format_verifier_key("PeterNeumann", key.public_key()), kGoVerifierKey);
  EXPECT_EQ(*sign_note(kGoText, "PeterNeumann", key), kGoNote);
  auto vk = parse_verifier_key(kGoVerifierKey);
  ASSERT_TRUE(vk) << vk.error().to_string();
  EXPECT_EQ(vk->key_id, 0xc74f20a3u);
  auto opened = open_note(kGoNote, {*vk});
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(opened->text, kGoText);
}

TEST(SignedNote, RejectsTamperingAndUnknownKeys) {
  const auto vk = *parse_verifier_key(kGoVerifierKey);
  std::string bad(kGoNote);
  bad[bad.find("cryptography")] = 'C';
  EXPECT_FALSE(open_note(bad, {vk}));
  const SigningKey other = *SigningKey::generate();
  const auto other_parsed = parse_verifier_key(format_verifier_key("Other", other.public_key()));
  ASSERT_TRUE(other_parsed) << other_parsed.error().to_string();
  const auto other_vk = *other_parsed;
  auto unknown = open_note(kGoNote, {other_vk});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("no signature by a known key"), std::string::npos);
  EXPECT_FALSE(open_note(std::string(kGoText), {vk}));  // no signature block
  EXPECT_FALSE(parse_verifier_key("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  EXPECT_FALSE(parse_verifier_key("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  EXPECT_FALSE(sign_note("no newline", "k", other));
}

TEST(SignedNote, VerifierKeysWhoseBase64HoldsAPlusParse) {
  // transparency-dev/formats' test key: its key material contains '+'.
  auto k = parse_verifier_key("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
  ASSERT_TRUE(k) << k.error().to_string();
  EXPECT_EQ(k->name, "TEST");
  EXPECT_EQ(format_verifier_key("TEST", k->public_key), "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6");
  for (int i = 0; i < 200; ++i) {  // random keys: about one in six has a '+' in its base64
    const SigningKey key = *SigningKey::generate();
    ASSERT_TRUE(parse_verifier_key(format_verifier_key("k", key.public_key())));
  }
}

TEST(Ed25519, PrivateKeyFileIs0600AndMoreOpenIsRefused) {
  testing::TempDir dir;
  const SigningKey key = *SigningKey::generate();
  const std::string path = dir.sub("signing.pem");
  ASSERT_TRUE(key.save_pem_file(path));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(key.save_pem_file(path)) << "must not overwrite a key";
  auto loaded = SigningKey::load_pem_file(path);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->public_key(), key.public_key());
  std::ifstream pem(path);
  std::string first_line;
  std::getline(pem, first_line);
  EXPECT_EQ(first_line, "-----BEGIN PRIVATE KEY-----");  // PKCS#8
  ::chmod(path.c_str(), 0644);
  auto refused = SigningKey::load_pem_file(path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::forbidden);
  EXPECT_NE(refused.error().message.find("0644"), std::string::npos);
}

TEST(Checkpoint, SignedCheckpointVerifiesWithOpenSslDirectly) {
  const SigningKey key = *SigningKey::generate();
  const std::string origin = "dauvet.hungyen.example/ledger";
  std::vector<Hash> leaves{leaf_hash("a"), leaf_hash("b"), leaf_hash("c")};
  const Checkpoint cp{origin, 3, root_of(leaves), {}};
  const std::string note = *sign_checkpoint(cp, origin, key);
  const std::string body = format_checkpoint_body(cp);
  EXPECT_EQ(body, origin + "\n3\n" + base64_encode(cp.root) + "\n");
  ASSERT_TRUE(note.starts_with(body + "\n\xe2\x80\x94 " + origin + " "));

  // Independent check: take the signature off the line and verify it with OpenSSL's own
  // Ed25519 over the exact body bytes.
  const std::string line = note.substr(body.size() + 1);
  auto blob = base64_decode(line.substr(line.rfind(' ') + 1, line.size() - line.rfind(' ') - 2));
  ASSERT_TRUE(blob && blob->size() == 68);
  const auto& pub = key.public_key();
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub.data(), pub.size());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey), 1);
  EXPECT_EQ(EVP_DigestVerify(ctx, blob->data() + 4, 64, reinterpret_cast<const unsigned char*>(body.data()), body.size()), 1);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pkey);

  const auto parsed = parse_verifier_key(format_verifier_key(origin, pub));
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  const auto vk = *parsed;
  auto opened = open_checkpoint(note, origin, {vk});
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(*opened, cp);
}

TEST(Checkpoint, TamperedSizeRootSignatureOrOriginIsRejected) {
  const SigningKey key = *SigningKey::generate();
  const std::string origin = "dauvet.example/ledger";
  const auto parsed = parse_verifier_key(format_verifier_key(origin, key.public_key()));
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  const auto vk = *parsed;
  const Checkpoint cp{origin, 12, leaf_hash("x"), {}};
  const std::string note = *sign_checkpoint(cp, origin, key);
  auto tamper = [&](std::string from, std::string to) {
    std::string s = note;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  EXPECT_FALSE(open_checkpoint(tamper("\n12\n", "\n13\n"), origin, {vk}));
  const std::string root_b64 = base64_encode(cp.root);
  std::string other_root = root_b64;
  other_root[0] = other_root[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(open_checkpoint(tamper(root_b64, other_root), origin, {vk}));
  std::string bad_sig = note;
  bad_sig[bad_sig.size() - 6] = bad_sig[bad_sig.size() - 6] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(open_checkpoint(bad_sig, origin, {vk}));
  EXPECT_FALSE(open_checkpoint(note, "other.example/ledger", {vk}));
  EXPECT_FALSE(parse_checkpoint_body(origin + "\n012\n" + root_b64 + "\n"));
  EXPECT_FALSE(parse_checkpoint_body(origin + "\n12\n" + root_b64));
}

}  // namespace
}  // namespace dauvet::crypto
