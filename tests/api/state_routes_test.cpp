// /v1/state, /v1/timeline and /v1/actors/{id}/activity: what the record showed at any
// moment, with "overdue" judged at that moment, and the errors of each parameter.
#include <gtest/gtest.h>

#include "support/api_fixture.hpp"

namespace dauvet::api::test {
namespace {

class StateRoutes : public ApiTest {
 protected:
  std::string admin, verifier;
  std::uint64_t created = 0, completed = 0;

  void SetUp() override {
    ApiTest::SetUp();
    admin = issue("quan-tri", "admin", "root");
    verifier = issue("kiem-chung", "verifier", "root");
    ok("unit.create", {{"id", "root"}, {"name", "Tỉnh ủy"}, {"kind", "cap_uy"}});
    ok("unit.create", {{"id", "btc"}, {"name", "Ban Tổ chức Tỉnh ủy"}, {"kind", "ban_dang"}, {"parent", "root"}});
    ok("directive.issue", {{"issuer", "root"}, {"symbol", "26-CTr/TU"}, {"kind", "chuong_trinh"},
                           {"date", "2022-10-20"}, {"signer", "A"}, {"title", "Chương trình"}});
    created = ok("task.create", {{"issuer", "root"}, {"symbol", "26-CTr/TU"}, {"item", "I.1"}, {"content", "Nội dung"},
                                 {"lead", "btc"},
                                 {"time_frame", {{"raw", "Quý III/2023"},
                                                 {"schedule", {{"kind", "once"}, {"due", {"2023-09-30"}}}}}}});
    const nlohmann::json ref = {{"issuer", "root"}, {"symbol", "26-CTr/TU"}, {"item", "I.1"}};
    ok("task.acknowledge", ref);
    ok("task.start", ref);
    nlohmann::json done = ref;
    done["evidence"] = {{"document", {{"number", "45-BC/BTCTU"}}}, {"note", "Báo cáo kết quả"}};
    completed = ok("task.complete", done);
  }
  std::uint64_t ok(const std::string& type, const nlohmann::json& body) {
    auto r = command(type, body, admin);
    EXPECT_EQ(r.result_int(), 201) << type << ": " << r.body();
    return json_of(r)["entries"][0]["index"].get<std::uint64_t>();
  }
  const std::string task = "task/root/26-CTr%2FTU/I.1";
};

TEST_F(StateRoutes, ATaskAsOfEachMomentAndItsOverdueJudgement) {
  auto now = call(http::verb::get, "/v1/state?stream=" + task, admin);
  ASSERT_EQ(now.result_int(), 200) << now.body();
  auto j = json_of(now);
  EXPECT_EQ(j["state"]["status"], "completed");
  EXPECT_EQ(j["overdue"], false) << "a completed task is not overdue";
  EXPECT_EQ(j["due"], "2023-09-30");
  EXPECT_EQ(now["X-Ledger-Index"], std::to_string(ledger_size() - 1));

  auto then = call(http::verb::get, "/v1/state?stream=" + task + "&as_of=" + std::to_string(created), admin);
  ASSERT_EQ(then.result_int(), 200) << then.body();
  j = json_of(then);
  EXPECT_EQ(j["index"], created);
  EXPECT_EQ(j["state"]["status"], "assigned");
  EXPECT_EQ(j["overdue"], true) << "recorded now (after 30/09/2023) and not completed at that index";
  EXPECT_EQ(then["X-Ledger-Index"], std::to_string(created));

  auto before = call(http::verb::get, "/v1/state?stream=" + task + "&as_of=" + std::to_string(created - 1), admin);
  EXPECT_EQ(before.result_int(), 404) << "the task did not exist yet";
  auto by_time = call(http::verb::get, "/v1/state?stream=" + task + "&as_of=2000-01-01T00:00:00Z", admin);
  EXPECT_EQ(by_time.result_int(), 404) << "nothing was recorded in 2000";
  auto later = call(http::verb::get, "/v1/state?stream=" + task + "&as_of=2999-01-01T00:00:00%2B07:00", admin);
  ASSERT_EQ(later.result_int(), 200) << later.body();
  EXPECT_EQ(json_of(later)["index"], ledger_size() - 1);
}

// The state answer is written out by hand (routes_state.cpp): it must stay the exact bytes
// nlohmann would write for the same fields, Vietnamese text and a '/' in the name included.
TEST_F(StateRoutes, TheStateBodyIsTheCanonicalJsonOfItsFields) {
  for (const std::string& s : {task, std::string("unit/btc")}) {
    auto r = call(http::verb::get, "/v1/state?stream=" + s, admin);
    ASSERT_EQ(r.result_int(), 200) << r.body();
    const auto j = json_of(r);
    EXPECT_EQ(r.body(), j.dump()) << "sorted keys, no spaces, as nlohmann writes them";
    EXPECT_EQ(j.contains("due"), s == task) << "only tasks are judged";
  }
  const auto unit = json_of(call(http::verb::get, "/v1/state?stream=unit/btc", admin));
  EXPECT_EQ(unit["stream"], "unit/btc");
  EXPECT_EQ(unit["state"]["name"], "Ban Tổ chức Tỉnh ủy");
  EXPECT_EQ(unit["state"]["parent"], "root");
  const auto t = json_of(call(http::verb::get, "/v1/state?stream=" + task, admin));
  EXPECT_EQ(t["stream"], "task/root/26-CTr/TU/I.1");
  EXPECT_EQ(t["version_index"], completed);
  EXPECT_EQ(t["days_overdue"], 0);
}

TEST_F(StateRoutes, TimelinesAndActivityPageWithoutGapsAndStopAtAsOf) {
  auto t = call(http::verb::get, "/v1/timeline?subject=unit/btc&limit=1", admin);
  ASSERT_EQ(t.result_int(), 200) << t.body();
  std::vector<std::uint64_t> seen;
  auto j = json_of(t);
  while (true) {
    for (const auto& item : j["items"]) seen.push_back(item["index"]);
    if (j["next_after"].is_null()) break;
    j = json_of(call(http::verb::get, "/v1/timeline?subject=unit/btc&limit=1&after=" + j["next_after"].dump(), admin));
  }
  EXPECT_EQ(seen.back(), completed);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  auto past = json_of(call(http::verb::get, "/v1/timeline?subject=unit/btc&as_of=" + std::to_string(created), admin));
  EXPECT_EQ(past["items"].back()["index"], created);
  auto act = json_of(call(http::verb::get, "/v1/actors/quan-tri/activity?limit=1000", admin));
  EXPECT_EQ(act["items"].size(), 7u);
  EXPECT_EQ(act["items"][0]["actor"]["role"], "admin");
}

TEST_F(StateRoutes, TheDashboardCountsTheSubtreeAsOfEachMoment) {
  auto now = call(http::verb::get, "/v1/units/root/dashboard", admin);
  ASSERT_EQ(now.result_int(), 200) << now.body();
  auto j = json_of(now);
  EXPECT_EQ(j["units"], nlohmann::json::array({"root", "btc"}));
  EXPECT_EQ(j["tasks"]["completed"], 1);
  EXPECT_EQ(j["completed"], 1);
  EXPECT_EQ(j["completed_on_time"], 0) << "completed now, after its 30/09/2023 due date";
  EXPECT_TRUE(j["overdue"].empty());
  auto then = json_of(call(http::verb::get, "/v1/units/root/dashboard?as_of=" + std::to_string(created), admin));
  EXPECT_EQ(then["tasks"]["assigned"], 1);
  ASSERT_EQ(then["overdue"].size(), 1u);
  EXPECT_EQ(then["overdue"][0]["lead"], "btc");
  EXPECT_EQ(call(http::verb::get, "/v1/units/nowhere/dashboard", admin).result_int(), 404);
}

TEST_F(StateRoutes, BadParametersAndVerifiersAreRefusedWithProblems) {
  EXPECT_EQ(call(http::verb::get, "/v1/state", admin).result_int(), 400);
  EXPECT_EQ(call(http::verb::get, "/v1/state?stream=" + task + "&as_of=yesterday", admin).result_int(), 400);
  EXPECT_EQ(call(http::verb::get, "/v1/state?stream=" + task + "&as_of=999999", admin).result_int(), 404);
  EXPECT_EQ(call(http::verb::get, "/v1/state?stream=task/nothing", admin).result_int(), 404);
  EXPECT_EQ(call(http::verb::get, "/v1/timeline?subject=unit/btc&limit=0", admin).result_int(), 400);
  EXPECT_EQ(call(http::verb::get, "/v1/timeline", admin).result_int(), 400);
  EXPECT_EQ(call(http::verb::get, "/v1/state?stream=" + task, verifier).result_int(), 403);
  EXPECT_EQ(call(http::verb::get, "/v1/state?stream=" + task, "").result_int(), 401);
}

}  // namespace
}  // namespace dauvet::api::test
