// Offline verification of a ledger from its stored bytes alone.
//
// For every index i from 0, in order:
//   - entry i exists and no key is out of sequence (catches deleted and inserted entries)
//   - its bytes decode under the strict canonical grammar, and its "index" field is i
//     (catches swapped or moved entries)
//   - prev == leaf hash of entry i-1 (64 zeros for i = 0)
//   - payload present: SHA-256(payload) == payload_sha256
//     payload absent: a later "payload.erased" entry lists i (else it was deleted)
//   - recorded_at never decreases; the stream's versions run 1, 2, 3, ... without gaps
// and the streams index maps each (stream, version) to exactly the entry that holds it.
//
// Hashing dominates the cost, so entries are hashed by a pool of threads in chunks while
// the chain is checked in order; the first bad index is the lowest one found.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/result.hpp"
#include "core/store.hpp"

namespace dauvet {

struct VerifyReport {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;  // entry + payload bytes hashed
  std::uint64_t erased_payloads = 0;
  crypto::Hash last_leaf{};
  std::optional<std::uint64_t> bad_index;  // the first bad entry, if any
  std::string problem;                     // why; empty when everything verified
  bool ok() const { return problem.empty(); }
};

struct VerifyOptions {
  unsigned threads = 0;  // 0: one per core
  std::function<void(std::uint64_t done)> progress;
};

// Errors are reserved for failing to read at all; a bad ledger is a report with a problem.
Result<VerifyReport> verify_ledger(const LedgerView& view, const VerifyOptions& options = {});

}  // namespace dauvet
