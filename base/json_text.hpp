// JSON string text the way canonical JSON writes it: only '"', '\\' and bytes below 0x20
// are escaped (the short forms where JSON has them, \u00XX otherwise), UTF-8 passes as is.
// Entries (core), stored states (events) and their readers share it, so the bytes written
// online and by a rebuild cannot drift apart.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dauvet::json_text {

// Whether any of the 8 bytes in w is below 0x20, '"' or '\\'; bytes of UTF-8 sequences
// (0x80 and up) never match.
inline bool needs_escape(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  return ((w - ones * 0x20) & ~w & highs) | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\'));
}

// The length of the longest prefix of s that needs no escaping. Most text is all of it,
// so it is skipped 8 bytes at a time.
inline std::size_t plain_prefix(std::string_view s) noexcept {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (needs_escape(w)) break;
  }
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') break;
  }
  return i;
}

// Appends s as a quoted JSON string.
void append_quoted(std::string& out, std::string_view s);

}  // namespace dauvet::json_text
