// The checks an oversight body runs on signed checkpoints, given the leaf hashes verify
// recomputed from the entries (never the server's stored tree):
//
//   - every checkpoint opens under one of the trusted verifier keys and names the origin
//   - its tree size is within the ledger, and its root equals the recomputed root
//   - each checkpoint is consistent with the one before it (RFC 9162 proof, verified)
//   - (directory only) every stored tree node equals the recomputed one
//
// `--since`: each checkpoint saved earlier, outside the server, must match the ledger of
// today — the "it only grew" check. A ledger rebuilt with an old entry changed fails at
// the first saved size that covers the change.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/store.hpp"
#include "crypto/merkle.hpp"
#include "crypto/signed_note.hpp"

namespace dauvet {

struct AuditReport {
  std::uint64_t checkpoints = 0;
  std::uint64_t latest_size = 0;
  std::string problem;  // empty when all is well
  std::optional<std::uint64_t> bad_size;
  bool ok() const { return problem.empty(); }
};

AuditReport audit_checkpoints(const std::vector<std::string>& notes, const std::string& origin,
                              const std::vector<crypto::VerifierKey>& keys, const crypto::MemoryTree& tree);

// Compares the stored "tree" database with the recomputed tree.
Result<std::optional<std::string>> audit_stored_tree(const lmdb::Txn& txn, MDB_dbi tree_dbi, const crypto::MemoryTree& tree);

// Splits a file of one or more signed notes written one after another.
std::vector<std::string> split_notes(std::string_view text);

}  // namespace dauvet
