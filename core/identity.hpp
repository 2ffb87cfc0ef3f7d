// A ledger's signing identity.
//
//   DIR/signing.key     the active Ed25519 private key, PKCS#8 PEM, mode 0600
//   DIR/retired/        keys replaced by a rotation (kept 0600, never used to sign again)
//   meta "origin"       the checkpoint origin, also the signing key's name
//   stream ledger/keys  "ledger.key_added" {"verifier_key":..,"reason":..} at init, then
//                       "ledger.key_rotated" {"verifier_key":..,"previous":..,"reason":..}
//
// Recording every verifier key in the ledger lets a checkpoint signed before a rotation be
// checked with the key of its time. An offline verifier still pins the key it trusts with
// --key; keys read from the ledger only prove the ledger agrees with itself.
#pragma once

#include <string>
#include <vector>

#include "core/checkpointer.hpp"
#include "crypto/signed_note.hpp"

namespace dauvet {

inline constexpr std::string_view kKeysStream = "ledger/keys";

std::string signing_key_path(const std::string& dir);

// Creates the key and records it; the ledger must have no identity yet. Returns the
// verifier key string.
Result<std::string> create_identity(Ledger& ledger, const std::string& origin);

// Generates a new key, records the rotation, retires the old key file. Returns the new
// verifier key string.
Result<std::string> rotate_key(Ledger& ledger, const std::string& reason);

Result<std::string> ledger_origin(const LedgerView& view);
Result<LedgerSigner> load_signer(const std::string& dir, const LedgerView& view);
// Every verifier key the ledger has recorded, oldest first.
Result<std::vector<crypto::VerifierKey>> recorded_verifier_keys(const LedgerView& view);

}  // namespace dauvet
