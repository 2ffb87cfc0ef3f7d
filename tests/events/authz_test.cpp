// Every role on every command type, and every allowed role outside its scope.
#include "command_samples.hpp"

namespace dauvet::events::testing {
namespace {

const std::vector<Actor>& by_role() {
  static const std::vector<Actor> actors = {kAdmin, kIssuer, kClerkBtc, kInspector, kOversight, kVerifier};
  return actors;
}

// The same roles bound to units outside every sample's scope.
Actor outsider(const std::string& role) {
  if (role == "issuer") return kIssuerHy;
  if (role == "clerk") return kClerkBtg;
  return Actor{"tt-1", "so-noi-vu", role};
}

class Authorization : public PreparedTest {
 protected:
  void SetUp() override { prepare(); }

  Result<Events> attempt(const Actor& actor, const Sample& s) {
    auto command = decode_command(s.type, s.body);
    EXPECT_TRUE(command) << s.type << ": " << command.error().to_string();
    if (!command) return tl::unexpected(command.error());
    // decide() only reads the world, so every attempt sees the prepared state.
    return decide(Context{actor, now + 1000, world}, *command);
  }
};

TEST_F(Authorization, EveryRoleOnEveryCommandType) {
  int allowed = 0, forbidden = 0;
  const auto size_before = world.size();
  for (const auto& s : samples(prepared)) {
    for (const auto& actor : by_role()) {
      const bool may = actor.role == "admin" || s.roles.contains(actor.role);
      const auto r = attempt(actor, s);
      if (may) {
        EXPECT_TRUE(r) << actor.role << " should be able to " << s.type << ": " << r.error().to_string();
        if (r) {
          EXPECT_FALSE(r->empty()) << s.type;
        }
        ++allowed;
      } else {
        ASSERT_FALSE(r) << actor.role << " must not " << s.type;
        EXPECT_EQ(r.error().code, Errc::forbidden) << actor.role << " " << s.type << ": " << r.error().to_string();
        ++forbidden;
      }
    }
  }
  EXPECT_EQ(world.size(), size_before) << "decide never writes";
  EXPECT_EQ(allowed + forbidden, 41 * 6);
  EXPECT_EQ(allowed, 41 + 17 + 8 + 8) << "admin everything; issuer 17, clerk 8, inspector 8 command types";
}

TEST_F(Authorization, AllowedRolesOutsideTheirScopeAreRefused) {
  for (const auto& s : samples(prepared)) {
    for (const auto& role : s.roles) {
      const auto r = attempt(outsider(role), s);
      if (!s.scoped) {
        EXPECT_TRUE(r) << role << " " << s.type << ": " << r.error().to_string();
        continue;
      }
      ASSERT_FALSE(r) << role << "@" << outsider(role).unit << " must not " << s.type;
      EXPECT_EQ(r.error().code, Errc::forbidden) << s.type << ": " << r.error().to_string();
      EXPECT_NE(r.error().message.find("outside your scope"), std::string::npos) << s.type << ": " << r.error().message;
    }
  }
}

TEST_F(Authorization, OversightAndVerifierNeverWriteAndSaySo) {
  for (const auto& s : samples(prepared)) {
    auto r = attempt(kOversight, s);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("read-only"), std::string::npos) << r.error().message;
    r = attempt(kVerifier, s);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("ledger proofs"), std::string::npos) << r.error().message;
  }
  // Even an admin-bound unit or a registered actor does not lift it.
  const Actor oversight_at_root{"mttq", "tw", "oversight"};
  EXPECT_EQ(attempt(oversight_at_root, samples(prepared).front()).error().code, Errc::forbidden);
}

TEST_F(Authorization, RefusalsNameTheRolesThatMay) {
  const auto s = samples(prepared);
  const auto find = [&](const std::string& type) {
    return *std::find_if(s.begin(), s.end(), [&](const Sample& x) { return x.type == type; });
  };
  auto r = attempt(kClerkBtc, find("task.grant_extension"));
  EXPECT_EQ(r.error().message, "role 'clerk' may not task.grant_extension: only admin or issuer may (vai trò không có quyền)");
  r = attempt(kIssuer, find("unit.merge"));
  EXPECT_EQ(r.error().message, "role 'issuer' may not unit.merge: only admin may (vai trò không có quyền)");
  r = attempt(kInspector, find("task.complete"));
  EXPECT_NE(r.error().message.find("only admin or clerk"), std::string::npos);
}

// Role before existence: an actor without the role cannot probe what exists.
TEST_F(Authorization, RoleIsCheckedBeforeExistence) {
  const json missing = {{"issuer", "tinh-uy"}, {"symbol", "26-CTr/TU"}, {"item", "Z.404"}, {"reason", "r"}};
  auto c = decode_command("task.cancel", missing);
  ASSERT_TRUE(c);
  EXPECT_EQ(decide(Context{kClerkBtc, now + 1000, world}, *c).error().code, Errc::forbidden);
  EXPECT_EQ(decide(Context{kIssuer, now + 1000, world}, *c).error().code, Errc::not_found);
}

}  // namespace
}  // namespace dauvet::events::testing
