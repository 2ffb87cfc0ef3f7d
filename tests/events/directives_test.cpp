// Directives and their chain, and the actor register that makes tokens revocable.
#include "domain_fixture.hpp"

namespace dauvet::events::testing {
namespace {

class Directives : public DomainTest {
 protected:
  void SetUp() override { seed_units(); }
};

// Seed 000: 252/UBND-NC implements 28-CTr/TU, which implements 07-KH/TW and 21-NQ/TW.
TEST_F(Directives, TheChainFromTheCentralResolutionToTheProvincialDispatch) {
  at("2023-02-13");
  directive(kAdmin, "tw", "21-NQ/TW", "nghi_quyet", "2022-06-16");
  directive(kAdmin, "bct", "07-KH/TW", "ke_hoach", "2022-08-17", json::array({{{"issuer", "tw"}, {"symbol", "21-NQ/TW"}}}));
  const Actor issuer_hy{"vp-tu-hy", "tinh-uy-hy", "issuer"};
  directive(issuer_hy, "tinh-uy-hy", "28-CTr/TU", "chuong_trinh", "2022-11-03",
            json::array({{{"issuer", "bct"}, {"symbol", "07-KH/TW"}}, {{"issuer", "tw"}, {"symbol", "21-NQ/TW"}}}));
  const auto e = ok(kIssuerHy, "directive.issue",
                    {{"issuer", "ubnd-hy"}, {"symbol", "252/UBND-NC"}, {"kind", "cong_van"}, {"date", "2023-02-13"},
                     {"signer", "Nguyễn Lê Huy"}, {"signer_title", "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH THƯỜNG TRỰC"},
                     {"title", "V/v triển khai thực hiện Chương trình hành động số 28-CTr/TU của Ban Thường vụ Tỉnh ủy"},
                     {"based_on", {{{"issuer", "tinh-uy-hy"}, {"symbol", "28-CTr/TU"}}}},
                     {"cites", {"Nghị định số 98/2014/NĐ-CP ngày 24/10/2014 của Chính phủ"}},
                     {"document_sha256", std::string(64, 'e')}});
  EXPECT_EQ(e[0].stream, "directive/ubnd-hy/252/UBND-NC");
  EXPECT_EQ(e[0].version, 1u);

  // Walk the chain back from the dispatch to the resolution.
  std::vector<std::string> chain;
  auto d = world.directive("ubnd-hy", "252/UBND-NC");
  while (d) {
    chain.push_back(d->symbol);
    d = d->based_on.empty() ? std::nullopt : world.directive(d->based_on.front().issuer, d->based_on.front().symbol);
  }
  EXPECT_EQ(chain, (std::vector<std::string>{"252/UBND-NC", "28-CTr/TU", "07-KH/TW", "21-NQ/TW"}));
  EXPECT_EQ(world.directive("ubnd-hy", "252/UBND-NC")->signer_title, "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH THƯỜNG TRỰC");
}

TEST_F(Directives, SymbolsAreUniquePerIssuerAsWrittenOrSpaced) {
  at("2024-02-05");
  const Actor issuer{"bcd", "tinh-uy", "issuer"};
  directive(issuer, "tinh-uy", "01 - KH/BCĐ", "ke_hoach", "2024-02-05");
  EXPECT_EQ(world.directive("tinh-uy", "01-KH/BCĐ")->symbol, "01 - KH/BCĐ") << "kept as written";
  json body = {{"issuer", "tinh-uy"}, {"symbol", "01-KH/BCĐ"}, {"kind", "ke_hoach"}, {"date", "2024-02-05"},
               {"signer", "Phạm Văn Khuê"}, {"title", "Kế hoạch"}};
  auto e = refused(issuer, "directive.issue", body);
  EXPECT_EQ(e.code, Errc::conflict);
  EXPECT_EQ(e.field, "symbol");
  body["issuer"] = "btc-tu";  // another issuer may use the same symbol
  ok(issuer, "directive.issue", body);
}

TEST_F(Directives, WhatADirectiveMayNotBe) {
  at("2024-02-05");
  json body = {{"issuer", "tinh-uy"}, {"symbol", "02-KH/TU"}, {"kind", "ke_hoach"}, {"date", "2024-02-06"},
               {"signer", "A"}, {"title", "Kế hoạch"}};
  EXPECT_EQ(refused(kIssuer, "directive.issue", body).field, "date") << "issued tomorrow";
  body["date"] = "2024-02-05";
  body["kind"] = "ke hoach";
  EXPECT_EQ(refused(kIssuer, "directive.issue", body).field, "kind");
  body["kind"] = "ke_hoach";
  body["symbol"] = "Kế hoạch số 2";
  EXPECT_EQ(refused(kIssuer, "directive.issue", body).field, "symbol");
  body["symbol"] = "02-KH/TU";
  body["based_on"] = {{{"issuer", "tw"}, {"symbol", "99-NQ/TW"}}};
  EXPECT_EQ(refused(kIssuer, "directive.issue", body).field, "based_on[0]");
  body["based_on"] = {{{"issuer", "tinh-uy"}, {"symbol", "02 - KH/TU"}}};
  EXPECT_EQ(refused(kIssuer, "directive.issue", body).field, "based_on[0]");
  body.erase("based_on");
  EXPECT_EQ(refused(kIssuerHy, "directive.issue", body).code, Errc::forbidden);
  EXPECT_EQ(refused(kClerkBtc, "directive.issue", body).code, Errc::forbidden);
  ok(kIssuer, "directive.issue", body);
  directive(kIssuer, "tinh-uy", "01-NQ/TU", "nghi_quyet", "2024-02-05");
  body["symbol"] = "03-KH/TU";
  body["date"] = "2024-01-01";
  body["based_on"] = {{{"issuer", "tinh-uy"}, {"symbol", "01-NQ/TU"}}};
  EXPECT_EQ(refused(kIssuer, "directive.issue", body).field, "based_on[0]") << "implements a later directive";
}

TEST_F(Directives, TheRegisterRevokesTokens) {
  const Actor clerk{"nv-1", "btc-tu", "clerk"};
  at("2024-02-05");
  ok(kAdmin, "actor.register", {{"id", "nv-1"}, {"unit", "btc-tu"}, {"role", "clerk"}, {"name", "Nguyễn Thị C"}});
  EXPECT_EQ(refused(kAdmin, "actor.register", {{"id", "nv-1"}, {"unit", "btc-tu"}, {"role", "clerk"}}).code,
            Errc::conflict);
  directive(kIssuer, "tinh-uy", "26-CTr/TU", "chuong_trinh", "2022-10-20");
  task("I.1", "btc-tu", "Thực hiện thường xuyên", nullptr);
  ok(clerk, "task.acknowledge", ref("I.1"));
  ok(kAdmin, "actor.change_role", {{"id", "nv-1"}, {"role", "issuer"}, {"reason", "Bổ nhiệm"}});
  auto e = refused(clerk, "task.start", ref("I.1"));
  EXPECT_EQ(e.code, Errc::forbidden);
  EXPECT_NE(e.message.find("ask for a new token"), std::string::npos) << e.message;
  const Actor promoted{"nv-1", "btc-tu", "issuer"};
  ok(kAdmin, "actor.deactivate", {{"id", "nv-1"}, {"reason", "Nghỉ hưu"}});
  e = refused(promoted, "directive.issue",
              {{"issuer", "btc-tu"}, {"symbol", "1-CV/BTC"}, {"kind", "cong_van"}, {"date", "2024-02-05"},
               {"signer", "A"}, {"title", "B"}});
  EXPECT_NE(e.message.find("deactivated"), std::string::npos) << e.message;
  EXPECT_EQ(refused(kAdmin, "actor.deactivate", {{"id", "nv-1"}, {"reason", "x"}}).code, Errc::invalid_state);
  EXPECT_EQ(refused(kAdmin, "actor.deactivate", {{"id", "khong-co"}, {"reason", "x"}}).code, Errc::not_found);
  EXPECT_EQ(refused(kAdmin, "actor.register", {{"id", "nv-2"}, {"unit", "btc-tu"}, {"role", "editor"}}).field, "role");
}

TEST_F(Directives, ActorsOfUnknownOrClosedUnitsCannotWrite) {
  const Actor stray{"x", "khong-co", "issuer"};
  const auto e = refused(stray, "directive.issue",
                         {{"issuer", "tinh-uy"}, {"symbol", "1-CV/TU"}, {"kind", "cong_van"}, {"date", "2022-10-01"},
                          {"signer", "A"}, {"title", "B"}});
  EXPECT_EQ(e.code, Errc::forbidden);
  EXPECT_NE(e.message.find("not in the ledger"), std::string::npos) << e.message;
  const Actor made_up{"x", "tinh-uy", "editor"};
  EXPECT_EQ(refused(made_up, "unit.rename", {{"id", "btc-tu"}, {"name", "X"}}).code, Errc::forbidden);
}

}  // namespace
}  // namespace dauvet::events::testing
