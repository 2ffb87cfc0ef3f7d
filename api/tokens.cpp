#include "api/tokens.hpp"

#include <algorithm>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include "base/hex.hpp"
#include "crypto/base64.hpp"

namespace dauvet::api {
namespace {

constexpr std::string_view kPrefix = "dvt_";
constexpr std::size_t kRandomBytes = 32;
constexpr std::size_t kEncodedBytes = 43;  // base64url of 32 bytes without padding

std::string base64url(std::span<const std::uint8_t> bytes) {
  std::string s = crypto::base64_encode(bytes);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (char& c : s) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return s;
}

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

Result<crypto::Hash> parse_sha256(std::string_view hex) {
  crypto::Hash h{};
  if (!from_hex_into(hex, h)) return fail(Errc::invalid_argument, "must be 64 lowercase hex digits", "sha256");
  return h;
}

}  // namespace

Result<NewToken> generate_token() {
  std::array<std::uint8_t, kRandomBytes> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
    return fail(Errc::internal, "the random generator failed");
  NewToken t;
  t.token = std::string(kPrefix) + base64url(random);
  OPENSSL_cleanse(random.data(), random.size());
  t.sha256 = token_sha256_hex(t.token);
  return t;
}

std::string token_sha256_hex(std::string_view token) { return to_hex(crypto::sha256(token)); }

Result<AppendRequest> token_issued_request(std::string_view sha256_hex, const events::Actor& holder,
                                           std::string_view note) {
  if (auto h = parse_sha256(sha256_hex); !h) return fail(h.error());
  if (holder.id.empty()) return fail(Errc::invalid_argument, "the token needs an actor id", "actor");
  if (holder.unit.empty()) return fail(Errc::invalid_argument, "the token needs a unit", "unit");
  if (!events::parse_role(holder.role))
    return fail(Errc::invalid_argument, "'" + holder.role + "' is not a role (admin, issuer, clerk, inspector, oversight, verifier)",
                "role");
  // The holder's fields become an entry's actor whenever the token writes: check them as such now.
  Entry probe;
  probe.stream = std::string(kTokenStream);
  probe.type = std::string(kTokenIssued);
  probe.actor = Actor{holder.id, holder.unit, holder.role};
  if (auto r = entry::validate_fields(probe); !r) return fail(r.error());
  nlohmann::json body{{"sha256", sha256_hex}, {"actor", holder.id}, {"unit", holder.unit}, {"role", holder.role}};
  if (!note.empty()) body["note"] = std::string(note);
  auto payload = Payload::from_json(body);
  if (!payload) return fail(payload.error());
  return AppendRequest{std::string(kTokenStream), std::nullopt, std::string(kTokenIssued), std::move(*payload), {}};
}

Result<AppendRequest> token_revoked_request(std::string_view sha256_hex) {
  if (auto h = parse_sha256(sha256_hex); !h) return fail(h.error());
  auto payload = Payload::from_json(nlohmann::json{{"sha256", sha256_hex}});
  if (!payload) return fail(payload.error());
  return AppendRequest{std::string(kTokenStream), std::nullopt, std::string(kTokenRevoked), std::move(*payload), {}};
}

std::optional<TokenStore::Change> TokenStore::parse_change(std::string_view type, std::string_view payload) {
  // Anything else on the stream (an operator's hand-made entry) grants nothing.
  if (type != kTokenIssued && type != kTokenRevoked) return std::nullopt;
  const auto body = nlohmann::json::parse(payload, nullptr, false);
  if (!body.is_object() || !body.contains("sha256") || !body["sha256"].is_string()) return std::nullopt;
  Change c;
  if (!from_hex_into(body["sha256"].get<std::string>(), c.sha256)) return std::nullopt;
  if (type == kTokenRevoked) return c;
  for (const char* k : {"actor", "unit", "role"})
    if (!body.contains(k) || !body[k].is_string()) return std::nullopt;
  c.holder = events::Actor{body["actor"].get<std::string>(), body["unit"].get<std::string>(), body["role"].get<std::string>()};
  return c;
}

void TokenStore::apply_locked(const Change& change) {
  if (change.holder) {
    tokens_[change.sha256] = *change.holder;
  } else {
    tokens_.erase(change.sha256);
  }
}

Result<void> TokenStore::open(lmdb::Txn& txn, const Dbs& dbs) {
  const LedgerView view(txn, dbs);
  auto version = view.stream_version(kTokenStream);
  if (!version) return fail(version.error());
  std::map<crypto::Hash, events::Actor> loaded;
  std::swap(loaded, tokens_);
  for (std::uint64_t v = 1; v <= *version; ++v) {
    auto index = view.stream_index(kTokenStream, v);
    if (!index) return fail(index.error());
    if (!*index) return fail(Errc::corrupt, "stream 'tokens' has no version " + std::to_string(v));
    auto bytes = view.entry_bytes(**index);
    if (!bytes) return fail(bytes.error());
    if (!*bytes) return fail(Errc::corrupt, "entry " + std::to_string(**index) + " is missing");
    auto e = entry::decode(**bytes);
    if (!e) return fail(e.error());
    auto payload = view.payload(**index);
    if (!payload) return fail(payload.error());
    if (!*payload) continue;  // erased: a token whose record is gone cannot be trusted
    if (auto c = parse_change(e->type, **payload)) {
      std::lock_guard lock(mu_);
      apply_locked(*c);
    }
  }
  return {};
}

void TokenStore::begin_batch() { pending_.clear(); }

Result<void> TokenStore::on_entry(lmdb::Txn&, const Entry& entry, std::string_view payload) {
  if (entry.stream != kTokenStream) return {};
  if (auto c = parse_change(entry.type, payload)) pending_.push_back(*c);
  return {};
}

void TokenStore::end_batch(bool committed, std::uint64_t) {
  if (committed && !pending_.empty()) {
    std::lock_guard lock(mu_);
    for (const auto& c : pending_) apply_locked(c);
  }
  pending_.clear();
}

Result<Principal> TokenStore::authenticate(std::string_view bearer_token) const {
  if (bearer_token.size() != kPrefix.size() + kEncodedBytes || bearer_token.substr(0, kPrefix.size()) != kPrefix ||
      !std::all_of(bearer_token.begin() + kPrefix.size(), bearer_token.end(), is_base64url))
    return fail(Errc::unauthorized, "the token is malformed");
  const crypto::Hash h = crypto::sha256(bearer_token);
  std::lock_guard lock(mu_);
  // The map lookup's timing depends only on the hash of the presented token, which says
  // nothing about any valid token; the final comparison is constant-time all the same.
  auto it = tokens_.find(h);
  if (it == tokens_.end() || CRYPTO_memcmp(it->first.data(), h.data(), h.size()) != 0)
    return fail(Errc::unauthorized, "the token is unknown or revoked");
  return Principal{it->second, to_hex(h).substr(0, 16)};
}

bool TokenStore::active(const crypto::Hash& sha256) const {
  std::lock_guard lock(mu_);
  return tokens_.contains(sha256);
}

std::size_t TokenStore::size() const {
  std::lock_guard lock(mu_);
  return tokens_.size();
}

}  // namespace dauvet::api
