// Who is asking: bearer tokens resolved to the actor they were issued to.
//
// The token itself is never stored: `dauvet token create` (or POST /v1/tokens) records a
// token.issued entry holding its SHA-256, the actor id, unit and role; token.revoked
// entries withdraw one. The server keeps the map SHA-256 -> principal in step with the
// ledger through a WriteHook, so a revocation takes effect with the commit that records it.
// The presented token is hashed and looked up; the stored and computed hashes are compared
// in constant time.
//
// Access levels of a route (router.hpp):
//   verifier  any valid token: ledger proofs, checkpoints and leaf hashes
//   reader    every role but verifier: views, entries with payloads, the feed
//   writer    admin, issuer, clerk, inspector (decide() still checks the rest)
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "events/model.hpp"

namespace dauvet::api {

enum class Access { verifier, reader, writer };

struct Principal {
  events::Actor actor;   // the only actor ever written into an entry
  std::string token_id;  // first 16 hex digits of the token's SHA-256, for logs
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Errc::unauthorized when the token is unknown, revoked or malformed.
  virtual Result<Principal> authenticate(std::string_view bearer_token) const = 0;
};

// Errc::forbidden, saying which roles the access level needs, when the role falls short.
Result<void> check_access(const Principal& who, Access access);

}  // namespace dauvet::api
