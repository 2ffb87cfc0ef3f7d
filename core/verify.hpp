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
// Given a tree to fill, verify_ledger also builds the Merkle tree of the leaves as they are
// checked and compares every node stored in the "tree" database with it.
//
// The work is split in parts: worker threads read parts through their own read transactions
// of the same snapshot, and hash and decode them, while this thread checks the parts in
// index order (core/verify_parts.hpp); the first bad index is the lowest one found.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "core/store.hpp"
#include "crypto/merkle.hpp"

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
  // Entries per part. A ledger of fewer than two parts is read by one thread; tests make
  // parts tiny so that small ledgers take the many-reader path too.
  std::size_t chunk = 4096;
  std::function<void(std::uint64_t done)> progress;
  // If set, receives every leaf hash in order, appended as each entry is checked (on the
  // checking thread, while the next parts are being read and hashed).
  crypto::MemoryTree* tree = nullptr;
};

// One stored entry as a source hands it over. The views stay valid as long as the source:
// the verifier holds several batches at once.
struct RawEntry {
  std::uint64_t key = 0;
  std::string_view bytes;
  std::optional<std::string_view> payload;
};

class EntrySource {
 public:
  virtual ~EntrySource() = default;
  // Appends up to `max` entries in key order to `out` (cleared first); empty at the end.
  virtual Result<void> next(std::vector<RawEntry>& out, std::size_t max) = 0;
  // Payloads stored for keys past the last entry are an error the source reports.
  virtual std::optional<std::uint64_t> orphan_payload() const { return std::nullopt; }
};

// The chain, payload and erasure checks over any source; `head` (the directory's commit
// record) lets the last entry be checked too.
Result<VerifyReport> verify_entries(EntrySource& source, const VerifyOptions& options, const std::optional<Head>& head);

// verify_entries over the ledger's LMDB databases, plus the streams-index cross-check and,
// with options.tree, the stored-tree check (the two run side by side).
// Errors are reserved for failing to read at all; a bad ledger is a report with a problem.
Result<VerifyReport> verify_ledger(const LedgerView& view, const VerifyOptions& options = {});

}  // namespace dauvet
