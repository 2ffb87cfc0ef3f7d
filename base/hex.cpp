#include "base/hex.hpp"

#include <array>

namespace dauvet {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

// verify decodes two 64-digit hashes per entry, a million times a second: a table beats
// branches here.
constexpr auto kNibbles = [] {
  std::array<std::int8_t, 256> t{};
  t.fill(-1);
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<std::int8_t>(i);
  for (int i = 0; i < 6; ++i) t['a' + i] = static_cast<std::int8_t>(10 + i);
  return t;
}();

int nibble(char c) noexcept { return kNibbles[static_cast<unsigned char>(c)]; }

}  // namespace

void append_hex(std::string& out, std::span<const std::uint8_t> bytes) {
  const std::size_t at = out.size();
  out.resize(at + bytes.size() * 2);
  char* p = out.data() + at;
  for (const std::uint8_t b : bytes) {
    *p++ = kDigits[b >> 4];
    *p++ = kDigits[b & 0x0f];
  }
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  append_hex(out, bytes);
  return out;
}

bool from_hex_into(std::string_view text, std::span<std::uint8_t> out) noexcept {
  if (text.size() != out.size() * 2) return false;
  int bad = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(text[2 * i]);
    const int lo = nibble(text[2 * i + 1]);
    bad |= hi | lo;  // any -1 sets the sign bit
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return bad >= 0;
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> out(text.size() / 2);
  if (!from_hex_into(text, out)) return std::nullopt;
  return out;
}

}  // namespace dauvet
