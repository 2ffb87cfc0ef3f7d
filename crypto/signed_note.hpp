// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys.
//
//     <text: one or more lines, each ending in \n; may hold empty lines>
//     \n                                                  <- the LAST blank line splits
//     — <key name> <base64(4-byte key ID || 64-byte Ed25519 signature)>\n
//     — <key name> <...>\n                                (one line per signature)
//
// "—" is U+2014 EM DASH (bytes E2 80 94), followed by one space. The whole note must be
// valid UTF-8 with no ASCII control character but \n. The signature covers the text
// bytes exactly, final newline included, blank line excluded.
//
//     key ID       = SHA-256(name || 0x0A || 0x01 || 32-byte public key)[0:4], big-endian
//     verifier key = name "+" <key ID, 8 lowercase hex digits> "+" base64(0x01 || public key)
//
// 0x01 is the Ed25519 signature type. Key names are non-empty UTF-8 with no Unicode space
// and no '+'; a verifier key's base64 may itself contain '+', so it is split on the
// first two only.
#pragma once

#include <cstddef>
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
  friend bool operator==(const VerifierKey&, const VerifierKey&) = default;
};

std::uint32_t note_key_id(std::string_view name, const PublicKey& key);
std::string format_verifier_key(std::string_view name, const PublicKey& key);
// Validates the name, the key type (only Ed25519), its length, and that the key ID is the
// one the name and key hash to.
Result<VerifierKey> parse_verifier_key(std::string_view text);

// Key names: non-empty valid UTF-8, no Unicode white space, no '+', no control characters.
bool valid_key_name(std::string_view name);

// Note text: ends in '\n', valid UTF-8, no control characters but '\n'.
bool valid_note_text(std::string_view text);

// The full signed note: text, blank line, one signature line by `key` under `key_name`.
Result<std::string> sign_note(std::string_view text, std::string_view key_name, const SigningKey& key);

struct OpenedNote {
  std::string text;
  std::vector<std::string> verified_by;  // names of the known keys whose signatures verified
  std::size_t unknown_signatures = 0;    // lines by keys not in `known`, ignored
};

// Splits and checks a signed note against known verifier keys. As the spec requires,
// signatures by unknown keys (name and ID not both matching a known key) are ignored; a
// known key's signature that fails is an error; at least one must verify. A note holding
// more than 100 signature lines is refused (the spec asks verifiers for a limit >= 16).
Result<OpenedNote> open_note(std::string_view note, const std::vector<VerifierKey>& known);

}  // namespace dauvet::crypto
