// POST /v1/commands/{type} through handle(): success, each kind of refusal, and that every
// refusal writes nothing.
#include <thread>

#include "core/entry.hpp"
#include "support/api_fixture.hpp"

namespace dauvet::api {
namespace {

class CommandRoutes : public test::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = issue("admin", "admin", "root");
    auto r = command("unit.create", {{"id", "root"}, {"name", "Tỉnh ủy"}, {"kind", "cap_uy"}}, admin_);
    ASSERT_EQ(r.result(), http::status::created) << r.body();
    r = command("unit.create", {{"id", "xa"}, {"name", "Xã A"}, {"kind", "ubnd"}, {"parent", "root"}}, admin_);
    ASSERT_EQ(r.result(), http::status::created) << r.body();
  }

  Entry entry_at(std::uint64_t index) {
    auto snap = ledger_->read();
    auto bytes = snap->view().entry_bytes(index);
    return *entry::decode(**bytes);
  }

  std::string admin_;
};

TEST_F(CommandRoutes, CreatesWithTheTokensActorAndAnswersIndexVersionAndETag) {
  const auto before = ledger_size();
  auto r = command("unit.create", {{"id", "xb"}, {"name", "Xã B"}, {"kind", "ubnd"}, {"parent", "root"}}, admin_);
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  const auto body = json_of(r);
  EXPECT_FALSE(body["duplicate"].get<bool>());
  ASSERT_EQ(body["entries"].size(), 1u);
  EXPECT_EQ(body["entries"][0]["index"], before);
  EXPECT_EQ(body["entries"][0]["stream"], "unit/xb");
  EXPECT_EQ(body["entries"][0]["version"], 1);
  EXPECT_TRUE(body["entries"][0].contains("recorded_at"));
  EXPECT_EQ(r[http::field::etag], "\"1\"");
  EXPECT_EQ(r["X-Ledger-Index"], std::to_string(before));
  EXPECT_EQ(r["X-Dauvet-Actor"], "admin");
  EXPECT_EQ(entry_at(before).actor, (Actor{"admin", "root", "admin"}));
}

TEST_F(CommandRoutes, AnActorInTheBodyIsRefusedNotUsed) {
  const auto before = ledger_size();
  auto r = command("unit.create",
                   {{"id", "xb"}, {"name", "Xã B"}, {"kind", "ubnd"}, {"parent", "root"}, {"actor", "someone"}}, admin_);
  EXPECT_EQ(r.result(), http::status::bad_request) << r.body();
  EXPECT_EQ(ledger_size(), before);
}

TEST_F(CommandRoutes, MalformedRequestsAre400ProblemsNamingTheField) {
  const auto before = ledger_size();
  auto r = call(http::verb::post, "/v1/commands/unit.create", admin_, "{not json");
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(problem_type(r), "urn:dauvet:problem:malformed_json");
  EXPECT_EQ(r[http::field::content_type], "application/problem+json");
  r = call(http::verb::post, "/v1/commands/unit.create", admin_, "[1,2]");
  EXPECT_EQ(r.result(), http::status::bad_request);
  r = call(http::verb::post, "/v1/commands/unit.create", admin_, "{\"id\":\"\xff\xfe\"}");
  EXPECT_EQ(r.result(), http::status::bad_request) << "non-UTF-8";
  r = command("unit.create", {{"id", "xb"}, {"kind", "ubnd"}}, admin_);
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(json_of(r)["field"], "name") << r.body();
  r = command("unit.create", {{"id", "xb"}, {"name", "B"}, {"kind", 7}}, admin_);
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(json_of(r)["field"], "kind") << r.body();
  r = command("unit.create", {{"id", "xb"}, {"name", "B"}, {"kind", "ubnd"}}, admin_, {{"If-Match", "\"abc\""}});
  EXPECT_EQ(r.result(), http::status::bad_request);
  EXPECT_EQ(json_of(r)["field"], "If-Match");
  r = command("no.such", nlohmann::json::object(), admin_);
  EXPECT_EQ(r.result(), http::status::not_found);
  EXPECT_EQ(problem_type(r), "urn:dauvet:problem:unknown_command");
  EXPECT_EQ(r["X-Dauvet-Actor"], "admin");
  EXPECT_EQ(ledger_size(), before);
}

TEST_F(CommandRoutes, DomainErrorsMapToStableStatuses) {
  const auto before = ledger_size();
  auto r = command("unit.rename", {{"id", "nowhere"}, {"name", "X"}}, admin_);
  EXPECT_EQ(r.result(), http::status::not_found) << r.body();
  EXPECT_EQ(problem_type(r), "urn:dauvet:problem:not_found");
  r = command("unit.create", {{"id", "xa"}, {"name", "Again"}, {"kind", "ubnd"}, {"parent", "root"}}, admin_);
  EXPECT_EQ(r.result(), http::status::conflict) << r.body();
  // root still has xa under it: dissolving it without a successor is refused by its state.
  r = command("unit.dissolve", {{"id", "root"}, {"effective", "2026-01-01"}, {"reason", "test"}}, admin_);
  EXPECT_EQ(r.result(), http::status::unprocessable_entity) << r.body();
  EXPECT_EQ(problem_type(r), "urn:dauvet:problem:invalid_state");
  EXPECT_EQ(ledger_size(), before);
}

TEST_F(CommandRoutes, IfMatchMismatchIs409WithTheCurrentVersion) {
  const auto before = ledger_size();
  auto r = command("unit.rename", {{"id", "xa"}, {"name", "Xã A mới"}}, admin_, {{"If-Match", "\"5\""}});
  ASSERT_EQ(r.result(), http::status::conflict) << r.body();
  const auto body = json_of(r);
  EXPECT_EQ(body["type"], "urn:dauvet:problem:version_conflict");
  EXPECT_EQ(body["current_version"], 1);
  EXPECT_EQ(body["stream"], "unit/xa");
  EXPECT_EQ(r[http::field::etag], "\"1\"");
  EXPECT_EQ(ledger_size(), before);
  r = command("unit.rename", {{"id", "xa"}, {"name", "Xã A mới"}}, admin_, {{"If-Match", "\"1\""}});
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  EXPECT_EQ(r[http::field::etag], "\"2\"");
}

TEST_F(CommandRoutes, IdempotencyKeyMakesRetriesSafeAndRefusesReuse) {
  const nlohmann::json body{{"id", "xb"}, {"name", "Xã B"}, {"kind", "ubnd"}, {"parent", "root"}};
  auto first = command("unit.create", body, admin_, {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(first.result(), http::status::created) << first.body();
  const auto size = ledger_size();
  auto again = command("unit.create", body, admin_, {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(again.result(), http::status::created) << again.body();
  EXPECT_TRUE(json_of(again)["duplicate"].get<bool>());
  EXPECT_EQ(ledger_size(), size);
  auto other = body;
  other["name"] = "Xã C";
  auto reuse = command("unit.create", other, admin_, {{"Idempotency-Key", "k-1"}});
  EXPECT_EQ(reuse.result(), http::status::conflict) << reuse.body();
  EXPECT_EQ(ledger_size(), size);
}

TEST_F(CommandRoutes, EveryRoleAllowedOrDeniedAndDenialsWriteNothing) {
  const nlohmann::json unit{{"id", "xc"}, {"name", "Xã C"}, {"kind", "ubnd"}, {"parent", "root"}};
  const nlohmann::json person{{"id", "p1"}, {"name", "Nguyễn Văn A"}, {"unit", "xa"}};
  struct Case {
    std::string role;
    bool passes_route;  // the route lets the role write at all
  };
  for (const Case& c : {Case{"issuer", true}, Case{"clerk", true}, Case{"inspector", true}, Case{"oversight", false},
                        Case{"verifier", false}}) {
    SCOPED_TRACE(c.role);
    const std::string token = issue("u-" + c.role, c.role, "xa");
    const auto before = ledger_size();
    // unit.create is for admins only: every other role is refused, by the route or by decide.
    auto r = command("unit.create", unit, token);
    EXPECT_EQ(r.result(), http::status::forbidden) << r.body();
    EXPECT_EQ(problem_type(r), "urn:dauvet:problem:forbidden");
    const std::string detail = json_of(r)["detail"];
    EXPECT_EQ(detail.find("never writes") != std::string::npos, !c.passes_route) << detail;
    EXPECT_EQ(r["X-Dauvet-Actor"], "u-" + c.role);
    EXPECT_EQ(ledger_size(), before);
  }
  // A non-admin writer role doing what it may: an inspector registers a person.
  const std::string inspector = issue("insp", "inspector", "xa");
  auto r = command("person.register", person, inspector);
  EXPECT_EQ(r.result(), http::status::created) << r.body();
  auto admin_writes = command("unit.create", unit, admin_);
  EXPECT_EQ(admin_writes.result(), http::status::created) << admin_writes.body();
}

TEST_F(CommandRoutes, MissingUnknownAndRevokedTokensAre401) {
  const auto before = ledger_size();
  const nlohmann::json unit{{"id", "xc"}, {"name", "Xã C"}, {"kind", "ubnd"}, {"parent", "root"}};
  auto r = command("unit.create", unit, "");
  EXPECT_EQ(r.result(), http::status::unauthorized);
  r = command("unit.create", unit, "dvt_" + std::string(43, 'A'));
  EXPECT_EQ(r.result(), http::status::unauthorized);
  r = command("unit.create", unit, "not-a-token");
  EXPECT_EQ(r.result(), http::status::unauthorized);
  EXPECT_EQ(ledger_size(), before);
}

TEST_F(CommandRoutes, ConcurrentIfMatchWritersExactlyOneWins) {
  constexpr int kWriters = 16;
  std::vector<std::thread> threads;
  std::vector<http::status> results(kWriters);
  std::atomic<bool> go{false};
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      results[i] = command("unit.rename", {{"id", "xa"}, {"name", "Tên " + std::to_string(i)}}, admin_,
                           {{"If-Match", "\"1\""}})
                       .result();
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(results.begin(), results.end(), http::status::created), 1);
  EXPECT_EQ(std::count(results.begin(), results.end(), http::status::conflict), kWriters - 1);
  auto snap = ledger_->read();
  EXPECT_EQ(*snap->view().stream_version("unit/xa"), 2u);
}

}  // namespace
}  // namespace dauvet::api
