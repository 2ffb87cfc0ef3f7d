// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed note body
//
//     <origin>\n                          non-empty; dauvet uses e.g. dauvet.hungyen.example/ledger
//     <tree size>\n                       ASCII decimal, no sign, no leading zeros ("0" for empty)
//     <root hash>\n                       base64 of the 32-byte RFC 6962 root, canonical
//     [<extension line>\n ...]            optional, opaque, each non-empty
//
// signed as a signed-note (crypto/signed_note.hpp), by dauvet under a key named after the
// origin. A log must never sign two checkpoints that no consistency proof joins; dauvet
// keeps every checkpoint it signs so anyone can check that.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/sha256.hpp"
#include "crypto/signed_note.hpp"

namespace dauvet::crypto {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// Ok when the checkpoint can be written as a body that parses back to itself: origin and
// extensions non-empty, on one line each, valid note text.
Result<void> check_checkpoint(const Checkpoint& c);

// The body text; for a checkpoint that passes check_checkpoint (sign_checkpoint checks).
std::string format_checkpoint_body(const Checkpoint& c);
// Strict: every rule above, and the body must end in a newline.
Result<Checkpoint> parse_checkpoint_body(std::string_view body);

Result<std::string> sign_checkpoint(const Checkpoint& c, std::string_view key_name, const SigningKey& key);
// Verifies the note against `known` keys, parses its text, and checks its origin is
// `origin`: a checkpoint of another log, even one signed by a key we trust, is refused.
Result<Checkpoint> open_checkpoint(std::string_view note, std::string_view origin, const std::vector<VerifierKey>& known);

}  // namespace dauvet::crypto
