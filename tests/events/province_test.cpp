// The province-year generator: deterministic, every step a well-formed command, and a
// year run through decide() on its own clock lands in the shape of the real directives.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "domain_fixture.hpp"
#include "events/province.hpp"

namespace dauvet::events::testing {
namespace {

ProvinceYear year_of(std::uint64_t seed, int index = 0) {
  return ProvinceYear(ProvinceYear::Options{.seed = seed}, index);
}

std::vector<DatedStep> all_steps(const ProvinceYear& y) {
  auto out = y.setup();
  for (auto& s : y.steps()) out.push_back(std::move(s));
  return out;
}

bool same(const std::vector<DatedStep>& a, const std::vector<DatedStep>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].day != b[i].day || !(a[i].step.actor == b[i].step.actor) || a[i].step.type != b[i].step.type ||
        a[i].step.body != b[i].step.body)
      return false;
  }
  return true;
}

TEST(ProvinceYear, TheSameSeedGivesTheSameSteps) {
  const auto a = all_steps(year_of(7));
  EXPECT_TRUE(same(a, all_steps(year_of(7))));
  EXPECT_FALSE(same(a, all_steps(year_of(8))));
  EXPECT_GT(a.size(), 30'000u);
}

TEST(ProvinceYear, EveryStepDecodes) {
  for (const auto& s : all_steps(year_of(3))) {
    auto c = decode_command(s.step.type, s.step.body);
    ASSERT_TRUE(c) << s.step.type << " " << s.step.body.dump() << ": " << c.error().to_string();
  }
}

TEST(ProvinceYear, LaterYearsFollowInTheirOwnYearWithNewIds) {
  const ProvinceYear first = year_of(3, 0), second = year_of(3, 1);
  EXPECT_EQ(second.year(), 2024);
  EXPECT_EQ(first.tree().units.size(), second.tree().units.size()) << "one province: the tree comes from the seed";
  std::set<std::string> symbols;
  for (const auto& s : first.steps()) {
    EXPECT_EQ(s.day.y, 2023) << s.step.type;
    if (s.step.type == "directive.issue") symbols.insert(s.step.body["issuer"].get<std::string>() + " " + s.step.body["symbol"].get<std::string>());
  }
  for (const auto& s : second.steps()) {
    EXPECT_EQ(s.day.y, 2024) << s.step.type;
    if (s.step.type == "directive.issue") {
      EXPECT_FALSE(symbols.count(s.step.body["issuer"].get<std::string>() + " " + s.step.body["symbol"].get<std::string>()));
    }
  }
}

TEST(ProvinceYear, DocumentsAreNeverDatedAfterTheBound) {
  const ProvinceYear y(ProvinceYear::Options{.seed = 3, .not_after = Date{2023, 3, 1}}, 0);
  for (const auto& s : y.steps()) {
    if (s.step.type == "directive.issue") {
      EXPECT_LE(s.step.body["date"].get<std::string>(), "2023-03-01");
    }
    if (s.step.type == "case.appeal") {
      EXPECT_LE(s.step.body["filed_on"].get<std::string>(), "2023-03-01");
    }
  }
}

// One province-year through decide() against a MemoryWorld, each command at 9:00 (Vietnam
// time) of its day, so lateness is judged as the year would have judged it.
TEST(ProvinceYear, OneYearThroughDecideLandsInTheRealShape) {
  const ProvinceYear y = year_of(11);
  MemoryWorld world;
  std::int64_t now = vn_ms("2022-12-31");
  ASSERT_TRUE(world.execute(kAdmin, now, UnitCreate{"root", "Trung ương", "trung_uong", ""}));
  std::map<std::string, int> accepted, refused_by;
  std::map<std::string, int> inspection_kinds, forms;
  std::set<std::string> districts(y.tree().districts.begin(), y.tree().districts.end());
  int base_organisations = 0, steps = 0, reviewed_schedules = 0, tasks = 0;
  for (const auto& s : all_steps(y)) {
    ++steps;
    auto c = decode_command(s.step.type, s.step.body);
    ASSERT_TRUE(c) << s.step.type;
    now = std::max(now + 1000, vn_ms(s.day.iso()));
    auto r = world.execute(s.step.actor, now, *c);
    if (!r) {
      ++refused_by[s.step.type + " " + std::string(errc_name(r.error().code))];
      continue;
    }
    ++accepted[s.step.type];
    const auto& b = s.step.body;
    if (s.step.type == "unit.create" && b["kind"] == "to_chuc_dang" && districts.count(b["parent"].get<std::string>()))
      ++base_organisations;
    if (s.step.type == "inspection.open") ++inspection_kinds[b["kind"].get<std::string>()];
    if (s.step.type == "case.decide") ++forms[b["form"].get<std::string>()];
    if (s.step.type == "task.create") {
      ++tasks;
      reviewed_schedules += b["time_frame"]["schedule"]["needs_review"].get<bool>() ? 1 : 0;
    }
  }
  int refused = 0;
  std::string why;
  for (const auto& [k, n] : refused_by) {
    refused += n;
    why += k + ": " + std::to_string(n) + "\n";
  }
  EXPECT_LE(refused * 100, steps * 3) << why;
  EXPECT_GE(base_organisations, 540);
  EXPECT_LE(base_organisations, 560);
  EXPECT_GE(accepted["directive.issue"], 90);
  EXPECT_LE(accepted["directive.issue"], 110);
  EXPECT_GE(tasks, accepted["directive.issue"] * 20);
  EXPECT_LE(tasks, accepted["directive.issue"] * 60);
  EXPECT_LE(reviewed_schedules * 100, tasks) << "the time frames are written the way the grammar reads";
  const int checks = inspection_kinds["kiem_tra"] + inspection_kinds["kiem_tra_dau_hieu_vi_pham"];
  const int supervisions = inspection_kinds["giam_sat_chuyen_de"] + inspection_kinds["giam_sat_thuong_xuyen"];
  EXPECT_GE(checks, 1100);
  EXPECT_LE(checks, 1300);
  EXPECT_GE(supervisions, 800);
  EXPECT_LE(supervisions, 1000);
  EXPECT_GE(accepted["case.decide"], 330);
  EXPECT_LE(accepted["case.decide"], 410);
  for (const char* form : {"canh_cao", "cach_chuc", "khai_tru"}) EXPECT_GT(forms["khien_trach"], forms[form]) << form;
  EXPECT_GT(forms["khai_tru"], 0);
  EXPECT_GT(accepted["case.decide_appeal"], 0);
  EXPECT_LE(accepted["case.appeal"] * 100, accepted["case.decide"] * 6);
  // The year judged as it went: of the 22 units owing the annual report, some were late,
  // some returned and resubmitted, some never sent it.
  const auto annual = world.report("p-2023-bc-nam");
  ASSERT_TRUE(annual);
  int late = 0, returned = 0, missing = 0;
  for (const auto& [unit, o] : annual->obligations) {
    late += o.late ? 1 : 0;
    returned += o.returns > 0 ? 1 : 0;
    missing += o.status == ObligationStatus::pending ? 1 : 0;
  }
  EXPECT_EQ(annual->obligations.size(), 22u);
  EXPECT_GT(late + returned + missing, 0);
  EXPECT_LT(late + missing, 11) << "most units report on time";
  const auto tccs = world.indicator("p-2023-tccs");
  ASSERT_TRUE(tccs);
  EXPECT_GE(tccs->values.size(), 5u) << "districts report the share of their base organisations with the annual report";
}

}  // namespace
}  // namespace dauvet::events::testing
