#include "crypto/ed25519.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstring>

namespace dauvet::crypto {
namespace {

struct BioFree {
  void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};

Result<PublicKey> raw_public(EVP_PKEY* key) {
  PublicKey out{};
  std::size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(key, out.data(), &len) != 1 || len != out.size())
    return fail(Errc::internal, "cannot read the Ed25519 public key");
  return out;
}

}  // namespace

void SigningKey::Free::operator()(evp_pkey_st* key) const noexcept { EVP_PKEY_free(key); }

Result<SigningKey> SigningKey::generate() {
  SigningKey k;
  k.key_.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!k.key_) return fail(Errc::internal, "Ed25519 key generation failed");
  auto pub = raw_public(k.key_.get());
  if (!pub) return fail(pub.error());
  k.public_ = *pub;
  return k;
}

Result<SigningKey> SigningKey::from_seed(std::span<const std::uint8_t> seed) {
  if (seed.size() != 32) return fail(Errc::invalid_argument, "an Ed25519 seed is 32 bytes");
  SigningKey k;
  k.key_.reset(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!k.key_) return fail(Errc::internal, "cannot build an Ed25519 key from the seed");
  auto pub = raw_public(k.key_.get());
  if (!pub) return fail(pub.error());
  k.public_ = *pub;
  return k;
}

Result<SigningKey> SigningKey::load_pem_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fail(Errc::not_found, "cannot read signing key '" + path + "': " + std::strerror(errno));
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
    return fail(Errc::forbidden, "signing key '" + path + "' has mode " + mode +
                                     "; it must not be readable by group or others (chmod 600)");
  }
  std::unique_ptr<BIO, BioFree> bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return fail(Errc::io, "cannot open signing key '" + path + "'");
  SigningKey k;
  k.key_.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!k.key_ || EVP_PKEY_get_base_id(k.key_.get()) != EVP_PKEY_ED25519)
    return fail(Errc::invalid_argument, "'" + path + "' is not an Ed25519 private key in PKCS#8 PEM");
  auto pub = raw_public(k.key_.get());
  if (!pub) return fail(pub.error());
  k.public_ = *pub;
  return k;
}

Result<void> SigningKey::save_pem_file(const std::string& path) const {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail(Errc::io, "cannot create '" + path + "': " + std::strerror(errno));
  std::unique_ptr<BIO, BioFree> mem(BIO_new(BIO_s_mem()));
  if (!mem || PEM_write_bio_PKCS8PrivateKey(mem.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    ::close(fd);
    return fail(Errc::internal, "cannot encode the private key");
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(mem.get(), &data);
  const bool ok = ::write(fd, data, static_cast<std::size_t>(len)) == len && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail(Errc::io, "cannot write '" + path + "': " + std::strerror(errno));
  return {};
}

Result<Signature> SigningKey::sign(std::span<const std::uint8_t> message) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  Signature sig{};
  std::size_t len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 || len != sig.size())
    return fail(Errc::internal, "Ed25519 signing failed");
  return sig;
}

Result<Signature> SigningKey::sign(std::string_view message) const {
  return sign(std::span(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
}

bool verify_signature(const PublicKey& key, std::string_view message, const Signature& signature) {
  std::unique_ptr<EVP_PKEY, SigningKey::Free> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!pkey || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

}  // namespace dauvet::crypto
