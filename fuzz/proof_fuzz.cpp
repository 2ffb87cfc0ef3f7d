// Proof verification with attacker-chosen sizes, indexes and hashes: RFC 9162's
// verifiers must reject or accept without crashing, whatever the numbers say.
#include <cstring>
#include <vector>

#include "crypto/merkle.hpp"

namespace {
std::uint64_t take_u64(const std::uint8_t*& p, std::size_t& n) {
  std::uint64_t v = 0;
  const std::size_t k = n < 8 ? n : 8;
  std::memcpy(&v, p, k);
  p += k;
  n -= k;
  return v;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dauvet::crypto::Hash;
  const std::uint8_t* p = data;
  std::size_t n = size;
  const std::uint64_t a = take_u64(p, n) % 5000, b = take_u64(p, n) % 5000;
  std::vector<Hash> hashes;
  while (n >= 32) {
    Hash h;
    std::memcpy(h.data(), p, 32);
    hashes.push_back(h);
    p += 32;
    n -= 32;
  }
  if (hashes.size() < 2) return 0;
  const Hash leaf = hashes[0], root = hashes[1];
  const std::vector<Hash> proof(hashes.begin() + 2, hashes.end());
  (void)dauvet::crypto::verify_inclusion(leaf, a, b, proof, root);
  (void)dauvet::crypto::root_from_inclusion(leaf, a, b, proof);
  (void)dauvet::crypto::verify_consistency(a, b, leaf, root, proof);
  return 0;
}
