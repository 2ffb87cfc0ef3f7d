#include "crypto/base64.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace dauvet::crypto {
namespace {

// EVP_EncodeBlock/EVP_DecodeBlock take int lengths; feeding whole multiples of 3 bytes /
// 4 characters per call keeps every length in range and the output identical to one call.
constexpr std::size_t kChunkBytes = 3 * (std::size_t{1} << 20);
constexpr std::size_t kChunkChars = kChunkBytes / 3 * 4;

bool in_alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

}  // namespace

std::string base64_encode(std::span<const std::uint8_t> bytes) {
  // +1: EVP_EncodeBlock NUL-terminates what it writes.
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  std::size_t written = 0;
  for (std::size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    const std::size_t n = std::min(kChunkBytes, bytes.size() - at);
    auto* dst = reinterpret_cast<unsigned char*>(out.data() + written);
    written += static_cast<std::size_t>(EVP_EncodeBlock(dst, bytes.data() + at, static_cast<int>(n)));
  }
  out.resize(written);
  return out;
}

std::string base64_encode(std::string_view bytes) {
  return base64_encode(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  // EVP_DecodeBlock skips leading and trailing whitespace and accepts '=' in odd places;
  // check the exact shape first: alphabet only, then "", "=" or "==" at the very end.
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  for (std::size_t i = 0; i + padding < text.size(); ++i) {
    if (!in_alphabet(text[i])) return std::nullopt;
  }
  std::vector<std::uint8_t> out(text.size() / 4 * 3);
  std::size_t produced = 0;
  for (std::size_t at = 0; at < text.size(); at += kChunkChars) {
    const std::size_t n = std::min(kChunkChars, text.size() - at);
    const int got = EVP_DecodeBlock(out.data() + produced, reinterpret_cast<const unsigned char*>(text.data() + at),
                                    static_cast<int>(n));
    if (got < 0) return std::nullopt;
    produced += static_cast<std::size_t>(got);
  }
  // EVP_DecodeBlock writes the zero bytes the padding stands for; drop them.
  out.resize(produced - padding);
  // The bits under the padding must be zero: re-encoding must give the input back.
  if (padding != 0) {
    const std::size_t tail = out.size() - (3 - padding);
    const std::string last_group = base64_encode(std::span<const std::uint8_t>(out).subspan(tail));
    if (last_group != text.substr(text.size() - 4)) return std::nullopt;
  }
  return out;
}

}  // namespace dauvet::crypto
