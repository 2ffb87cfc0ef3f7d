// Ed25519 (RFC 8032) keys and signatures through OpenSSL's EVP_PKEY.
//
// The private key lives in a PKCS#8 PEM file (unencrypted: the server signs unattended),
//
//     -----BEGIN PRIVATE KEY-----
//     MC4CAQAwBQYDK2VwBCIEI<32-byte seed, base64 across the DER>
//     -----END PRIVATE KEY-----
//
// created with O_CREAT|O_EXCL and mode 0600, so it is never group- or world-readable,
// not even between open() and chmod(). Loading refuses a file whose mode has any bit
// beyond 0600 (0644, 0640, 0700, ...): a checkpoint signature is only as trustworthy as
// the key's secrecy, and a key that others could have read must be rotated, not used.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/result.hpp"

struct evp_pkey_st;

namespace dauvet::crypto {

using PublicKey = std::array<std::uint8_t, 32>;  // RFC 8032 encoding
using Signature = std::array<std::uint8_t, 64>;

class SigningKey {
 public:
  static Result<SigningKey> generate();
  // Errc::forbidden if the file's mode is more open than 0600, Errc::not_found if absent.
  static Result<SigningKey> load_pem_file(const std::string& path);
  // An unencrypted PKCS#8 PEM Ed25519 private key; never prompts for a passphrase.
  static Result<SigningKey> from_pem(std::string_view pem);
  // From a 32-byte RFC 8032 seed (known-answer tests against other implementations).
  static Result<SigningKey> from_seed(std::span<const std::uint8_t> seed);

  // Writes the private key to a new file with mode 0600 and syncs it and its directory;
  // refuses to overwrite anything, and leaves no partial file behind on failure.
  Result<void> save_pem_file(const std::string& path) const;

  const PublicKey& public_key() const { return public_; }
  Result<Signature> sign(std::span<const std::uint8_t> message) const;
  Result<Signature> sign(std::string_view message) const;

  struct Free {
    void operator()(evp_pkey_st* key) const noexcept;
  };

 private:
  static Result<SigningKey> adopt(evp_pkey_st* key);

  std::unique_ptr<evp_pkey_st, Free> key_;
  PublicKey public_{};
};

bool verify_signature(const PublicKey& key, std::string_view message, const Signature& signature);
// Raw bytes of any length: false unless the key is 32 bytes and the signature 64 and valid.
bool verify_signature(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message,
                      std::span<const std::uint8_t> signature);

}  // namespace dauvet::crypto
