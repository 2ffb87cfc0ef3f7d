// The inspection views: report compliance per obliged unit, indicator progress against
// the target, and the dashboard's report counts — each as of a moment, judged then.
#include <gtest/gtest.h>

#include "events/judgement.hpp"
#include "support/api_fixture.hpp"

namespace dauvet::api::test {
namespace {

class ViewRoutes : public ApiTest {
 protected:
  std::string admin;
  std::uint64_t requested = 0, submitted = 0, returned = 0;

  void SetUp() override {
    ApiTest::SetUp();
    admin = issue("quan-tri", "admin", "root");
    ok("unit.create", {{"id", "root"}, {"name", "Tỉnh ủy"}, {"kind", "cap_uy"}});
    ok("unit.create", {{"id", "btc"}, {"name", "Ban Tổ chức Tỉnh ủy"}, {"kind", "ban_dang"}, {"parent", "root"}});
    ok("unit.create", {{"id", "vp"}, {"name", "Văn phòng Tỉnh ủy"}, {"kind", "ban_dang"}, {"parent", "root"}});
    // Due long ago: whatever comes now is late, and silence is missing.
    requested = ok("report.request", request("so-ket-2023", "2023-H1", "2023-06-15"));
    submitted = ok("report.submit", {{"id", "so-ket-2023"}, {"unit", "btc"}, {"number", "112-BC/BTCTU"}, {"signer", "A"}});
    returned = ok("report.return", {{"id", "so-ket-2023"}, {"unit", "btc"}, {"reason", "Thiếu số liệu"}});
    ok("report.submit", {{"id", "so-ket-2023"}, {"unit", "btc"}, {"number", "118-BC/BTCTU"}, {"signer", "A"}});
    // Due far ahead: a submission now is on time, and silence is not yet due.
    ok("report.request", request("tong-ket-2099", "2099", "2099-12-31", "tong_ket_nam"));
    ok("report.submit", {{"id", "tong-ket-2099"}, {"unit", "vp"}, {"number", "5-BC/VPTU"}, {"signer", "B"}});
    ok("indicator.define", {{"id", "tcsd-tot"}, {"issuer", "root"}, {"title", "Trên 90% TCCSĐ hoàn thành tốt"},
                            {"unit_of_measure", "%"}, {"comparator", ">"}, {"target", {{"value", 9000}, {"scale", 100}}},
                            {"period", "2023-2025"}, {"recurrence", "annual"}, {"scope_units", {"btc", "vp"}}});
    ok("indicator.report_value", {{"id", "tcsd-tot"}, {"unit", "btc"}, {"period", "2023"},
                                  {"value", {{"numerator", 410}, {"denominator", 533}}}});
    ok("indicator.report_value", {{"id", "tcsd-tot"}, {"unit", "btc"}, {"period", "2024"},
                                  {"value", {{"numerator", 500}, {"denominator", 533}}}});
  }
  static nlohmann::json request(const std::string& id, const std::string& period, const std::string& due,
                                const std::string& kind = "so_ket_6_thang") {
    return {{"id", id}, {"kind", kind}, {"title", "Báo cáo " + id}, {"period", period}, {"due", due},
            {"issuer", "root"}, {"to", "root"}, {"from", {"btc", "vp"}}};
  }
  std::uint64_t ok(const std::string& type, const nlohmann::json& body) {
    auto r = command(type, body, admin);
    EXPECT_EQ(r.result_int(), 201) << type << ": " << r.body();
    return json_of(r)["entries"][0]["index"].get<std::uint64_t>();
  }
  nlohmann::json get(const std::string& target) {
    auto r = call(http::verb::get, target, admin);
    EXPECT_EQ(r.result_int(), 200) << target << ": " << r.body();
    return json_of(r);
  }
  static const nlohmann::json& unit(const nlohmann::json& view, const std::string& id) {
    for (const auto& u : view["units"])
      if (u["unit"] == id) return u;
    static const nlohmann::json none;
    return none;
  }
};

TEST_F(ViewRoutes, ReportComplianceNamesEachUnitLateMissingOrOnTimeAtEachMoment) {
  auto j = get("/v1/reports/so-ket-2023/compliance");
  const auto& btc = unit(j, "btc");
  EXPECT_EQ(btc["status"], "submitted");
  EXPECT_EQ(btc["timeliness"], "late");
  EXPECT_EQ(btc["submissions"], 2);
  EXPECT_EQ(btc["returns"], 1);
  EXPECT_EQ(btc["number"], "118-BC/BTCTU");
  EXPECT_EQ(btc["days_late"], events::days_between("2023-06-15", btc["first_submitted"].get<std::string>()));
  EXPECT_GT(btc["days_late"].get<std::int64_t>(), 365);
  EXPECT_EQ(unit(j, "vp")["timeliness"], "missing");
  EXPECT_EQ(j["counts"]["late"], 1);
  EXPECT_EQ(j["counts"]["missing"], 1);

  auto at_return = get("/v1/reports/so-ket-2023/compliance?as_of=" + std::to_string(returned));
  EXPECT_EQ(unit(at_return, "btc")["status"], "returned");
  EXPECT_EQ(unit(at_return, "btc")["timeliness"], "late") << "the first submission decides";
  EXPECT_EQ(at_return["counts"]["returned"], 1);
  EXPECT_EQ(at_return["index"], returned);
  auto at_request = get("/v1/reports/so-ket-2023/compliance?as_of=" + std::to_string(requested));
  EXPECT_EQ(unit(at_request, "btc")["timeliness"], "missing");
  EXPECT_EQ(unit(at_request, "btc")["submissions"], 0);

  auto ahead = get("/v1/reports/tong-ket-2099/compliance");
  EXPECT_EQ(unit(ahead, "vp")["timeliness"], "on_time");
  EXPECT_EQ(unit(ahead, "vp")["days_late"], 0);
  EXPECT_EQ(unit(ahead, "btc")["timeliness"], "not_due");

  EXPECT_EQ(call(http::verb::get, "/v1/reports/nothing/compliance", admin).result_int(), 404);
  EXPECT_EQ(call(http::verb::get, "/v1/reports/so-ket-2023/compliance?as_of=" + std::to_string(requested - 1), admin)
                .result_int(),
            404)
      << "the request did not exist yet";
}

TEST_F(ViewRoutes, IndicatorProgressJudgesEachValueAgainstTheTarget) {
  auto j = get("/v1/indicators/tcsd-tot/progress");
  EXPECT_EQ(j["target_decimal"], "90.00");
  ASSERT_EQ(j["values"].size(), 2u);
  EXPECT_EQ(j["values"][0]["period"], "2023");
  EXPECT_EQ(j["values"][0]["decimal"], "76.92");
  EXPECT_EQ(j["values"][0]["met"], false) << "410/533 is below 'trên 90%'";
  EXPECT_EQ(j["values"][1]["decimal"], "93.81");
  EXPECT_EQ(j["values"][1]["met"], true);
  EXPECT_EQ(j["counts"]["met"], 1);
  EXPECT_EQ(j["not_reported"], nlohmann::json::array({"vp"}));
  auto before = get("/v1/indicators/tcsd-tot/progress?as_of=" + std::to_string(ledger_size() - 2));
  EXPECT_EQ(before["values"].size(), 1u) << "the 2024 value was not recorded yet";
  EXPECT_EQ(call(http::verb::get, "/v1/indicators/nothing/progress", admin).result_int(), 404);
}

TEST_F(ViewRoutes, TheDashboardCountsReportObligationsOfTheSubtree) {
  auto j = get("/v1/units/root/dashboard");
  EXPECT_EQ(j["reports"]["late"], 1);
  EXPECT_EQ(j["reports"]["missing"], 1);
  EXPECT_EQ(j["reports"]["on_time"], 1);
  EXPECT_EQ(j["reports"]["not_due"], 1);
  auto btc = get("/v1/units/btc/dashboard?as_of=" + std::to_string(submitted));
  EXPECT_EQ(btc["reports"]["late"], 1);
  EXPECT_EQ(btc["reports"]["missing"], 0);
}

// An inspection is kept under its body and under each unit it concerns; a dashboard over
// several of them counts it once.
TEST_F(ViewRoutes, TheDashboardCountsAnInspectionOfSeveralUnitsOnce) {
  ok("unit.create", {{"id", "ubkt"}, {"name", "Ủy ban Kiểm tra Tỉnh ủy"}, {"kind", "uy_ban_kiem_tra"}, {"parent", "root"}});
  const std::string inspector = issue("kiem-tra-1", "inspector", "ubkt");
  auto r = command("inspection.open",
                   {{"id", "gs-2024"}, {"kind", "giam_sat_chuyen_de"}, {"body", "ubkt"}, {"title", "Giám sát"},
                    {"scope", "s"}, {"period", {{"from", "2024-01-01"}, {"to", "2024-06-30"}}},
                    {"subjects", {{{"unit", "btc"}}, {{"unit", "vp"}}}}, {"decision", {{"number", "2-QĐ/UBKTTU"}}}},
                   inspector);
  ASSERT_EQ(r.result_int(), 201) << r.body();
  const auto opened = json_of(r)["entries"][0]["index"].get<std::uint64_t>();
  EXPECT_EQ(get("/v1/units/root/dashboard")["open_inspections"], 1) << "body, btc and vp are all in the subtree";
  EXPECT_EQ(get("/v1/units/btc/dashboard")["open_inspections"], 1);
  EXPECT_EQ(get("/v1/units/root/dashboard?as_of=" + std::to_string(opened - 1))["open_inspections"], 0);
  r = command("inspection.conclude",
              {{"id", "gs-2024"}, {"conclusion", "c"}, {"recommendations", {"r"}}, {"violations", false},
               {"document", {{"number", "9-TB/UBKTTU"}}}},
              inspector);
  ASSERT_EQ(r.result_int(), 201) << r.body();
  EXPECT_EQ(get("/v1/units/root/dashboard")["open_inspections"], 0);
  EXPECT_EQ(get("/v1/units/vp/dashboard?as_of=" + std::to_string(opened))["open_inspections"], 1);
}

TEST_F(ViewRoutes, AScopedTokenReadsItsSubtreeAndIsRefusedTheRest) {
  const std::string btc = issue("giam-sat-btc", "oversight", "btc");
  const std::string top = issue("giam-sat-tinh", "oversight", "root");
  auto status = [&](const std::string& target, const std::string& token) {
    return call(http::verb::get, target, token).result_int();
  };
  EXPECT_EQ(status("/v1/units/btc/dashboard", btc), 200);
  EXPECT_EQ(status("/v1/units/root/dashboard", btc), 403);
  EXPECT_EQ(status("/v1/units/vp/dashboard", btc), 403);
  EXPECT_EQ(status("/v1/state?stream=unit/btc", btc), 200);
  EXPECT_EQ(status("/v1/state?stream=unit/vp", btc), 403);
  EXPECT_EQ(status("/v1/reports/so-ket-2023/compliance", btc), 200) << "btc is one of the obliged units";
  EXPECT_EQ(status("/v1/timeline?subject=report/so-ket-2023", btc), 200);
  EXPECT_EQ(status("/v1/timeline?subject=unit/root", btc), 403);
  EXPECT_EQ(status("/v1/actors/quan-tri/activity", btc), 403) << "an actor of no unit in scope";
  EXPECT_EQ(status("/v1/events?after=0", btc), 403) << "the feed is the whole ledger";
  EXPECT_EQ(status("/v1/ledger/entries?start=0&end=1", btc), 403);
  auto refused = call(http::verb::get, "/v1/units/vp/dashboard", btc);
  EXPECT_EQ(refused[http::field::content_type], "application/problem+json");
  EXPECT_NE(refused.body().find("outside the scope"), std::string::npos) << refused.body();

  EXPECT_EQ(status("/v1/units/root/dashboard", top), 200) << "a root-unit token sees everything";
  EXPECT_EQ(status("/v1/events?after=0", top), 200);
  EXPECT_EQ(status("/v1/state?stream=unit/vp", top), 200);
}

}  // namespace
}  // namespace dauvet::api::test
