#include "crypto/ed25519.hpp"

#include <gtest/gtest.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "base/hex.hpp"
#include "support/temp_dir.hpp"
#include "must.hpp"

namespace dauvet::crypto {
namespace {

using testing::failure;
using testing::must;

template <std::size_t N>
std::array<std::uint8_t, N> hex_array(std::string_view hex) {
  std::array<std::uint8_t, N> out{};
  EXPECT_TRUE(from_hex_into(hex, out)) << hex;
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, std::string_view text, mode_t mode) {
  std::ofstream(path, std::ios::binary) << text;
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

// RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte, 0x72).
struct Rfc8032Vector {
  std::string_view seed, public_key, message, signature;
};
constexpr Rfc8032Vector kRfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe246"
     "55141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "r",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb"
     "00d291612bb0c00"},
};

TEST(Ed25519, Rfc8032KnownAnswers) {
  for (const auto& v : kRfc8032) {
    const auto seed = hex_array<32>(v.seed);
    auto key = SigningKey::from_seed(seed);
    ASSERT_TRUE(key) << key.error().to_string();
    EXPECT_EQ(key->public_key(), hex_array<32>(v.public_key));
    const auto sig = key->sign(v.message);
    ASSERT_TRUE(sig);
    EXPECT_EQ(to_hex(*sig), v.signature);  // Ed25519 is deterministic
    EXPECT_TRUE(verify_signature(key->public_key(), v.message, *sig));
  }
}

TEST(Ed25519, VerifyRejectsAnyChange) {
  const SigningKey key = must(SigningKey::generate());
  const SigningKey other = must(SigningKey::generate());
  EXPECT_NE(key.public_key(), other.public_key());
  const std::string message = "dauvet.example/ledger\n42\n";
  const Signature sig = must(key.sign(message));
  EXPECT_TRUE(verify_signature(key.public_key(), message, sig));
  EXPECT_FALSE(verify_signature(other.public_key(), message, sig));
  EXPECT_FALSE(verify_signature(key.public_key(), "dauvet.example/ledger\n43\n", sig));
  for (std::size_t i : {std::size_t{0}, std::size_t{31}, std::size_t{32}, std::size_t{63}}) {
    Signature bad = sig;
    bad[i] ^= 0x01;
    EXPECT_FALSE(verify_signature(key.public_key(), message, bad)) << "byte " << i;
  }
  // Raw spans: wrong lengths are a plain "no".
  const auto msg = std::span(reinterpret_cast<const std::uint8_t*>(message.data()), message.size());
  EXPECT_TRUE(
      verify_signature(std::span<const std::uint8_t>(key.public_key()), msg, std::span<const std::uint8_t>(sig)));
  EXPECT_FALSE(verify_signature(std::span(key.public_key()).first(31), msg, std::span<const std::uint8_t>(sig)));
  EXPECT_FALSE(verify_signature(std::span<const std::uint8_t>(key.public_key()), msg, std::span(sig).first(63)));
  EXPECT_FALSE(verify_signature(std::span<const std::uint8_t>{}, msg, std::span<const std::uint8_t>{}));
  EXPECT_FALSE(SigningKey::from_seed(std::span(sig).first(31)));
}

TEST(Ed25519, SavedKeyIsPkcs8Mode0600AndLoadsBack) {
  testing::TempDir dir;
  const SigningKey key = must(SigningKey::generate());
  const std::string path = dir.sub("signing.pem");
  // Even with a umask that would strip the owner's own bits, the file ends up 0600.
  const mode_t old_umask = ::umask(0377);
  const auto saved = key.save_pem_file(path);
  ::umask(old_umask);
  ASSERT_TRUE(saved) << saved.error().to_string();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  const std::string pem = read_file(path);
  EXPECT_TRUE(pem.starts_with("-----BEGIN PRIVATE KEY-----\n")) << pem;  // PKCS#8, unencrypted
  EXPECT_TRUE(pem.ends_with("-----END PRIVATE KEY-----\n"));
  auto loaded = SigningKey::load_pem_file(path);
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_EQ(loaded->public_key(), key.public_key());
  EXPECT_TRUE(verify_signature(key.public_key(), "m", must(loaded->sign("m"))));
  EXPECT_EQ(must(SigningKey::from_pem(pem)).public_key(), key.public_key());

  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);  // tighter than 0600 is fine
  EXPECT_TRUE(SigningKey::load_pem_file(path));
}

TEST(Ed25519, SaveNeverOverwritesOrFollowsSymlinks) {
  testing::TempDir dir;
  const SigningKey key = must(SigningKey::generate());
  const std::string path = dir.sub("signing.pem");
  ASSERT_TRUE(key.save_pem_file(path));
  const std::string before = read_file(path);
  auto again = must(SigningKey::generate()).save_pem_file(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::io);
  EXPECT_EQ(read_file(path), before);

  const std::string target = dir.sub("elsewhere.pem"), link = dir.sub("link.pem");
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  EXPECT_FALSE(key.save_pem_file(link));
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_FALSE(key.save_pem_file(dir.sub("no-such-dir/key.pem")));
}

TEST(Ed25519, KeyFilesMoreOpenThan0600AreRefused) {
  testing::TempDir dir;
  const SigningKey key = must(SigningKey::generate());
  const std::string path = dir.sub("signing.pem");
  ASSERT_TRUE(key.save_pem_file(path));
  for (mode_t mode : {0644, 0640, 0604, 0660, 0700, 0610, 0601, 04600, 0666}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto refused = SigningKey::load_pem_file(path);
    ASSERT_FALSE(refused) << std::oct << mode;
    EXPECT_EQ(refused.error().code, Errc::forbidden);
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode));
    EXPECT_NE(refused.error().message.find(text), std::string::npos) << refused.error().message;
    EXPECT_NE(refused.error().message.find("chmod 600"), std::string::npos);
  }
}

TEST(Ed25519, LoadRefusesWhatIsNotAnUnencryptedEd25519Key) {
  testing::TempDir dir;
  auto missing = SigningKey::load_pem_file(dir.sub("absent.pem"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
  EXPECT_FALSE(SigningKey::load_pem_file(dir.str()));  // a directory

  const std::string fifo = dir.sub("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto not_regular = SigningKey::load_pem_file(fifo);  // must not block waiting for a writer
  ASSERT_FALSE(not_regular);
  EXPECT_NE(not_regular.error().message.find("regular file"), std::string::npos);

  const std::string garbage = dir.sub("garbage.pem");
  write_file(garbage, "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n", 0600);
  EXPECT_EQ(failure(SigningKey::load_pem_file(garbage)).code, Errc::invalid_argument);

  // Another algorithm's PKCS#8 key (X25519: same size, same PEM label).
  std::unique_ptr<EVP_PKEY, SigningKey::Free> x25519(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
  std::unique_ptr<BIO, decltype(&BIO_free)> mem(BIO_new(BIO_s_mem()), BIO_free);
  ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(mem.get(), x25519.get(), nullptr, nullptr, 0, nullptr, nullptr), 1);
  char* data = nullptr;
  const long len = BIO_get_mem_data(mem.get(), &data);
  auto wrong_type = SigningKey::from_pem(std::string_view(data, static_cast<std::size_t>(len)));
  ASSERT_FALSE(wrong_type);
  EXPECT_NE(wrong_type.error().message.find("Ed25519"), std::string::npos);

  // An encrypted key: refused without prompting on the terminal for a passphrase.
  std::unique_ptr<EVP_PKEY, SigningKey::Free> ed(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  std::unique_ptr<BIO, decltype(&BIO_free)> enc(BIO_new(BIO_s_mem()), BIO_free);
  char pass[] = "secret";
  ASSERT_EQ(PEM_write_bio_PKCS8PrivateKey(enc.get(), ed.get(), EVP_aes_256_cbc(), pass, 6, nullptr, nullptr), 1);
  const long enc_len = BIO_get_mem_data(enc.get(), &data);
  const std::string encrypted(data, static_cast<std::size_t>(enc_len));
  ASSERT_TRUE(encrypted.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  EXPECT_FALSE(SigningKey::from_pem(encrypted));
}

}  // namespace
}  // namespace dauvet::crypto
