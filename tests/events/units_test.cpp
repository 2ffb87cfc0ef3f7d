// The unit tree: creation, renaming, moves, and merges that carry open work to the successor.
#include "domain_fixture.hpp"

namespace dauvet::events::testing {
namespace {

class Units : public DomainTest {
 protected:
  void SetUp() override {
    seed_units();
    seed_program_26();
  }
  std::vector<std::string> types(const std::vector<RecordedEvent>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type + " " + e.stream);
    return out;
  }
};

TEST_F(Units, IdsAreUniqueAndParentsMustExist) {
  auto e = refused(kAdmin, "unit.create", {{"id", "btc-tu"}, {"name", "Ban khác"}, {"kind", "ban_dang"}});
  EXPECT_EQ(e.code, Errc::conflict);
  EXPECT_NE(e.message.find("Ban Tổ chức Tỉnh ủy"), std::string::npos);
  e = refused(kAdmin, "unit.create", {{"id", "x"}, {"name", "X"}, {"kind", "khac"}, {"parent", "khong-co"}});
  EXPECT_EQ(e.code, Errc::not_found);
  EXPECT_EQ(e.field, "parent");
  EXPECT_EQ(refused(kAdmin, "unit.create", {{"id", "Ban Tổ chức"}, {"name", "X"}, {"kind", "khac"}}).field, "id");
  EXPECT_EQ(refused(kAdmin, "unit.create", {{"id", "x"}, {"name", "X"}, {"kind", "so"}}).field, "kind");
  EXPECT_EQ(refused(kIssuer, "unit.create", {{"id", "x"}, {"name", "X"}, {"kind", "khac"}}).code, Errc::forbidden);
  const auto u = world.unit("btc-tu");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->name, "Ban Tổ chức Tỉnh ủy");
  EXPECT_EQ(u->parent, "tinh-uy");
  EXPECT_EQ(u->meta.stream, "unit/btc-tu");
  EXPECT_TRUE(world.is_in_subtree("xa-hop-thanh", "tinh-uy"));
  EXPECT_FALSE(world.is_in_subtree("tinh-uy", "xa-hop-thanh"));
  EXPECT_FALSE(world.is_in_subtree("so-noi-vu", "tinh-uy"));
}

TEST_F(Units, RenameKeepsFormerNamesAndMoveRefusesCycles) {
  ok(kAdmin, "unit.rename", {{"id", "btc-tu"}, {"name", "Ban Tổ chức Tỉnh uỷ"}, {"reason", "Chính tả"}});
  EXPECT_EQ(world.unit("btc-tu")->former_names, std::vector<std::string>{"Ban Tổ chức Tỉnh ủy"});
  EXPECT_EQ(refused(kAdmin, "unit.rename", {{"id", "btc-tu"}, {"name", "Ban Tổ chức Tỉnh uỷ"}}).field, "name");
  EXPECT_EQ(refused(kAdmin, "unit.move", {{"id", "huyen-son-duong"}, {"parent", "xa-hop-thanh"}}).field, "parent");
  ok(kAdmin, "unit.move", {{"id", "huyen-yen-son"}, {"parent", "huyen-son-duong"}});
  EXPECT_TRUE(world.is_in_subtree("huyen-yen-son", "huyen-son-duong"));
}

// Communes and districts are being merged: the merged unit's open work moves with it.
TEST_F(Units, MergeMovesOpenTasksReportsAndSubUnitsToTheSuccessor) {
  task("I.21", "huyen-yen-son", "Thực hiện thường xuyên", nullptr);
  task("I.22", "huyen-yen-son", "Quý IV/2022", once("2022-12-31"));
  task("I.23", "huyen-yen-son", "Quý IV/2022", once("2022-12-31"));
  task("I.24", "btc-tu", "Quý IV/2022", once("2022-12-31"));
  unit("xa-yen-son-1", "Đảng ủy xã Lang Quán", "to_chuc_dang", "huyen-yen-son");
  const Actor clerk_ys{"ys-1", "huyen-yen-son", "clerk"};
  ok(clerk_ys, "task.acknowledge", ref("I.22"));
  ok(clerk_ys, "task.start", ref("I.22"));
  ok(kIssuer, "task.cancel", ref("I.23", {{"reason", "Không còn phù hợp"}}));
  ok(kIssuer, "report.request",
     {{"id", "bc-2022"}, {"kind", "tong_ket_nam"}, {"title", "Báo cáo tổng kết năm 2022"}, {"period", "2022"},
      {"due", "2022-12-20"}, {"issuer", "tinh-uy"}, {"to", "btc-tu"}, {"from", {"huyen-yen-son", "btg-tu"}}});

  at("2023-01-01");
  const auto events = ok(kAdmin, "unit.merge",
                         {{"id", "huyen-yen-son"}, {"successor", "huyen-son-duong"}, {"effective", "2023-01-01"},
                          {"reason", "Sắp xếp đơn vị hành chính"},
                          {"decision", {{"number", "1234/NQ-UBTVQH15"}, {"date", "2022-12-15"}}}});
  EXPECT_EQ(types(events), (std::vector<std::string>{
                               "unit.merged unit/huyen-yen-son",
                               "unit.moved unit/xa-yen-son-1",
                               "task.reassigned task/tinh-uy/26-CTr/TU/I.21",
                               "task.reassigned task/tinh-uy/26-CTr/TU/I.22",
                               "report.reassigned report/bc-2022",
                           }));
  EXPECT_EQ(events[0].payload["moved"], (json{{"units", 1}, {"tasks", 2}, {"reports", 1}}));
  EXPECT_EQ(events[2].payload["reason"], "unit merged");
  // All of it in one command: every event shares the same index range and time.
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].index, events[0].index + i);
    EXPECT_EQ(events[i].recorded_at_ms, events[0].recorded_at_ms);
  }

  const auto merged = world.unit("huyen-yen-son");
  EXPECT_EQ(merged->status, UnitStatus::merged);
  EXPECT_EQ(merged->successor, "huyen-son-duong");
  EXPECT_EQ(merged->closed_on, "2023-01-01");
  EXPECT_EQ(world.unit("xa-yen-son-1")->parent, "huyen-son-duong");
  EXPECT_EQ(task_state("I.21").lead, "huyen-son-duong");
  EXPECT_EQ(task_state("I.21").status, TaskStatus::assigned);
  EXPECT_EQ(task_state("I.22").lead, "huyen-son-duong");
  EXPECT_EQ(task_state("I.22").status, TaskStatus::in_progress) << "work in progress stays in progress";
  EXPECT_EQ(task_state("I.22").former_leads, std::vector<std::string>{"huyen-yen-son"});
  EXPECT_EQ(task_state("I.23").lead, "huyen-yen-son") << "a cancelled task is not open work";
  EXPECT_EQ(task_state("I.24").lead, "btc-tu");
  const auto report = world.report("bc-2022");
  EXPECT_EQ(report->obligation("huyen-yen-son")->status, ObligationStatus::moved);
  EXPECT_EQ(report->obligation("huyen-son-duong")->status, ObligationStatus::pending);
  EXPECT_TRUE(world.open_tasks_led_by("huyen-yen-son").empty());
  EXPECT_TRUE(world.reports_owed_by("huyen-yen-son").empty());

  // The successor's clerk takes over; the merged unit's clerk is out.
  const Actor clerk_sd{"sd-1", "huyen-son-duong", "clerk"};
  ok(clerk_sd, "task.report_progress", ref("I.22", {{"note", "Tiếp nhận từ Huyện ủy Yên Sơn"}}));
  auto e = refused(clerk_ys, "task.report_progress", ref("I.22", {{"note", "x"}}));
  EXPECT_EQ(e.code, Errc::forbidden);
  EXPECT_NE(e.message.find("merged into 'huyen-son-duong'"), std::string::npos) << e.message;
  // A merged unit can no longer be named as a lead, and says whom to name instead.
  e = refused(kIssuer, "task.reassign", ref("I.24", {{"lead", "huyen-yen-son"}, {"reason", "x"}}));
  EXPECT_EQ(e.code, Errc::invalid_state);
  EXPECT_NE(e.message.find("name its successor 'huyen-son-duong'"), std::string::npos) << e.message;
  EXPECT_EQ(refused(kAdmin, "unit.merge", {{"id", "huyen-yen-son"}, {"successor", "tinh-uy"}, {"effective", "2023-02-01"}})
                .code,
            Errc::invalid_state);
}

TEST_F(Units, ASuccessorOwingTheSameReportKeepsItsOwn) {
  ok(kIssuer, "report.request",
     {{"id", "bc-q4"}, {"kind", "quy"}, {"title", "Báo cáo quý IV"}, {"period", "2022-Q4"}, {"due", "2022-12-25"},
      {"issuer", "tinh-uy"}, {"to", "btc-tu"}, {"from", {"huyen-yen-son", "huyen-son-duong"}}});
  ok(kAdmin, "unit.merge", {{"id", "huyen-yen-son"}, {"successor", "huyen-son-duong"}, {"effective", "2023-01-01"}});
  const auto report = world.report("bc-q4");
  EXPECT_EQ(report->obligations.size(), 2u);
  EXPECT_EQ(report->obligation("huyen-yen-son")->moved_to, "huyen-son-duong");
  EXPECT_EQ(report->obligation("huyen-son-duong")->status, ObligationStatus::pending);
}

TEST_F(Units, SuccessorsMustBeActiveAndOutsideTheUnit) {
  auto e = refused(kAdmin, "unit.merge", {{"id", "huyen-son-duong"}, {"successor", "xa-hop-thanh"}, {"effective", "2023-01-01"}});
  EXPECT_EQ(e.field, "successor");
  e = refused(kAdmin, "unit.merge", {{"id", "huyen-son-duong"}, {"successor", "huyen-son-duong"}, {"effective", "2023-01-01"}});
  EXPECT_EQ(e.field, "successor");
  EXPECT_EQ(refused(kAdmin, "unit.merge", {{"id", "huyen-son-duong"}, {"successor", "khong-co"}, {"effective", "2023-01-01"}})
                .code,
            Errc::not_found);
  EXPECT_EQ(refused(kAdmin, "unit.merge", {{"id", "huyen-son-duong"}, {"successor", "tinh-uy"}}).field, "effective");
}

TEST_F(Units, DissolvingWithOpenWorkNeedsASuccessor) {
  task("I.25", "xa-hop-thanh", "Thực hiện thường xuyên", nullptr);
  auto e = refused(kAdmin, "unit.dissolve", {{"id", "xa-hop-thanh"}, {"effective", "2023-01-01"}, {"reason", "Giải thể"}});
  EXPECT_EQ(e.code, Errc::invalid_state);
  EXPECT_NE(e.message.find("1 open task(s)"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("task/tinh-uy/26-CTr/TU/I.25"), std::string::npos) << e.message;

  ok(kAdmin, "unit.dissolve", {{"id", "vp-tu"}, {"effective", "2023-01-01"}, {"reason", "Không còn nhiệm vụ"}});
  EXPECT_EQ(world.unit("vp-tu")->status, UnitStatus::dissolved);

  const auto events = ok(kAdmin, "unit.dissolve",
                         {{"id", "xa-hop-thanh"}, {"successor", "huyen-son-duong"}, {"effective", "2023-01-01"},
                          {"reason", "Giải thể đảng bộ"}});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].payload["reason"], "unit dissolved");
  EXPECT_EQ(task_state("I.25").lead, "huyen-son-duong");
}

}  // namespace
}  // namespace dauvet::events::testing
