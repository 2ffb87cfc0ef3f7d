// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys.
//
//   <text, one or more lines, each ending in \n>
//   \n
//   — <key name> <base64(4-byte key ID || 64-byte signature)>\n      (one line per signature)
//
// The signature covers the text bytes exactly. Key ID = the first 4 bytes (big-endian) of
// SHA-256(name || 0x0A || 0x01 || 32-byte public key); 0x01 is the Ed25519 type byte.
// A verifier key is published as  name+<8 lowercase hex key ID>+base64(0x01 || public key).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "crypto/ed25519.hpp"

namespace dauvet::crypto {

struct VerifierKey {
  std::string name;
  std::uint32_t key_id = 0;
  PublicKey public_key{};
};

std::uint32_t note_key_id(std::string_view name, const PublicKey& key);
std::string format_verifier_key(std::string_view name, const PublicKey& key);
Result<VerifierKey> parse_verifier_key(std::string_view text);

// Key names: non-empty, no whitespace, no '+'.
bool valid_key_name(std::string_view name);

// Signs text (which must end in '\n' and hold no control characters but '\n').
Result<std::string> sign_note(std::string_view text, std::string_view key_name, const SigningKey& key);

struct OpenedNote {
  std::string text;
  std::vector<std::string> verified_by;  // names of the known keys whose signatures verified
};

// Splits and checks a signed note against known verifier keys: signatures by unknown keys
// are skipped, a bad signature by a known key is an error, and at least one known key must
// have signed.
Result<OpenedNote> open_note(std::string_view note, const std::vector<VerifierKey>& known);

}  // namespace dauvet::crypto
