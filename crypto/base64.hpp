// Standard base64 (RFC 4648 §4: alphabet A-Z a-z 0-9 + /, '=' padding), through OpenSSL.
//
//     bytes   "f"     "fo"    "foo"   "foob"
//     base64  "Zg=="  "Zm8="  "Zm9v"  "Zm9vYg=="      always a multiple of 4 characters
//
// Decoding is strict: no whitespace or line breaks, no missing or misplaced padding, no
// non-zero bits under the padding ("Zh==" is refused though lenient decoders read "f").
// Checkpoints, signatures and proofs are compared and hashed as text, so each value must
// have exactly one spelling.
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

// nullopt for anything but the canonical encoding of some byte string.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace dauvet::crypto
