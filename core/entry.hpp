// The ledger entry: what is hashed, chained and proven.
//
// Entry bytes are canonical JSON (see canonical_json.hpp) with exactly these keys, in this
// (bytewise sorted) order and nothing else:
//
//   {"actor":{"id":"admin","role":"admin","unit":"root"},
//    "idempotency_key":"7f3a...",          <- present only if the request carried one
//    "index":41,                           <- position in the ledger, from 0
//    "payload_sha256":"<64 lowercase hex>",<- SHA-256 of the payload bytes
//    "prev":"<64 lowercase hex>",          <- leaf hash of entry index-1; 64 zeros at 0
//    "recorded_at":"2024-06-30T09:15:02.031Z", <- server UTC, ms, never decreasing
//    "stream":"task/26-CTr/TU/I.3",
//    "type":"task.completed",
//    "version":3}                          <- 1-based position within the stream
//
// (drawn on several lines here; stored on one, with no whitespace).
//
//   leaf hash(i) = SHA-256(0x00 || entry bytes(i))       RFC 6962 §2.1
//   prev(i)      = leaf hash(i-1)
//
// The payload (the event's business data, canonical JSON) is stored apart, keyed by the
// same index, and bound only through payload_sha256: erasing it later leaves every hash,
// chain link and Merkle proof intact.
//
// decode() accepts exactly the bytes encode() produces and nothing else — no reordered
// keys, no extra whitespace, no alternative escapes — so two different byte strings can
// never decode to the same entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "crypto/sha256.hpp"

namespace dauvet {

struct Actor {
  std::string id;
  std::string unit;
  std::string role;
  friend bool operator==(const Actor&, const Actor&) = default;
};

struct Entry {
  std::uint64_t index = 0;
  std::string stream;
  std::uint64_t version = 0;
  std::string type;
  Actor actor;
  std::string recorded_at;
  crypto::Hash payload_sha256{};
  crypto::Hash prev{};
  std::optional<std::string> idempotency_key;
  friend bool operator==(const Entry&, const Entry&) = default;
};

namespace entry {

inline constexpr std::size_t kMaxStreamBytes = 256;
inline constexpr std::size_t kMaxTypeBytes = 128;
inline constexpr std::size_t kMaxActorFieldBytes = 128;
inline constexpr std::size_t kMaxIdempotencyKeyBytes = 256;

// Checks the fields a request supplies (stream, type, actor, idempotency key). `field`
// names come back in the error so the API can point at them.
Result<void> validate_fields(const Entry& e);

// An erasure entry deletes the stored payload bytes of earlier entries; its own payload
// names them, {"erased":[3,17],...}, so verify can tell an erasure from a deletion.
inline constexpr std::string_view kErasureType = "payload.erased";
Result<std::vector<std::uint64_t>> erased_indexes(std::string_view payload);

// Canonical bytes; e must have passed validate_fields.
std::string encode(const Entry& e);
// The same into `out` (cleared first), keeping its capacity: the writer's chain thread
// encodes every entry into a reused buffer.
void encode_into(const Entry& e, std::string& out);

Result<Entry> decode(std::string_view bytes);
// decode() into an entry whose strings are reused: scanning a ledger then allocates only
// when a field outgrows every earlier one. `out` is unspecified after an error.
Result<void> decode_into(std::string_view bytes, Entry& out);

}  // namespace entry
}  // namespace dauvet
