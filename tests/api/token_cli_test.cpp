// `dauvet token create/revoke` on a stopped server's ledger, read back by a TokenStore as
// the server would on start.
#include <gtest/gtest.h>

#include "api/tokens.hpp"
#include "support/temp_dir.hpp"
#include "tools/run.hpp"

namespace dauvet::api {
namespace {

std::unique_ptr<Ledger> open_with(const std::string& dir, std::shared_ptr<TokenStore> store) {
  auto l = Ledger::open(dir, Ledger::Options{.hooks = {std::move(store)}});
  EXPECT_TRUE(l) << l.error().to_string();
  return l ? std::move(*l) : nullptr;
}

TEST(TokenCli, CreatePrintsATokenTheServerAcceptsAndRevokeWithdrawsIt) {
  dauvet::testing::TempDir dir;
  const std::string d = dir.sub("ledger");
  ASSERT_EQ(dauvet::testing::dauvet("init " + d).code, 0);
  auto created = dauvet::testing::dauvet("token create " + d + " --actor c1 --role clerk --unit root --note 'for tests'");
  ASSERT_EQ(created.code, 0) << created.out;
  const std::string token = dauvet::testing::first_line(created.out);
  ASSERT_EQ(token.rfind("dvt_", 0), 0u) << created.out;
  {
    auto store = std::make_shared<TokenStore>();
    auto ledger = open_with(d, store);
    ASSERT_TRUE(ledger);
    auto who = store->authenticate(token);
    ASSERT_TRUE(who) << who.error().to_string();
    EXPECT_EQ(who->actor, (events::Actor{"c1", "root", "clerk"}));
    // Only the hash is in the ledger.
    auto snap = ledger->read();
    const auto size = *snap->view().size();
    for (std::uint64_t i = 0; i < size; ++i) {
      auto payload = snap->view().payload(i);
      if (*payload) {
        EXPECT_EQ(std::string(**payload).find(token), std::string::npos);
      }
    }
  }
  auto bad = dauvet::testing::dauvet("token create " + d + " --actor c2 --role king --unit root");
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(dauvet::testing::dauvet("token revoke " + d + " --sha256 " + std::string(64, 'a')).code, 1);
  EXPECT_EQ(dauvet::testing::dauvet("token revoke " + d + " --sha256 XYZ").code, 2);
  EXPECT_EQ(dauvet::testing::dauvet("token revoke " + d + " --sha256 " + token_sha256_hex(token)).code, 0);
  EXPECT_EQ(dauvet::testing::dauvet("token revoke " + d + " --sha256 " + token_sha256_hex(token)).code, 1);
  EXPECT_NE(dauvet::testing::dauvet("token frobnicate " + d).code, 0);
  auto store = std::make_shared<TokenStore>();
  auto ledger = open_with(d, store);
  ASSERT_TRUE(ledger);
  EXPECT_FALSE(store->authenticate(token));
  EXPECT_EQ(store->size(), 0u);
}

}  // namespace
}  // namespace dauvet::api
