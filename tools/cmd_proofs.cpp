// checkpoint, key, prove, verify-proof: the signed views of the ledger an outsider checks.
//
// Proof file (dauvet-proof@v1, in the spirit of C2SP tlog-proof): header lines, then the
// inclusion path (base64, leaf side first), a blank line, and the signed checkpoint the
// path leads to:
//
//   dauvet-proof@v1
//   index 41
//   entry <base64 entry bytes>
//   payload <base64 payload bytes>        or: payload erased
//   <base64 hash>
//   ...
//
//   <signed checkpoint note>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/canonical_json.hpp"
#include "core/entry.hpp"
#include "core/identity.hpp"
#include "core/tree.hpp"
#include "crypto/base64.hpp"
#include "crypto/merkle.hpp"
#include "tools/cli.hpp"
#include "tools/writer.hpp"

namespace dauvet::tools {
namespace {

int failed(std::string_view cmd, const Error& e) {
  std::cerr << "dauvet " << cmd << ": " << e.to_string() << '\n';
  return 1;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + path + "'");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int cmd_checkpoint(const Args& args) {
  const Usage usage{"checkpoint", "DIR", "Signs a checkpoint of the ledger as it is now (unless the latest one\ncovers it) and prints it."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  auto w = open_writer((*vm)["dir"].as<std::string>(), {});
  if (!w) return failed("checkpoint", w.error());
  auto note = w->checkpointer->sign_now();
  if (!note) return failed("checkpoint", note.error());
  std::cout << *note;
  return 0;
}

int cmd_key(const Args& args) {
  const Usage usage{"key", "rotate DIR [--reason TEXT]",
                    "Replaces the signing key. The ledger is checkpointed with the old key, the\n"
                    "rotation is recorded as a ledger entry, and later checkpoints use the new key;\n"
                    "old checkpoints stay verifiable with the old verifier key. Prints the new one."};
  po::options_description options("options");
  options.add_options()("action", po::value<std::string>()->required(), "rotate")(
      "dir", po::value<std::string>()->required(), "ledger directory")(
      "reason", po::value<std::string>()->default_value("scheduled rotation"), "recorded with the rotation");
  po::positional_options_description pos;
  pos.add("action", 1).add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  if ((*vm)["action"].as<std::string>() != "rotate") {
    std::cerr << "dauvet key: the only action is 'rotate'\n";
    return 2;
  }
  const std::string dir = (*vm)["dir"].as<std::string>();
  auto w = open_writer(dir, {});  // signs anything not yet covered, with the old key
  if (!w) return failed("key", w.error());
  auto vkey = rotate_key(*w->ledger, (*vm)["reason"].as<std::string>());
  if (!vkey) return failed("key", vkey.error());
  Result<LedgerSigner> signer = fail(Errc::internal, "");
  {
    auto snap = w->ledger->read();
    if (!snap) return failed("key", snap.error());
    signer = load_signer(dir, snap->view());
  }
  if (!signer) return failed("key", signer.error());
  w->checkpointer->set_signer(std::move(*signer));
  if (auto note = w->checkpointer->sign_now(); !note) return failed("key", note.error());
  std::cout << *vkey << '\n';
  return 0;
}

int cmd_prove(const Args& args) {
  const Usage usage{"prove", "DIR INDEX [--size N] [--out FILE]",
                    "Writes a self-contained inclusion proof of entry INDEX: the entry, its payload\n"
                    "(unless erased), the Merkle path and the signed checkpoint it leads to (the\n"
                    "latest, or the stored one of tree size N). Check it with dauvet verify-proof."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "index", po::value<std::uint64_t>()->required(), "entry index")(
      "size", po::value<std::uint64_t>(), "prove against the stored checkpoint of this tree size")(
      "out", po::value<std::string>()->default_value("-"), "output file (- for stdout)");
  po::positional_options_description pos;
  pos.add("dir", 1).add("index", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  const std::uint64_t index = (*vm)["index"].as<std::uint64_t>();
  auto ledger = Ledger::open((*vm)["dir"].as<std::string>(), Ledger::Options{.writer = false});
  if (!ledger) return failed("prove", ledger.error());
  auto snap = (*ledger)->read();
  if (!snap) return failed("prove", snap.error());
  auto store = CheckpointStore::open(snap->view().txn());
  if (!store) return failed("prove", store.error());
  auto all = store->all(snap->view().txn());
  if (!all) return failed("prove", all.error());
  std::optional<std::pair<std::uint64_t, std::string>> chosen;
  for (auto it = all->rbegin(); it != all->rend(); ++it) {
    const auto size = checkpoint_size(it->note).value_or(0);
    if (vm->count("size") != 0u ? size == (*vm)["size"].as<std::uint64_t>() : size > index) {
      chosen.emplace(size, it->note);
      break;
    }
  }
  if (!chosen || chosen->first <= index)
    return failed("prove", Error{Errc::not_found, "no stored checkpoint covers entry " + std::to_string(index) +
                                                      (vm->count("size") != 0u ? " at that size" : "; run dauvet checkpoint")});
  auto bytes = snap->view().entry_bytes(index);
  if (!bytes || !*bytes) return failed("prove", Error{Errc::not_found, "no entry " + std::to_string(index)});
  auto payload = snap->view().payload(index);
  if (!payload) return failed("prove", payload.error());
  TreeView tree(snap->view().txn(), (*ledger)->tree_dbi());
  auto path = crypto::inclusion_proof(index, chosen->first, tree.reader());
  if (!path) return failed("prove", path.error());

  std::ostringstream out;
  out << "dauvet-proof@v1\nindex " << index << "\nentry " << crypto::base64_encode(**bytes) << "\npayload "
      << (*payload ? crypto::base64_encode(**payload) : std::string("erased")) << '\n';
  for (const auto& h : *path) out << crypto::base64_encode(h) << '\n';
  out << '\n' << chosen->second;
  if ((*vm)["out"].as<std::string>() == "-") {
    std::cout << out.str();
  } else {
    std::ofstream f((*vm)["out"].as<std::string>(), std::ios::binary);
    f << out.str();
    if (!f) return failed("prove", Error{Errc::io, "cannot write the proof file"});
  }
  return 0;
}

}  // namespace dauvet::tools

namespace dauvet::tools {

int cmd_verify_proof(const Args& args) {
  const Usage usage{"verify-proof", "FILE --key VKEY",
                    "Checks a proof written by dauvet prove, offline: the checkpoint's signature\n"
                    "under VKEY, the entry's Merkle path to its root, and the payload's hash."};
  po::options_description options("options");
  options.add_options()("file", po::value<std::string>()->required(), "proof file")(
      "key", po::value<std::string>()->required(), "verifier key, name+keyid+base64");
  po::positional_options_description pos;
  pos.add("file", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  auto key = crypto::parse_verifier_key((*vm)["key"].as<std::string>());
  if (!key) return failed("verify-proof", key.error());
  const std::string text = read_file((*vm)["file"].as<std::string>());
  auto bad = [](const std::string& why) {
    std::cout << "bad proof: " << why << '\n';
    return 1;
  };
  const auto split = text.find("\n\n");
  if (!text.starts_with("dauvet-proof@v1\n") || split == std::string::npos) return bad("not a dauvet-proof@v1 file");
  std::istringstream header(text.substr(0, split + 1));
  std::string line, word;
  std::uint64_t index = 0;
  std::optional<std::vector<std::uint8_t>> entry_bytes, payload;
  bool erased = false;
  std::vector<crypto::Hash> path;
  std::getline(header, line);
  while (std::getline(header, line)) {
    if (line.starts_with("index ")) {
      index = std::stoull(line.substr(6));
    } else if (line.starts_with("entry ")) {
      entry_bytes = crypto::base64_decode(line.substr(6));
    } else if (line == "payload erased") {
      erased = true;
    } else if (line.starts_with("payload ")) {
      payload = crypto::base64_decode(line.substr(8));
    } else {
      auto h = crypto::base64_decode(line);
      if (!h || h->size() != 32) return bad("a path line is not a 32-byte base64 hash");
      crypto::Hash hash;
      std::copy(h->begin(), h->end(), hash.begin());
      path.push_back(hash);
    }
  }
  if (!entry_bytes || (!payload && !erased)) return bad("missing or malformed entry or payload line");
  const std::string_view entry_view(reinterpret_cast<const char*>(entry_bytes->data()), entry_bytes->size());
  auto entry = entry::decode(entry_view);
  if (!entry) return bad(entry.error().message);
  if (entry->index != index) return bad("the entry records index " + std::to_string(entry->index));
  if (payload && crypto::sha256(*payload) != entry->payload_sha256) return bad("the payload does not match payload_sha256");
  auto cp = crypto::open_checkpoint(std::string_view(text).substr(split + 2), key->name, {*key});
  if (!cp) return bad("checkpoint: " + cp.error().message);
  if (!crypto::verify_inclusion(crypto::leaf_hash(entry_view), index, cp->size, path, cp->root))
    return bad("the Merkle path does not lead from the entry to the signed root");
  std::cout << "ok: entry " << index << " is in " << cp->origin << " at tree size " << cp->size << ", signed by "
            << key->name << (erased ? " (payload erased)" : "") << '\n'
            << entry_view << '\n';
  return 0;
}

}  // namespace dauvet::tools
