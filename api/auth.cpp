#include "api/auth.hpp"

namespace dauvet::api {

Result<void> check_access(const Principal& who, Access access) {
  const auto role = events::parse_role(who.actor.role);
  if (!role) return fail(Errc::forbidden, "role '" + who.actor.role + "' is not a role of this system");
  switch (access) {
    case Access::verifier:
      return {};
    case Access::reader:
      if (*role == events::Role::verifier)
        return fail(Errc::forbidden, "role 'verifier' reads only the ledger's proofs, checkpoints and leaf hashes");
      return {};
    case Access::writer:
      if (*role == events::Role::oversight || *role == events::Role::verifier)
        return fail(Errc::forbidden, "role '" + who.actor.role +
                                         "' never writes; writing needs admin, issuer, clerk or inspector");
      return {};
  }
  return fail(Errc::forbidden, "unknown access level");
}

}  // namespace dauvet::api
