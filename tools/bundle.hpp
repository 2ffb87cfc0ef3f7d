// The export bundle: everything an oversight body needs to verify the ledger offline, as
// plain files in one directory.
//
//   FORMAT          "dauvet-bundle/1" and a description of these files
//   origin          the checkpoint origin, one line
//   verifier-keys   every verifier key the ledger recorded, one per line, oldest first
//   entries.ndjson  one line per entry, in index order:
//                   {"entry":"<base64 entry bytes>","index":N,"payload":"<base64>"|null}
//                   (base64 so the exact stored bytes survive any JSON tooling; null once
//                   the payload was erased)
//   checkpoints     every signed checkpoint note, one after another, oldest first
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/verify.hpp"

namespace dauvet::tools {

inline constexpr std::string_view kBundleFormat = "dauvet-bundle/1";

struct Bundle {
  std::string origin;
  std::vector<std::string> verifier_keys;
  std::vector<std::string> checkpoints;
  std::vector<std::string> entries;
  std::vector<std::optional<std::string>> payloads;
};

bool is_bundle(const std::string& path);
Result<void> write_bundle(const std::string& ledger_dir, const std::string& out_dir);
Result<Bundle> read_bundle(const std::string& dir);
std::unique_ptr<EntrySource> bundle_source(const Bundle& bundle);

}  // namespace dauvet::tools
