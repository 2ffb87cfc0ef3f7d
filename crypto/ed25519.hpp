// Ed25519 keys and signatures through OpenSSL's EVP_PKEY.
//
// The private key lives in a PKCS#8 PEM file created with mode 0600 (O_EXCL, so it is
// never world- or group-readable, not even for an instant) and is refused when its mode
// is more open: a checkpoint signature is only as trustworthy as the key's secrecy.
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

using PublicKey = std::array<std::uint8_t, 32>;
using Signature = std::array<std::uint8_t, 64>;

class SigningKey {
 public:
  static Result<SigningKey> generate();
  static Result<SigningKey> load_pem_file(const std::string& path);
  // From a 32-byte RFC 8032 seed (known-answer tests against other implementations).
  static Result<SigningKey> from_seed(std::span<const std::uint8_t> seed);

  // Writes the private key to a new file with mode 0600; refuses to overwrite.
  Result<void> save_pem_file(const std::string& path) const;
  const PublicKey& public_key() const { return public_; }

  struct Free {
    void operator()(evp_pkey_st* key) const noexcept;
  };
  Result<Signature> sign(std::span<const std::uint8_t> message) const;
  Result<Signature> sign(std::string_view message) const;

 private:
  std::unique_ptr<evp_pkey_st, Free> key_;
  PublicKey public_{};
};

bool verify_signature(const PublicKey& key, std::string_view message, const Signature& signature);

}  // namespace dauvet::crypto
