#include "crypto/sha256.hpp"

// The one-shot hashes use OpenSSL's low-level SHA-256 functions, deprecated in OpenSSL 3 in
// favour of EVP. Underneath both is the same code (SHA-NI where the CPU has it), but EVP's
// dispatch through the provider costs about 85 ns a message: a quarter of hashing a
// 400-byte payload, most of hashing a 65-byte tree node, and verify hashes three of these
// per entry. Streaming (the Sha256 class) stays on EVP.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
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

// Feeds the parts of one message to a context on the stack and returns the digest.
template <typename... Parts>
Hash one_shot(const Parts&... parts) {
  SHA256_CTX ctx;
  check(SHA256_Init(&ctx), "SHA256_Init");
  (check(SHA256_Update(&ctx, parts.data(), parts.size()), "SHA256_Update"), ...);
  Hash out{};
  check(SHA256_Final(out.data(), &ctx), "SHA256_Final");
  return out;
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

Hash sha256(std::span<const std::uint8_t> bytes) { return one_shot(bytes); }
Hash sha256(std::string_view bytes) { return one_shot(bytes); }

Hash leaf_hash(std::string_view leaf_bytes) { return one_shot(std::string_view("\x00", 1), leaf_bytes); }

Hash node_hash(const Hash& left, const Hash& right) {
  std::array<std::uint8_t, 65> message;
  message[0] = 0x01;
  std::copy(left.begin(), left.end(), message.begin() + 1);
  std::copy(right.begin(), right.end(), message.begin() + 33);
  return one_shot(message);
}

const Hash& empty_tree_root() {
  static const Hash root = sha256(std::string_view{});
  return root;
}

}  // namespace dauvet::crypto
