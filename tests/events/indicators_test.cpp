// Indicators from seed 001's "Mục tiêu cụ thể": "Hằng năm có trên 90% tổ chức cơ sở đảng ...
// hoàn thành tốt nhiệm vụ trở lên"; "Tỷ lệ kết nạp đảng viên mới hằng năm ... đạt từ 3% trở lên".
#include "domain_fixture.hpp"

namespace dauvet::events::testing {
namespace {

class Indicators : public DomainTest {
 protected:
  void SetUp() override {
    seed_units();
    seed_program_26();
    ok(kIssuer, "indicator.define",
       {{"id", "tcsd-htt"}, {"issuer", "tinh-uy"},
        {"title", "Tổ chức cơ sở đảng được đánh giá, xếp loại từ hoàn thành tốt nhiệm vụ trở lên"},
        {"unit_of_measure", "%"}, {"comparator", ">"}, {"target", {{"value", 9000}, {"scale", 100}}},
        {"period", "2020-2025"}, {"recurrence", "annual"}, {"scope", "Toàn Đảng bộ tỉnh"},
        {"directive", {{"issuer", "tinh-uy"}, {"symbol", "26-CTr/TU"}}}});
    ok(kIssuer, "indicator.define",
       {{"id", "ket-nap-3pc"}, {"issuer", "tinh-uy"}, {"title", "Tỷ lệ kết nạp đảng viên mới hằng năm"},
        {"unit_of_measure", "%"}, {"comparator", ">="}, {"target", {{"value", 300}, {"scale", 100}}},
        {"period", "2020-2025"}, {"recurrence", "annual"}, {"scope_units", {"huyen-son-duong"}}});
  }
};

TEST_F(Indicators, TargetsAreIntegersWithAScale) {
  const auto i = world.indicator("tcsd-htt");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->target, (Quantity{.ratio = false, .value = 9000, .scale = 100}));
  EXPECT_EQ(i->comparator, ">");
  EXPECT_EQ(i->directive->symbol, "26-CTr/TU");
  json body = {{"id", "x"}, {"issuer", "tinh-uy"}, {"title", "x"}, {"unit_of_measure", "%"}, {"comparator", "≥"},
               {"target", {{"value", 90}}}, {"period", "2025"}, {"recurrence", "end"}};
  EXPECT_EQ(refused(kIssuer, "indicator.define", body).field, "comparator");
  body["comparator"] = ">=";
  body["target"] = {{"value", 90.5}, {"scale", 1}};
  EXPECT_EQ(refused(kIssuer, "indicator.define", body).field, "target.value");
  body["target"] = {{"value", 905}, {"scale", 7}};
  EXPECT_EQ(refused(kIssuer, "indicator.define", body).field, "target.scale");
  body["target"] = {{"value", 905}, {"numerator", 1}, {"denominator", 2}};
  EXPECT_EQ(refused(kIssuer, "indicator.define", body).field, "target");
  body["target"] = {{"numerator", 1}, {"denominator", 0}};
  EXPECT_EQ(refused(kIssuer, "indicator.define", body).field, "target.denominator");
  body["target"] = {{"numerator", 100}, {"denominator", 100}};
  ok(kIssuer, "indicator.define", body);
  EXPECT_EQ(refused(kIssuer, "indicator.define", body).code, Errc::conflict);
}

TEST_F(Indicators, ValuesComeDirectlyOrWithAReport) {
  const Actor clerk_sd{"sd-1", "huyen-son-duong", "clerk"};
  auto e = ok(clerk_sd, "indicator.report_value",
              {{"id", "tcsd-htt"}, {"unit", "huyen-son-duong"}, {"period", "2023"},
               {"value", {{"numerator", 57}, {"denominator", 60}}}});
  EXPECT_EQ(e[0].stream, "indicator/tcsd-htt");
  EXPECT_EQ(e[0].payload["value"], (json{{"numerator", 57}, {"denominator", 60}}));

  ok(kIssuer, "report.request",
     {{"id", "tk-2024"}, {"kind", "tong_ket_nam"}, {"title", "Tổng kết năm 2024"}, {"period", "2024"},
      {"due", "2024-12-31"}, {"issuer", "tinh-uy"}, {"to", "btc-tu"}, {"from", {"huyen-son-duong"}}});
  at("2024-12-20");
  e = ok(clerk_sd, "report.submit",
         {{"id", "tk-2024"}, {"unit", "huyen-son-duong"}, {"number", "120-BC/HU"}, {"signer", "Bí thư Huyện ủy"},
          {"indicator_values",
           {{{"indicator", "tcsd-htt"}, {"value", {{"value", 9310}, {"scale", 100}}}},
            {{"indicator", "ket-nap-3pc"}, {"value", {{"value", 320}, {"scale", 100}}}, {"note", "Kết nạp 412 đảng viên"}}}}});
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].type, "report.submitted");
  EXPECT_EQ(e[0].payload["indicator_values"].size(), 2u);
  EXPECT_EQ(e[1].type, "indicator.value_reported");
  EXPECT_EQ(e[1].payload["report"], "tk-2024");
  EXPECT_EQ(e[1].payload["period"], "2024");
  EXPECT_EQ(e[2].stream, "indicator/ket-nap-3pc");

  const auto i = world.indicator("tcsd-htt");
  const auto& v = i->values.at({"huyen-son-duong", "2024"});
  EXPECT_EQ(v.value, (Quantity{.ratio = false, .value = 9310, .scale = 100}));
  EXPECT_EQ(v.report, "tk-2024");

  // A restatement supersedes, and both stay recorded.
  ok(clerk_sd, "indicator.report_value",
     {{"id", "tcsd-htt"}, {"unit", "huyen-son-duong"}, {"period", "2024"}, {"value", {{"value", 9250}, {"scale", 100}}}});
  EXPECT_EQ(world.indicator("tcsd-htt")->values.at({"huyen-son-duong", "2024"}).restatements, 1u);
}

TEST_F(Indicators, ValuesStayWithinPeriodScopeAndUnit) {
  const Actor clerk_sd{"sd-1", "huyen-son-duong", "clerk"};
  json body = {{"id", "ket-nap-3pc"}, {"unit", "huyen-son-duong"}, {"period", "2026"},
               {"value", {{"value", 310}, {"scale", 100}}}};
  EXPECT_EQ(refused(clerk_sd, "indicator.report_value", body).field, "period");
  body["period"] = "2024-13";
  EXPECT_EQ(refused(clerk_sd, "indicator.report_value", body).field, "period");
  body["period"] = "2024-Q2";
  ok(clerk_sd, "indicator.report_value", body);
  body["unit"] = "btc-tu";
  EXPECT_EQ(refused(kClerkBtc, "indicator.report_value", body).field, "unit") << "outside the scope units";
  EXPECT_EQ(refused(clerk_sd, "indicator.report_value", body).code, Errc::forbidden);
  body["id"] = "khong-co";
  EXPECT_EQ(refused(kClerkBtc, "indicator.report_value", body).code, Errc::not_found);
  // A value with a report that names an unknown indicator refuses the whole submission.
  ok(kIssuer, "report.request",
     {{"id", "q2"}, {"kind", "quy"}, {"title", "Quý II"}, {"period", "2024-Q2"}, {"due", "2024-07-10"},
      {"issuer", "tinh-uy"}, {"to", "btc-tu"}, {"from", {"huyen-son-duong"}}});
  const auto e = refused(clerk_sd, "report.submit",
                         {{"id", "q2"}, {"unit", "huyen-son-duong"}, {"number", "1"}, {"signer", "A"},
                          {"indicator_values", {{{"indicator", "khong-co"}, {"value", {{"value", 1}}}}}}});
  EXPECT_EQ(e.field, "indicator_values[0].indicator");
  EXPECT_EQ(world.report("q2")->obligation("huyen-son-duong")->submissions, 0u);
}

}  // namespace
}  // namespace dauvet::events::testing
