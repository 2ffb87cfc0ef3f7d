#include "tools/bundle.hpp"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/checkpointer.hpp"
#include "core/identity.hpp"
#include "core/ledger.hpp"
#include "crypto/base64.hpp"

namespace dauvet::tools {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFormatText =
    "dauvet-bundle/1\n"
    "origin: the checkpoint origin. verifier-keys: every verifier key the ledger recorded.\n"
    "entries.ndjson: {\"entry\":base64 entry bytes,\"index\":N,\"payload\":base64 or null} per line.\n"
    "checkpoints: every signed checkpoint (C2SP tlog-checkpoint signed notes), oldest first.\n"
    "Check with: dauvet verify BUNDLE --key VERIFIER_KEY\n";

std::string as_string(std::string_view v) { return std::string(v); }

Result<std::string> slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::not_found, "bundle file '" + path.string() + "' is missing");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class VectorSource final : public EntrySource {
 public:
  explicit VectorSource(const Bundle& b) : b_(b) {}
  Result<void> next(std::vector<RawEntry>& out, std::size_t max) override {
    out.clear();
    for (; pos_ < b_.entries.size() && out.size() < max; ++pos_) {
      RawEntry r{pos_, b_.entries[pos_], std::nullopt};
      if (b_.payloads[pos_]) r.payload = *b_.payloads[pos_];
      out.push_back(r);
    }
    return {};
  }

 private:
  const Bundle& b_;
  std::size_t pos_ = 0;
};

}  // namespace

bool is_bundle(const std::string& path) { return fs::exists(fs::path(path) / "FORMAT"); }

Result<void> write_bundle(const std::string& ledger_dir, const std::string& out_dir) {
  auto ledger = Ledger::open(ledger_dir, Ledger::Options{.writer = false});
  if (!ledger) return fail(ledger.error());
  auto snap = (*ledger)->read();
  if (!snap) return fail(snap.error());
  const LedgerView& view = snap->view();
  auto origin = ledger_origin(view);
  if (!origin) return fail(origin.error());
  auto keys = recorded_verifier_keys(view);
  if (!keys) return fail(keys.error());
  auto store = CheckpointStore::open(view.txn());
  if (!store) return fail(store.error());
  auto checkpoints = store->all(view.txn());
  if (!checkpoints) return fail(checkpoints.error());

  std::error_code ec;
  if (fs::exists(out_dir, ec) && !fs::is_empty(out_dir, ec))
    return fail(Errc::conflict, "'" + out_dir + "' exists and is not empty");
  fs::create_directories(out_dir, ec);
  if (ec) return fail(Errc::io, "cannot create '" + out_dir + "': " + ec.message());
  std::ofstream(fs::path(out_dir) / "FORMAT") << kFormatText;
  std::ofstream(fs::path(out_dir) / "origin") << *origin << '\n';
  {
    std::ofstream f(fs::path(out_dir) / "verifier-keys");
    for (const auto& k : *keys) f << crypto::format_verifier_key(k.name, k.public_key) << '\n';
  }
  {
    std::ofstream f(fs::path(out_dir) / "checkpoints", std::ios::binary);
    for (const auto& c : *checkpoints) f << c.note;
  }
  std::ofstream f(fs::path(out_dir) / "entries.ndjson", std::ios::binary);
  auto cursor = lmdb::Cursor::open(view.txn(), view.dbs().entries);
  if (!cursor) return fail(cursor.error());
  for (auto it = cursor->first(); it && *it; it = cursor->next()) {
    const std::uint64_t index = keys::read_u64((*it)->key);
    auto payload = view.payload(index);
    if (!payload) return fail(payload.error());
    f << "{\"entry\":\"" << crypto::base64_encode((*it)->value) << "\",\"index\":" << index << ",\"payload\":"
      << (*payload ? "\"" + crypto::base64_encode(**payload) + "\"" : std::string("null")) << "}\n";
  }
  if (!f) return fail(Errc::io, "cannot write the bundle");
  return {};
}

Result<Bundle> read_bundle(const std::string& dir) {
  Bundle b;
  auto format = slurp(fs::path(dir) / "FORMAT");
  if (!format) return fail(format.error());
  if (!format->starts_with(kBundleFormat)) return fail(Errc::invalid_argument, "not a " + as_string(kBundleFormat) + " bundle");
  auto origin = slurp(fs::path(dir) / "origin");
  if (!origin) return fail(origin.error());
  b.origin = origin->substr(0, origin->find('\n'));
  auto keys = slurp(fs::path(dir) / "verifier-keys");
  if (!keys) return fail(keys.error());
  for (std::size_t p = 0, e; (e = keys->find('\n', p)) != std::string::npos; p = e + 1)
    if (e > p) b.verifier_keys.push_back(keys->substr(p, e - p));
  auto checkpoints = slurp(fs::path(dir) / "checkpoints");
  if (!checkpoints) return fail(checkpoints.error());
  b.checkpoints = split_notes(*checkpoints);
  std::ifstream in(fs::path(dir) / "entries.ndjson", std::ios::binary);
  if (!in) return fail(Errc::not_found, "bundle file entries.ndjson is missing");
  std::string line;
  for (std::uint64_t n = 0; std::getline(in, line); ++n) {
    const auto bad = [&](const std::string& why) { return fail(Errc::invalid_argument, "entries.ndjson line " + std::to_string(n + 1) + ": " + why); };
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("entry") || !j["entry"].is_string() || !j.contains("index")) return bad("not an entry line");
    if (j["index"] != n) return bad("index " + j["index"].dump() + " is out of order (expected " + std::to_string(n) + ")");
    auto entry = crypto::base64_decode(j["entry"].get<std::string>());
    if (!entry) return bad("entry is not base64");
    b.entries.emplace_back(entry->begin(), entry->end());
    if (j["payload"].is_null()) {
      b.payloads.emplace_back();
    } else {
      auto payload = j["payload"].is_string() ? crypto::base64_decode(j["payload"].get<std::string>()) : std::nullopt;
      if (!payload) return bad("payload is not base64 or null");
      b.payloads.emplace_back(std::string(payload->begin(), payload->end()));
    }
  }
  return b;
}

std::unique_ptr<EntrySource> bundle_source(const Bundle& bundle) { return std::make_unique<VectorSource>(bundle); }

}  // namespace dauvet::tools
