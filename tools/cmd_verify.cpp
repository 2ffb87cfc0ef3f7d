// verify: the offline check an oversight body runs without trusting the server, on a
// ledger directory or an exported bundle.
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>

#include "core/audit.hpp"
#include "core/checkpointer.hpp"
#include "core/identity.hpp"
#include "core/ledger.hpp"
#include "core/verify.hpp"
#include "tools/bundle.hpp"
#include "tools/cli.hpp"

namespace dauvet::tools {
namespace {

struct Material {
  std::string origin;
  std::vector<std::string> checkpoints;
  std::vector<crypto::VerifierKey> recorded_keys;
};

int bad(const std::string& why) {
  std::cout << "bad " << why << '\n';
  return 1;
}

}  // namespace

int cmd_verify(const Args& args) {
  const Usage usage{"verify", "DIR|BUNDLE [--key VKEY]... [--since FILE] [--threads N] [--stats]",
                    "Recomputes every leaf hash, chain link and payload hash from the stored bytes,\n"
                    "the root of every signed checkpoint from the entries, every signature, and the\n"
                    "consistency of consecutive checkpoints. --key pins the verifier keys to trust\n"
                    "(otherwise the keys the ledger records are used, which only shows the ledger\n"
                    "agrees with itself). --since FILE: checkpoints saved earlier must all match —\n"
                    "the ledger only grew. Prints \"ok N entries\" and exits 0, or names the first\n"
                    "bad index or size and exits 1."};
  po::options_description options("options");
  options.add_options()("path", po::value<std::string>()->required(), "ledger directory or bundle")(
      "key", po::value<std::vector<std::string>>()->composing(), "trusted verifier key (repeatable)")(
      "since", po::value<std::string>(), "file of checkpoints saved earlier")(
      "threads", po::value<unsigned>()->default_value(0), "hashing threads (0: one per core)")(
      "stats", po::bool_switch(), "print throughput to stderr");
  po::positional_options_description pos;
  pos.add("path", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  const std::string path = (*vm)["path"].as<std::string>();
  std::vector<crypto::VerifierKey> pinned;
  if (vm->count("key") != 0u) {
    for (const auto& k : (*vm)["key"].as<std::vector<std::string>>()) {
      auto key = crypto::parse_verifier_key(k);
      if (!key) {
        std::cerr << "dauvet verify: --key: " << key.error().message << '\n';
        return 2;
      }
      pinned.push_back(*key);
    }
  }

  crypto::MemoryTree tree;
  VerifyOptions vo{.threads = (*vm)["threads"].as<unsigned>(), .tree = &tree};
  const auto start = std::chrono::steady_clock::now();
  Result<VerifyReport> report = fail(Errc::internal, "");
  Material material;
  std::unique_ptr<Ledger> ledger;
  std::optional<Snapshot> snap;
  Bundle bundle;
  if (is_bundle(path)) {
    auto b = read_bundle(path);
    if (!b) return bad(b.error().message);
    bundle = std::move(*b);
    material.origin = bundle.origin;
    material.checkpoints = bundle.checkpoints;
    for (const auto& k : bundle.verifier_keys) {
      auto key = crypto::parse_verifier_key(k);
      if (!key) return bad("verifier-keys: " + key.error().message);
      material.recorded_keys.push_back(*key);
    }
    auto source = bundle_source(bundle);
    report = verify_entries(*source, vo, std::nullopt);
  } else {
    auto l = Ledger::open(path, Ledger::Options{.writer = false});
    if (!l) {
      std::cerr << "dauvet verify: " << l.error().to_string() << '\n';
      return 1;
    }
    ledger = std::move(*l);
    auto s = ledger->read();
    if (!s) return bad(s.error().message);
    snap.emplace(std::move(*s));
    report = verify_ledger(snap->view(), vo);
    if (auto origin = ledger_origin(snap->view())) {
      material.origin = *origin;
      auto keys = recorded_verifier_keys(snap->view());
      if (!keys) return bad(keys.error().message);
      material.recorded_keys = *keys;
      auto store = CheckpointStore::open(snap->view().txn());
      auto all = store ? store->all(snap->view().txn()) : fail(store.error());
      if (!all) return bad(all.error().message);
      for (auto& c : *all) material.checkpoints.push_back(std::move(c.note));
    }
  }
  if (!report) {
    std::cerr << "dauvet verify: cannot read: " << report.error().to_string() << '\n';
    return 1;
  }
  if (!report->ok()) return bad(report->problem);

  const std::vector<crypto::VerifierKey>& keys = pinned.empty() ? material.recorded_keys : pinned;
  AuditReport audit;
  if (!material.origin.empty()) {
    audit = audit_checkpoints(material.checkpoints, material.origin, keys, tree);
    if (!audit.ok()) return bad(audit.problem);
  }
  if (vm->count("since") != 0u) {
    std::ifstream in((*vm)["since"].as<std::string>(), std::ios::binary);
    if (!in) return bad("cannot read " + (*vm)["since"].as<std::string>());
    const std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto since = audit_checkpoints(split_notes(saved), material.origin, keys, tree);
    if (!since.ok())
      return bad("the ledger is not an extension of the saved checkpoints" +
                 (since.bad_size ? " (first differing size " + std::to_string(*since.bad_size) + ")" : std::string()) + ": " +
                 since.problem);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if ((*vm)["stats"].as<bool>()) {
    std::cerr << std::fixed << std::setprecision(0) << "verified " << report->entries << " entries, "
              << static_cast<double>(report->bytes) / 1e6 << " MB in " << std::setprecision(3) << secs << " s: "
              << std::setprecision(0) << static_cast<double>(report->entries) / secs << " entries/s, "
              << static_cast<double>(report->bytes) / 1e6 / secs << " MB/s\n";
  }
  std::cout << "ok " << report->entries << " entries\n";
  if (!material.origin.empty()) {
    std::cerr << audit.checkpoints << " signed checkpoints verified (latest covers " << audit.latest_size << " entries), keys "
              << (pinned.empty() ? "as recorded in the ledger (pass --key to pin the key you trust)" : "pinned with --key")
              << '\n';
    if (audit.latest_size < report->entries)
      std::cerr << "note: entries from " << audit.latest_size << " on are not yet covered by a signed checkpoint\n";
  }
  return 0;
}

}  // namespace dauvet::tools
