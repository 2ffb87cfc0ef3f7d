#include "core/audit.hpp"

#include <cstring>

#include "crypto/checkpoint.hpp"

namespace dauvet {

AuditReport audit_checkpoints(const std::vector<std::string>& notes, const std::string& origin,
                              const std::vector<crypto::VerifierKey>& keys, const crypto::MemoryTree& tree) {
  AuditReport report;
  std::optional<crypto::Checkpoint> previous;
  const auto nodes = tree.reader();
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const std::string which = "checkpoint #" + std::to_string(i + 1);
    auto cp = crypto::open_checkpoint(notes[i], origin, keys);
    if (!cp) {
      report.problem = which + ": " + cp.error().message;
      return report;
    }
    report.bad_size = cp->size;
    if (cp->size > tree.size()) {
      report.problem = which + " covers " + std::to_string(cp->size) + " entries, the ledger holds " + std::to_string(tree.size());
      return report;
    }
    auto root = crypto::root_at(cp->size, nodes);
    if (!root || *root != cp->root) {
      report.problem = which + " (tree size " + std::to_string(cp->size) +
                       "): the signed root does not match the root recomputed from the entries";
      return report;
    }
    if (previous) {
      if (previous->size > cp->size) {
        report.problem = which + " has a smaller tree than the checkpoint before it";
        return report;
      }
      auto proof = crypto::consistency_proof(previous->size, cp->size, nodes);
      if (!proof || !crypto::verify_consistency(previous->size, cp->size, previous->root, cp->root, *proof)) {
        report.problem = which + " is not consistent with the checkpoint before it";
        return report;
      }
    }
    report.bad_size.reset();
    report.latest_size = std::max(report.latest_size, cp->size);
    ++report.checkpoints;
    previous = *cp;
  }
  return report;
}

Result<std::optional<std::string>> audit_stored_tree(const lmdb::Txn& txn, MDB_dbi tree_dbi, const crypto::MemoryTree& tree) {
  auto cursor = lmdb::Cursor::open(txn, tree_dbi);
  if (!cursor) return fail(cursor.error());
  std::uint64_t seen = 0, expected = 0;
  for (const auto& level : tree.levels()) expected += level.size();
  auto it = cursor->first();
  for (; it && *it; it = cursor->next()) {
    const std::string_view key = (*it)->key;
    // Key: u64be last leaf | u8 level (core/tree.hpp); the node is (level, (last + 1) / 2^level - 1).
    const unsigned level = key.size() == 9 ? static_cast<unsigned char>(key[8]) : 64;
    const std::uint64_t last = key.size() == 9 ? keys::read_u64(key.substr(0, 8)) : 0;
    const std::uint64_t covered = level < 64 ? (last + 1) >> level : 0;  // node index + 1
    const std::uint64_t index = covered == 0 ? 0 : covered - 1;
    auto where = [&] { return "tree node (" + std::to_string(level) + ", " + std::to_string(index) + ")"; };
    if (key.size() != 9 || (*it)->value.size() != 32 || level >= tree.levels().size() || covered == 0 ||
        (covered << level) - 1 != last || index >= tree.levels()[level].size())
      return std::optional<std::string>{where() + " is not part of the tree the entries make"};
    if (std::memcmp((*it)->value.data(), tree.levels()[level][index].data(), 32) != 0)
      return std::optional<std::string>{where() + " differs from the hash recomputed from the entries"};
    ++seen;
  }
  if (!it) return fail(it.error());
  if (seen != expected)
    return std::optional<std::string>{"the stored tree has " + std::to_string(seen) + " nodes, the entries make " +
                                      std::to_string(expected)};
  return std::optional<std::string>{};
}

std::vector<std::string> split_notes(std::string_view text) {
  // A note ends after its signature lines; the next line that is not one starts a new note.
  std::vector<std::string> notes;
  std::string current;
  bool in_signatures = false;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view line = text.substr(0, eol == std::string_view::npos ? text.size() : eol + 1);
    text.remove_prefix(line.size());
    const bool signature = line.starts_with("\xe2\x80\x94 ");
    if (in_signatures && !signature) {
      notes.push_back(std::move(current));
      current.clear();
      in_signatures = false;
    }
    if (line == "\n" && !in_signatures && text.starts_with("\xe2\x80\x94 ")) in_signatures = true;
    current.append(line);
  }
  if (!current.empty()) notes.push_back(std::move(current));
  return notes;
}

}  // namespace dauvet
