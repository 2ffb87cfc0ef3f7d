// Tokens: the store follows the ledger (issue, revoke, reopen), the API issues and revokes
// them (admins only), and the access levels of each role.
#include "support/api_fixture.hpp"

namespace dauvet::api {
namespace {

class Tokens : public test::ApiTest {};

TEST_F(Tokens, IssuedTokenAuthenticatesAsItsHolderOthersDoNot) {
  const std::string t = issue("c1", "clerk", "xa");
  auto who = tokens_->authenticate(t);
  ASSERT_TRUE(who) << who.error().to_string();
  EXPECT_EQ(who->actor, (events::Actor{"c1", "xa", "clerk"}));
  EXPECT_EQ(who->token_id, token_sha256_hex(t).substr(0, 16));
  std::string wrong = t;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(tokens_->authenticate(wrong).error().code, Errc::unauthorized);
  EXPECT_EQ(tokens_->authenticate("").error().code, Errc::unauthorized);
  EXPECT_EQ(tokens_->authenticate(t.substr(4)).error().code, Errc::unauthorized);
  EXPECT_EQ(tokens_->authenticate(t + "A").error().code, Errc::unauthorized);
}

TEST_F(Tokens, GeneratedTokensAreDistinctAndWellFormed) {
  auto a = generate_token();
  auto b = generate_token();
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->token, b->token);
  EXPECT_EQ(a->token.substr(0, 4), "dvt_");
  EXPECT_EQ(a->token.size(), 47u);
  EXPECT_EQ(a->sha256, token_sha256_hex(a->token));
  EXPECT_EQ(a->sha256.size(), 64u);
}

TEST_F(Tokens, RevocationTakesEffectWithItsCommit) {
  const std::string t = issue("c1", "clerk", "xa");
  ASSERT_TRUE(tokens_->authenticate(t));
  auto req = token_revoked_request(token_sha256_hex(t));
  ASSERT_TRUE(req);
  ASSERT_TRUE(ledger_->append(std::move(*req), Actor{"operator:test", "root", "admin"}).get());
  // No wait, no refresh: the append's completion already implies the store saw the commit.
  EXPECT_FALSE(tokens_->authenticate(t));
}

TEST_F(Tokens, ReopenReplaysIssuesAndRevocations) {
  const std::string kept = issue("c1", "clerk", "xa");
  const std::string gone = issue("c2", "clerk", "xa");
  ASSERT_TRUE(ledger_->append(*token_revoked_request(token_sha256_hex(gone)), Actor{"op", "root", "admin"}).get());
  close();
  open();
  EXPECT_TRUE(tokens_->authenticate(kept));
  EXPECT_FALSE(tokens_->authenticate(gone));
  EXPECT_EQ(tokens_->size(), 1u);
}

TEST_F(Tokens, MalformedIssueRequestsAreRefused) {
  const std::string hex(64, 'a');
  EXPECT_FALSE(token_issued_request("ABC", events::Actor{"a", "root", "admin"}));
  EXPECT_FALSE(token_issued_request(hex, events::Actor{"a", "root", "king"}));
  EXPECT_FALSE(token_issued_request(hex, events::Actor{"", "root", "admin"}));
  EXPECT_FALSE(token_issued_request(hex, events::Actor{"a", "", "admin"}));
  EXPECT_TRUE(token_issued_request(hex, events::Actor{"a", "root", "admin"}));
  EXPECT_FALSE(token_revoked_request("xyz"));
}

TEST_F(Tokens, AdminIssuesAndRevokesThroughTheApi) {
  const std::string admin = issue("admin", "admin", "root");
  auto r = call(http::verb::post, "/v1/tokens", admin, R"({"actor":"c1","unit":"xa","role":"clerk","note":"test"})");
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  const auto body = json_of(r);
  const std::string token = body["token"];
  EXPECT_EQ(body["sha256"], token_sha256_hex(token));
  EXPECT_EQ(r[http::field::cache_control], "no-store");
  EXPECT_EQ(r["X-Dauvet-Actor"], "admin");
  // Known at once: authenticated, though the feed is outside a commune clerk's scope.
  auto as_clerk = call(http::verb::get, "/v1/events", token);
  EXPECT_EQ(as_clerk.result(), http::status::forbidden) << as_clerk.body();

  auto del = call(http::verb::delete_, "/v1/tokens/" + body["sha256"].get<std::string>(), admin);
  ASSERT_EQ(del.result(), http::status::ok) << del.body();
  EXPECT_TRUE(json_of(del)["revoked"].get<bool>());
  // The very next request with it is refused.
  auto after = call(http::verb::get, "/v1/events", token);
  EXPECT_EQ(after.result(), http::status::unauthorized) << after.body();
  EXPECT_EQ(problem_type(after), "urn:dauvet:problem:unauthorized");

  auto again = call(http::verb::delete_, "/v1/tokens/" + body["sha256"].get<std::string>(), admin);
  EXPECT_EQ(again.result(), http::status::not_found);
  auto bad = call(http::verb::delete_, "/v1/tokens/XYZ", admin);
  EXPECT_EQ(bad.result(), http::status::bad_request);
  EXPECT_EQ(json_of(bad)["field"], "sha256");
}

TEST_F(Tokens, IssuingRefusesNonAdminsAndBadBodiesWritingNothing) {
  const std::string admin = issue("admin", "admin", "root");
  const std::string issuer = issue("i1", "issuer", "root");
  const std::string oversight = issue("o1", "oversight", "root");
  const auto before = ledger_size();
  const std::string body = R"({"actor":"c1","unit":"xa","role":"clerk"})";
  EXPECT_EQ(call(http::verb::post, "/v1/tokens", issuer, body).result(), http::status::forbidden);
  EXPECT_EQ(call(http::verb::post, "/v1/tokens", oversight, body).result(), http::status::forbidden);
  EXPECT_EQ(call(http::verb::post, "/v1/tokens", "", body).result(), http::status::unauthorized);
  auto r = call(http::verb::post, "/v1/tokens", admin, R"({"actor":"c1","unit":"xa","role":"king"})");
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(json_of(r)["field"], "role");
  r = call(http::verb::post, "/v1/tokens", admin, R"({"actor":"c1","unit":"xa","role":"clerk","extra":"x"})");
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(json_of(r)["field"], "extra");
  r = call(http::verb::post, "/v1/tokens", admin, "nope");
  EXPECT_EQ(r.result(), http::status::bad_request);
  const std::string victim = token_sha256_hex(admin);
  EXPECT_EQ(call(http::verb::delete_, "/v1/tokens/" + victim, issuer).result(), http::status::forbidden);
  EXPECT_EQ(ledger_size(), before);
  EXPECT_TRUE(tokens_->authenticate(admin));
}

TEST(CheckAccess, EachRoleAgainstEachLevel) {
  struct Row {
    std::string role;
    bool verifier, reader, writer;
  };
  for (const Row& row : {Row{"admin", true, true, true}, Row{"issuer", true, true, true}, Row{"clerk", true, true, true},
                         Row{"inspector", true, true, true}, Row{"oversight", true, true, false},
                         Row{"verifier", true, false, false}, Row{"king", false, false, false}}) {
    SCOPED_TRACE(row.role);
    const Principal p{events::Actor{"a", "root", row.role}, "x"};
    EXPECT_EQ(check_access(p, Access::verifier).has_value(), row.verifier);
    EXPECT_EQ(check_access(p, Access::reader).has_value(), row.reader);
    EXPECT_EQ(check_access(p, Access::writer).has_value(), row.writer);
    if (!row.writer) {
      EXPECT_EQ(check_access(p, Access::writer).error().code, Errc::forbidden);
    }
  }
}

}  // namespace
}  // namespace dauvet::api

namespace dauvet::api {
namespace {

// The hook alone: a change becomes visible only when its batch committed.
TEST_F(Tokens, PendingChangesShowOnlyAfterACommittedBatch) {
  TokenStore store;
  auto txn = lmdb::Txn::begin_read(ledger_->env());
  ASSERT_TRUE(txn);
  auto t = generate_token();
  ASSERT_TRUE(t);
  auto req = token_issued_request(t->sha256, events::Actor{"c1", "xa", "clerk"});
  ASSERT_TRUE(req);
  Entry e;
  e.stream = std::string(kTokenStream);
  e.type = std::string(kTokenIssued);

  store.begin_batch();
  ASSERT_TRUE(store.on_entry(*txn, e, req->payload.bytes()));
  EXPECT_FALSE(store.authenticate(t->token)) << "visible before the commit";
  store.end_batch(false, 0);
  EXPECT_FALSE(store.authenticate(t->token)) << "an abandoned batch granted a token";

  store.begin_batch();
  ASSERT_TRUE(store.on_entry(*txn, e, req->payload.bytes()));
  store.end_batch(true, 1);
  EXPECT_TRUE(store.authenticate(t->token));

  // Entries on other streams, or of other types on this one, change nothing.
  Entry other = e;
  other.stream = "unit/x";
  auto revoke = token_revoked_request(t->sha256);
  store.begin_batch();
  ASSERT_TRUE(store.on_entry(*txn, other, revoke->payload.bytes()));
  other = e;
  other.type = "token.something";
  ASSERT_TRUE(store.on_entry(*txn, other, revoke->payload.bytes()));
  store.end_batch(true, 3);
  EXPECT_TRUE(store.authenticate(t->token));
}

}  // namespace
}  // namespace dauvet::api
