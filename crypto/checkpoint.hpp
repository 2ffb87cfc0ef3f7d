// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed note body
//
//   <origin>\n
//   <tree size, decimal, no leading zeros>\n
//   <base64 root hash>\n
//   [<extension line>\n ...]
//
// signed as a signed-note by the log's key. Every checkpoint dauvet signs is kept.
#pragma once

#include <cstdint>
#include <string>
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

std::string format_checkpoint_body(const Checkpoint& c);
Result<Checkpoint> parse_checkpoint_body(std::string_view body);

Result<std::string> sign_checkpoint(const Checkpoint& c, std::string_view key_name, const SigningKey& key);
// Verifies the note against `known` keys, parses it, and checks its origin is `origin`.
Result<Checkpoint> open_checkpoint(std::string_view note, std::string_view origin, const std::vector<VerifierKey>& known);

}  // namespace dauvet::crypto
