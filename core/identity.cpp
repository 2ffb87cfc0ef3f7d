#include "core/identity.hpp"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/canonical_json.hpp"

namespace dauvet {
namespace {

namespace fs = std::filesystem;

const Actor kSystem{"dauvet", "root", "system"};

Result<CommandResult> record_key(Ledger& ledger, std::string type, nlohmann::json payload, std::string origin,
                                 std::optional<std::uint64_t> expected) {
  auto p = Payload::from_json(payload);
  if (!p) return fail(p.error());
  Command cmd;
  cmd.actor = kSystem;
  cmd.decide = [type = std::move(type), p = *p, origin = std::move(origin),
                expected](WriteContext& ctx) -> Result<std::vector<AppendRequest>> {
    if (!origin.empty()) {
      if (auto r = ctx.txn().put(ctx.view().dbs().meta, "origin", origin); !r) return fail(r.error());
    }
    return std::vector<AppendRequest>{AppendRequest{std::string(kKeysStream), expected, type, p, {}}};
  };
  return ledger.submit(std::move(cmd)).get();
}

}  // namespace

std::string signing_key_path(const std::string& dir) { return (fs::path(dir) / "signing.key").string(); }

Result<std::string> create_identity(Ledger& ledger, const std::string& origin) {
  if (!crypto::valid_key_name(origin))
    return fail(Errc::invalid_argument, "the origin must be non-empty, without spaces or '+', e.g. dauvet.hungyen.example/ledger",
                "origin");
  if (fs::exists(signing_key_path(ledger.dir())))
    return fail(Errc::conflict, "'" + signing_key_path(ledger.dir()) + "' already exists");
  auto key = crypto::SigningKey::generate();
  if (!key) return fail(key.error());
  if (auto r = key->save_pem_file(signing_key_path(ledger.dir())); !r) return fail(r.error());
  const std::string vkey = crypto::format_verifier_key(origin, key->public_key());
  // expected version 0: a second identity on the same ledger is refused by the writer.
  auto r = record_key(ledger, "ledger.key_added", {{"verifier_key", vkey}, {"reason", "ledger created"}}, origin, 0);
  if (!r) return fail(r.error());
  return vkey;
}

Result<std::string> rotate_key(Ledger& ledger, const std::string& reason) {
  auto snap = ledger.read();
  if (!snap) return fail(snap.error());
  auto origin = ledger_origin(snap->view());
  if (!origin) return fail(origin.error());
  auto old = load_signer(ledger.dir(), snap->view());
  if (!old) return fail(old.error());
  auto version = snap->view().stream_version(kKeysStream);
  if (!version) return fail(version.error());
  snap = fail(Error{});  // no read transaction may stay open across a write that could grow the map

  auto key = crypto::SigningKey::generate();
  if (!key) return fail(key.error());
  const std::string staged = signing_key_path(ledger.dir()) + ".new";
  fs::remove(staged);
  if (auto r = key->save_pem_file(staged); !r) return fail(r.error());
  const std::string vkey = crypto::format_verifier_key(*origin, key->public_key());
  const std::string previous = crypto::format_verifier_key(*origin, old->key.public_key());
  auto r = record_key(ledger, "ledger.key_rotated", {{"verifier_key", vkey}, {"previous", previous}, {"reason", reason}}, "",
                      *version);
  if (!r) {
    fs::remove(staged);
    return fail(r.error());
  }
  std::error_code ec;
  fs::create_directories(fs::path(ledger.dir()) / "retired", ec);
  fs::permissions(fs::path(ledger.dir()) / "retired", fs::perms::owner_all, ec);
  const std::string id = previous.substr(origin->size() + 1, 8);
  fs::rename(signing_key_path(ledger.dir()), fs::path(ledger.dir()) / "retired" / (id + ".key"), ec);
  if (!ec) fs::rename(staged, signing_key_path(ledger.dir()), ec);
  if (ec) return fail(Errc::io, "the rotation is recorded but moving the key files failed: " + ec.message());
  return vkey;
}

Result<std::string> ledger_origin(const LedgerView& view) {
  auto origin = view.txn().get(view.dbs().meta, "origin");
  if (!origin) return fail(origin.error());
  if (!*origin) return fail(Errc::not_found, "this ledger has no signing identity (create one with dauvet init --origin)");
  return std::string(**origin);
}

Result<LedgerSigner> load_signer(const std::string& dir, const LedgerView& view) {
  auto origin = ledger_origin(view);
  if (!origin) return fail(origin.error());
  auto key = crypto::SigningKey::load_pem_file(signing_key_path(dir));
  if (!key) return fail(key.error());
  auto keys = recorded_verifier_keys(view);
  if (!keys) return fail(keys.error());
  if (keys->empty() || keys->back().public_key != key->public_key())
    return fail(Errc::corrupt, "signing.key is not the key the ledger last recorded in " + std::string(kKeysStream));
  return LedgerSigner{*origin, std::move(*key)};
}

Result<std::vector<crypto::VerifierKey>> recorded_verifier_keys(const LedgerView& view) {
  std::vector<crypto::VerifierKey> out;
  auto version = view.stream_version(kKeysStream);
  if (!version) return fail(version.error());
  for (std::uint64_t v = 1; v <= *version; ++v) {
    auto index = view.stream_index(kKeysStream, v);
    if (!index || !*index) return fail(Errc::corrupt, "ledger/keys version " + std::to_string(v) + " is missing");
    auto payload = view.payload(**index);
    if (!payload || !*payload) return fail(Errc::corrupt, "the payload of key entry " + std::to_string(**index) + " is missing");
    auto doc = canonical::parse(**payload);
    if (!doc || !doc->contains("verifier_key") || !(*doc)["verifier_key"].is_string())
      return fail(Errc::corrupt, "key entry " + std::to_string(**index) + " has no verifier_key");
    auto key = crypto::parse_verifier_key((*doc)["verifier_key"].get<std::string>());
    if (!key) return fail(Errc::corrupt, "key entry " + std::to_string(**index) + ": " + key.error().message);
    out.push_back(*key);
  }
  return out;
}

}  // namespace dauvet
