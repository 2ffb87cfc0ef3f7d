#include "crypto/ed25519.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace dauvet::crypto {
namespace {

constexpr std::size_t kMaxPemBytes = 64 * 1024;  // an Ed25519 PEM is 119 bytes

struct BioFree {
  void operator()(BIO* b) const noexcept { BIO_free(b); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// OpenSSL keeps failures on a per-thread queue; a failure we turned into a Result must not
// linger and be blamed on some later, unrelated call.
tl::unexpected<Error> openssl_fail(Errc code, std::string message) {
  ERR_clear_error();
  return fail(code, std::move(message));
}

std::string errno_text() { return std::strerror(errno); }

// Without a callback OpenSSL would prompt on the terminal for an encrypted key's
// passphrase, hanging a server; refusing makes an encrypted key a plain load error.
int refuse_passphrase(char*, int, int, void*) { return -1; }

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Result<void> write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(Errc::io, errno_text());
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return {};
}

Result<void> sync_directory_of(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd < 0 || ::fsync(d.fd) != 0) return fail(Errc::io, "cannot sync directory '" + dir + "': " + errno_text());
  return {};
}

}  // namespace

void SigningKey::Free::operator()(evp_pkey_st* key) const noexcept { EVP_PKEY_free(key); }

Result<SigningKey> SigningKey::adopt(evp_pkey_st* raw) {
  SigningKey k;
  k.key_.reset(raw);
  if (!k.key_ || EVP_PKEY_get_base_id(k.key_.get()) != EVP_PKEY_ED25519)
    return openssl_fail(Errc::invalid_argument, "not an Ed25519 private key");
  std::size_t len = k.public_.size();
  if (EVP_PKEY_get_raw_public_key(k.key_.get(), k.public_.data(), &len) != 1 || len != k.public_.size())
    return openssl_fail(Errc::internal, "cannot read the Ed25519 public key");
  return k;
}

Result<SigningKey> SigningKey::generate() {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!key) return openssl_fail(Errc::internal, "Ed25519 key generation failed");
  return adopt(key);
}

Result<SigningKey> SigningKey::from_seed(std::span<const std::uint8_t> seed) {
  if (seed.size() != 32) return fail(Errc::invalid_argument, "an Ed25519 seed is 32 bytes");
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size());
  if (!key) return openssl_fail(Errc::internal, "cannot build an Ed25519 key from the seed");
  return adopt(key);
}

Result<SigningKey> SigningKey::from_pem(std::string_view pem) {
  if (pem.size() > kMaxPemBytes) return fail(Errc::too_large, "PEM key is too large");
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return openssl_fail(Errc::internal, "out of memory");
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, nullptr);
  if (!key) return openssl_fail(Errc::invalid_argument, "not an unencrypted PKCS#8 PEM private key");
  return adopt(key);
}

Result<SigningKey> SigningKey::load_pem_file(const std::string& path) {
  // Open first and inspect the open file: checking the path and then opening it would let
  // the file be swapped in between. O_NONBLOCK: a FIFO must not hang us before the check.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (f.fd < 0)
    return fail(errno == ENOENT ? Errc::not_found : Errc::io,
                "cannot open signing key '" + path + "': " + errno_text());
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) return fail(Errc::io, "cannot stat signing key '" + path + "': " + errno_text());
  if (!S_ISREG(st.st_mode)) return fail(Errc::invalid_argument, "signing key '" + path + "' is not a regular file");
  if ((st.st_mode & 07777 & ~mode_t{0600}) != 0)
    return fail(Errc::forbidden, "signing key '" + path + "' has mode " + mode_text(st.st_mode) +
                                     "; it must be readable by its owner only (chmod 600), and rotated if others "
                                     "could have read it");
  if (static_cast<std::uint64_t>(st.st_size) > kMaxPemBytes)
    return fail(Errc::too_large, "signing key '" + path + "' is too large to be a PEM key");
  std::string pem(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < pem.size()) {
    const ssize_t n = ::read(f.fd, pem.data() + got, pem.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  auto key = from_pem(std::string_view(pem).substr(0, got));
  OPENSSL_cleanse(pem.data(), pem.size());
  if (!key) return fail(key.error().code, "signing key '" + path + "': " + key.error().message);
  return key;
}

Result<void> SigningKey::save_pem_file(const std::string& path) const {
  // Secure heap where configured: the PEM text is the secret itself.
  std::unique_ptr<BIO, BioFree> mem(BIO_new(BIO_s_secmem()));
  if (!mem || PEM_write_bio_PKCS8PrivateKey(mem.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return openssl_fail(Errc::internal, "cannot encode the private key");
  char* data = nullptr;
  const long len = BIO_get_mem_data(mem.get(), &data);
  if (len <= 0) return openssl_fail(Errc::internal, "cannot encode the private key");

  // O_EXCL also refuses to follow a symlink planted at `path`.
  Fd f{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
  if (f.fd < 0) return fail(Errc::io, "cannot create '" + path + "': " + errno_text());
  // The umask may have taken owner bits away; the loader wants exactly what we promise.
  Result<void> ok = ::fchmod(f.fd, 0600) == 0 ? Result<void>{} : fail(Errc::io, errno_text());
  if (ok) ok = write_all(f.fd, data, static_cast<std::size_t>(len));
  if (ok && ::fsync(f.fd) != 0) ok = fail(Errc::io, errno_text());
  const int fd = f.fd;
  f.fd = -1;
  if (::close(fd) != 0 && ok) ok = fail(Errc::io, errno_text());
  if (ok) ok = sync_directory_of(path);
  if (!ok) {
    ::unlink(path.c_str());
    return fail(Errc::io, "cannot write '" + path + "': " + ok.error().message);
  }
  return {};
}

Result<Signature> SigningKey::sign(std::span<const std::uint8_t> message) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  Signature sig{};
  std::size_t len = sig.size();
  // Ed25519 is one-shot (PureEdDSA): no digest, the whole message in one EVP_DigestSign.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 || len != sig.size())
    return openssl_fail(Errc::internal, "Ed25519 signing failed");
  return sig;
}

Result<Signature> SigningKey::sign(std::string_view message) const {
  return sign(std::span(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
}

bool verify_signature(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message,
                      std::span<const std::uint8_t> signature) {
  if (key.size() != 32 || signature.size() != 64) return false;
  std::unique_ptr<EVP_PKEY, SigningKey::Free> pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  const bool ok = pkey && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
                  EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
  if (!ok) ERR_clear_error();
  return ok;
}

bool verify_signature(const PublicKey& key, std::string_view message, const Signature& signature) {
  return verify_signature(key, std::span(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()),
                          signature);
}

}  // namespace dauvet::crypto
