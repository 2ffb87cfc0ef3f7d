// Canonical JSON: the byte form of every entry and payload.
//
//   - UTF-8; object keys sorted bytewise (unsigned), each key at most once
//   - no insignificant whitespace
//   - numbers are integers in [-2^63, 2^64) written in shortest decimal form; no floats,
//     no exponents, no "-0"
//   - strings escape only what JSON requires: '"' -> \", '\' -> \\, and control characters
//     U+0000..U+001F as \b \t \n \f \r or \u00xx (lowercase hex); everything else,
//     including U+007F and all non-ASCII text, is written as its raw UTF-8 bytes
//
// Vietnamese text therefore round-trips byte for byte, and a hash over the bytes is a hash
// over the meaning. What cannot be represented exactly is rejected with a reason, never
// coerced: floats, invalid UTF-8, duplicate keys, nesting deeper than kMaxDepth.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace dauvet::canonical {

inline constexpr int kMaxDepth = 64;

// Parses any JSON text under the rules above and returns the value.
Result<nlohmann::json> parse(std::string_view text);

// Parses JSON as a client sends it, before a decoder reads it: floats are kept, so the
// decoder can name the field that holds one, but invalid UTF-8 and nesting deeper than
// kMaxDepth are refused here, before anything walks the tree recursively.
Result<nlohmann::json> parse_input(std::string_view text);

// The canonical bytes of a value; fails on floats or strings that are not valid UTF-8.
Result<std::string> dump(const nlohmann::json& value);

// parse + dump: what an input becomes before it is hashed or stored.
Result<std::string> canonicalize(std::string_view text);

// True if text is already exactly in canonical form.
bool is_canonical(std::string_view text);

// The value of bytes stored in canonical form (payloads, projected states): what parse
// gives for them, read several times faster (canonical_read.cpp). nullopt when the text is
// not exactly canonical.
std::optional<nlohmann::json> read_canonical(std::string_view text);
// read_canonical, or else nlohmann's general parser; null when the text is not JSON.
nlohmann::json read_stored(std::string_view text);

// Appends s as a canonical JSON string literal (with quotes). s must be valid UTF-8;
// callers building entries check that first with valid_utf8().
void append_string(std::string& out, std::string_view s);

bool valid_utf8(std::string_view s) noexcept;

}  // namespace dauvet::canonical
