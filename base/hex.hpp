// Lowercase hexadecimal, the form every hash takes in entries and on the wire.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dauvet {

std::string to_hex(std::span<const std::uint8_t> bytes);
// The same, at the end of `out`: the entry encoder writes two hashes per entry.
void append_hex(std::string& out, std::span<const std::uint8_t> bytes);

// Accepts lowercase only: entries are canonical, so "AB" and "ab" must not both verify.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view text);

// Writes exactly out.size() bytes; false if text is not 2*out.size() lowercase hex digits.
bool from_hex_into(std::string_view text, std::span<std::uint8_t> out) noexcept;

}  // namespace dauvet
