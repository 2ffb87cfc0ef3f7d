#include "crypto/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace dauvet::crypto {
namespace {

struct MdFree {
  void operator()(EVP_MD* md) const noexcept { EVP_MD_free(md); }
};

// Explicit fetch once: OpenSSL 3's implicit fetch inside every EVP_DigestInit costs a
// lock and a lookup per hash.
const EVP_MD* sha256_md() {
  static const std::unique_ptr<EVP_MD, MdFree> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  if (!md) throw std::runtime_error("OpenSSL: SHA256 digest is not available");
  return md.get();
}

// Only out-of-memory or a broken provider can make these fail; neither is recoverable.
void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("OpenSSL: ") + what + " failed");
}

Sha256& thread_hasher() {
  thread_local Sha256 hasher;
  return hasher;
}

}  // namespace

void Sha256::CtxFree::operator()(evp_md_ctx_st* ctx) const noexcept { EVP_MD_CTX_free(ctx); }

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_) throw std::bad_alloc();
  check(EVP_DigestInit_ex2(ctx_.get(), sha256_md(), nullptr), "EVP_DigestInit_ex2");
}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

Sha256& Sha256::update(std::span<const std::uint8_t> bytes) {
  check(EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()), "EVP_DigestUpdate");
  return *this;
}

Sha256& Sha256::update(std::string_view bytes) {
  check(EVP_DigestUpdate(ctx_.get(), bytes.data(), bytes.size()), "EVP_DigestUpdate");
  return *this;
}

Sha256& Sha256::update(std::uint8_t byte) { return update(std::span<const std::uint8_t>(&byte, 1)); }

Hash Sha256::finish() {
  Hash out{};
  unsigned int len = 0;
  check(EVP_DigestFinal_ex(ctx_.get(), out.data(), &len), "EVP_DigestFinal_ex");
  check(EVP_DigestInit_ex2(ctx_.get(), sha256_md(), nullptr), "EVP_DigestInit_ex2");
  return out;
}

Hash sha256(std::span<const std::uint8_t> bytes) { return thread_hasher().update(bytes).finish(); }
Hash sha256(std::string_view bytes) { return thread_hasher().update(bytes).finish(); }

Hash leaf_hash(std::string_view leaf_bytes) {
  return thread_hasher().update(std::uint8_t{0x00}).update(leaf_bytes).finish();
}

Hash node_hash(const Hash& left, const Hash& right) {
  return thread_hasher().update(std::uint8_t{0x01}).update(left).update(right).finish();
}

const Hash& empty_tree_root() {
  static const Hash root = sha256(std::string_view{});
  return root;
}

}  // namespace dauvet::crypto
