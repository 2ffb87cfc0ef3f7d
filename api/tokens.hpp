// Bearer tokens kept in step with the ledger.
//
//   token   "dvt_" + base64url(32 random bytes, no padding)      shown once, never stored
//   stream  "tokens"
//     token.issued   {"sha256":"<hex of SHA-256(token)>","actor":ID,"unit":U,"role":R,"note"?}
//     token.revoked  {"sha256":"<hex>"}
//
// TokenStore is a WriteHook so the server learns of a token or a revocation in the same
// commit that records it, whoever wrote it (this server, or `dauvet token` on a stopped
// one, replayed by open()). Changes seen in on_entry stay pending until end_batch says the
// batch committed: a token from an abandoned batch must never authenticate.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/auth.hpp"
#include "core/ledger.hpp"

namespace dauvet::api {

inline constexpr std::string_view kTokenStream = "tokens";
inline constexpr std::string_view kTokenIssued = "token.issued";
inline constexpr std::string_view kTokenRevoked = "token.revoked";

struct NewToken {
  std::string token;   // give to the holder once
  std::string sha256;  // lowercase hex, what the ledger records
};

// 32 bytes from RAND_bytes; Errc::internal if the generator fails.
Result<NewToken> generate_token();
std::string token_sha256_hex(std::string_view token);

// The entries that record an issue or a revocation; the role must be a role of the system.
Result<AppendRequest> token_issued_request(std::string_view sha256_hex, const events::Actor& holder,
                                           std::string_view note = {});
Result<AppendRequest> token_revoked_request(std::string_view sha256_hex);

class TokenStore final : public Authenticator, public WriteHook {
 public:
  Result<void> open(lmdb::Txn& txn, const Dbs& dbs) override;
  void begin_batch() override;
  Result<void> on_entry(lmdb::Txn& txn, const Entry& entry, std::string_view payload) override;
  void end_batch(bool committed, std::uint64_t size) override;

  Result<Principal> authenticate(std::string_view bearer_token) const override;

  // Whether a committed, unrevoked token has this hash.
  bool active(const crypto::Hash& sha256) const;
  std::size_t size() const;

 private:
  struct Change {
    crypto::Hash sha256{};
    std::optional<events::Actor> holder;  // nullopt: revoked
  };
  static std::optional<Change> parse_change(std::string_view type, std::string_view payload);
  void apply_locked(const Change& change);

  mutable std::mutex mu_;
  std::map<crypto::Hash, events::Actor> tokens_;  // under mu_
  std::vector<Change> pending_;                   // writer thread only
};

}  // namespace dauvet::api
