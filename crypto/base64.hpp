// Standard base64 (RFC 4648 §4, with padding), through OpenSSL. Decoding is strict: no
// whitespace, no missing or misplaced padding, no bits left over — a checkpoint or proof
// must have exactly one spelling.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dauvet::crypto {

std::string base64_encode(std::span<const std::uint8_t> bytes);
std::string base64_encode(std::string_view bytes);
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace dauvet::crypto
