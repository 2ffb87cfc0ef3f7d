// Planning the import of a task table: seed 001's BIỂU PHÂN CÔNG NHIỆM VỤ run end to end
// through MemoryWorld, then small tables that show what the planner does with what it
// cannot read.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "events/import_plan.hpp"
#include "events/memory_world.hpp"
#include "events/streams.hpp"
#include "events/task_table.hpp"

namespace dauvet::events {
namespace {

const Actor kAdmin{"quan-tri", "root", "admin"};

class ImportPlanTest : public ::testing::Test {
 protected:
  MemoryWorld world;
  std::int64_t now = 1'700'000'000'000;  // 2023-11-14, after every directive date below

  void SetUp() override {
    run(UnitCreate{"root", "Ban Chấp hành Đảng bộ tỉnh Tuyên Quang", "cap_uy", ""});
    run(ActorRegister{"quan-tri", "root", "admin", "Quản trị hệ thống"});
  }

  void run(const Command& command) {
    now += 1000;
    const auto r = world.execute(kAdmin, now, command);
    ASSERT_TRUE(r) << command_type(command) << ": " << r.error().to_string();
  }

  void run_all(const ImportPlan& plan) {
    for (const auto& c : plan.commands) run(c);
  }

  static ImportOptions options_26() {
    return {"26-CTr/TU", "root", "chuong_trinh", "2022-10-20",
            "Chương trình hành động thực hiện Nghị quyết số 21-NQ/TW", "Lê Thị Kim Dung"};
  }

  static TaskTable seed_001() {
    std::ifstream in(std::string(DAUVET_SEEDS_DIR) + "/001_f7d9d9ebc06e3128.txt");
    EXPECT_TRUE(in) << "seed 001 not found under " << DAUVET_SEEDS_DIR;
    std::stringstream text;
    text << in.rdbuf();
    auto table = read_task_table(text.str());
    EXPECT_TRUE(table) << table.error().message;
    return table ? *table : TaskTable{};
  }

  ImportPlan plan(const TaskTable& table, const ImportOptions& options) {
    auto p = plan_import(table, options, world);
    EXPECT_TRUE(p) << p.error().to_string();
    return p ? *p : ImportPlan{};
  }

  TaskState task(const std::string& item) const {
    const auto t = world.task(task_stream("root", "26-CTr/TU", item));
    EXPECT_TRUE(t) << item;
    return t ? *t : TaskState{};
  }
};

bool has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST_F(ImportPlanTest, Seed001RunsEndToEndAndTwiceCreatesNothing) {
  const TaskTable table = seed_001();
  ASSERT_EQ(table.rows.size(), 42u);
  const ImportPlan first = plan(table, options_26());
  const ImportSummary& s = first.summary;
  EXPECT_EQ(s.tasks, table.rows.size());
  EXPECT_TRUE(s.directive_created);
  EXPECT_TRUE(s.skipped.empty());
  EXPECT_EQ(first.commands.size(), s.units.size() + 1 + s.tasks);
  run_all(first);
  for (const auto& row : table.rows) EXPECT_TRUE(world.task(task_stream("root", "26-CTr/TU", row.item))) << row.item;

  // "Văn phòng Tỉnh ủy" (II.5) and "Văn Phòng Tỉnh ủy" (II.15) are one unit.
  EXPECT_TRUE(has(s.units, "Văn phòng Tỉnh ủy"));
  EXPECT_FALSE(has(s.units, "Văn Phòng Tỉnh ủy"));
  EXPECT_EQ(task("II.5").lead, "van-phong-tinh-uy");
  EXPECT_EQ(task("II.15").lead, "van-phong-tinh-uy");
  ASSERT_TRUE(world.unit("van-phong-tinh-uy"));
  EXPECT_EQ(world.unit("van-phong-tinh-uy")->parent, "root");
  EXPECT_EQ(world.unit("van-phong-tinh-uy")->kind, "ban_dang");
  EXPECT_EQ(task("I.10").coordinators, std::vector<std::string>{"van-phong-tinh-uy"});
  EXPECT_EQ(task("I.10").coordinators_text, "Các ban Đảng Tỉnh ủy, Văn phòng Tỉnh ủy, các cơ quan, đơn vị có liên quan");

  // A lead cell naming two bodies keeps both: the first leads, the second coordinates, and
  // the cell as written stays in the notes.
  const TaskState hdnd = task("II.16");
  EXPECT_EQ(hdnd.lead, "dang-doan-hoi-dong-nhan-dan-tinh");
  EXPECT_EQ(hdnd.coordinators, std::vector<std::string>{"ban-can-su-dang-uy-ban-nhan-dan-tinh"});
  EXPECT_NE(hdnd.notes.find("Đảng đoàn Hội đồng nhân dân tỉnh, Ban cán sự đảng Ủy ban nhân dân tỉnh"), std::string::npos);
  const TaskState mttq = task("I.20");
  EXPECT_EQ(mttq.lead, "dang-doan-mat-tran-to-quoc");
  EXPECT_EQ(mttq.coordinators, (std::vector<std::string>{"ban-thuong-vu-tinh-doan",
                                                          "dang-uy-khoi-cac-co-quan-va-doanh-nghiep-tinh"}));
  EXPECT_EQ(task("I.19").coordinators, (std::vector<std::string>{"ban-thuong-vu-tinh-doan", "mat-tran-to-quoc"}));

  // Section-qualified items, parsed time frames against the programme's date.
  EXPECT_EQ(task("II.1").section, "II");
  EXPECT_EQ(task("II.7").schedule.value()["kind"], "once");
  EXPECT_EQ(task("II.7").schedule.value()["due"], nlohmann::json({"2023-09-30"}));
  EXPECT_EQ(task("I.10").schedule.value()["recurrence"], "annual");

  // The one cell the grammar cannot read: the budget line of II.15.
  ASSERT_EQ(s.unreadable.size(), 1u) << to_json(s).dump(1);
  EXPECT_EQ(s.unreadable[0].item, "II.15");
  EXPECT_EQ(s.unreadable[0].line, 274u);
  EXPECT_EQ(s.unreadable[0].cell, "Thời gian thực hiện");
  EXPECT_EQ(s.unreadable[0].text, "Theo dự trù kinh phí hằng năm và nhiệm vụ phát sinh");
  EXPECT_EQ(task("II.15").schedule.value()["needs_review"], true);

  const ImportPlan second = plan(table, options_26());
  EXPECT_TRUE(second.commands.empty());
  EXPECT_EQ(second.summary.tasks, 0u);
  EXPECT_TRUE(second.summary.units.empty());
  EXPECT_FALSE(second.summary.directive_created);
  EXPECT_EQ(second.summary.skipped.size(), table.rows.size());
}

TEST_F(ImportPlanTest, Seed001UnitsAreEachBodyOnce) {
  const ImportPlan p = plan(seed_001(), options_26());
  const std::vector<std::string> expected{
      "Ban Tổ chức Tỉnh ủy", "Ban Dân vận Tỉnh ủy", "Mặt trận Tổ quốc", "Văn phòng Tỉnh ủy",
      "Ban Tuyên giáo Tỉnh ủy", "Đảng đoàn Mặt trận Tổ quốc", "Ban Thường vụ Tỉnh đoàn",
      "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh", "Ủy ban Kiểm tra Tỉnh ủy",
      "Đảng đoàn Mặt trận Tổ quốc Việt Nam tỉnh Tuyên Quang", "Trường Chính trị tỉnh", "Đảng ủy Quân sự tỉnh",
      "Đảng đoàn Hội đồng nhân dân tỉnh", "Ban cán sự đảng Ủy ban nhân dân tỉnh"};
  EXPECT_EQ(p.summary.units, expected);
  // Readable ids, bounded below the 64-character limit; every body of seed 001 gets a kind.
  std::vector<std::string> ids;
  for (const auto& c : p.commands) {
    const auto* u = std::get_if<UnitCreate>(&c);
    if (!u) continue;
    ids.push_back(u->id);
    EXPECT_EQ(u->parent, "root");
    EXPECT_LE(u->id.size(), 48u) << u->id;
    EXPECT_NE(u->kind, "khac") << u->name;
  }
  ASSERT_EQ(ids.size(), expected.size());
  EXPECT_EQ(ids[0], "ban-to-chuc-tinh-uy");
  EXPECT_EQ(ids[8], "uy-ban-kiem-tra-tinh-uy");
  EXPECT_EQ(ids[9], "dang-doan-mat-tran-to-quoc-viet-nam-tinh-tuyen");  // cut at a word
}

TEST_F(ImportPlanTest, ExistingUnitsAreFoundByNameAndIdsNeverClash) {
  run(UnitCreate{"btc-tu", "Ban Tổ chức  tỉnh Ủy", "ban_dang", "root"});
  run(UnitCreate{"tu-hy", "Tỉnh ủy Hưng Yên", "cap_uy", ""});
  // Another province's office already holds the id the slug would give.
  run(UnitCreate{"van-phong-tinh-uy", "Văn phòng Tỉnh ủy", "ban_dang", "tu-hy"});
  const std::string text =
      "TT\tNội dung nhiệm vụ\tCơ quan chủ trì thực hiện\tCơ quan phối hợp thực hiện\tThời gian thực hiện\tGhi chú\n"
      "1\tRà soát\tBan Tổ chức Tỉnh ủy\tVăn phòng Tỉnh ủy\tQuý IV/2022\t\n"
      "2\tTổng hợp\tVăn phòng  tỉnh ủy\tBan Tổ chức Tỉnh ủy\tThực hiện thường xuyên\t\n";
  const auto table = read_task_table(text);
  ASSERT_TRUE(table);
  const ImportPlan p = plan(*table, options_26());
  EXPECT_EQ(p.summary.units, std::vector<std::string>{"Văn phòng Tỉnh ủy"});
  run_all(p);
  EXPECT_EQ(task("1").lead, "btc-tu");
  EXPECT_EQ(task("1").coordinators, std::vector<std::string>{"van-phong-tinh-uy-2"});
  EXPECT_EQ(task("2").lead, "van-phong-tinh-uy-2");
  EXPECT_EQ(world.unit("van-phong-tinh-uy-2")->parent, "root");
}

TEST_F(ImportPlanTest, TsvProblemsAreReported) {
  const std::string text =
      "TT\tNội dung nhiệm vụ\tCơ quan chủ trì thực hiện\tCơ quan phối hợp thực hiện\tThời gian thực hiện\tGhi chú\n"
      "I\tNHIỆM VỤ CHUNG\t\t\t\t\n"
      "1\tKiện toàn tổ chức\tBan Tổ chức Tỉnh ủy\tCác cơ quan liên quan\tQuý V/2023\t\n"
      "x\tDòng hỏng\tBan Tổ chức Tỉnh ủy\t\tQuý I/2023\t\n"
      "2\tTuyên truyền\tcác đoàn thể chính trị - xã hội\t\tThực hiện thường xuyên\tGhi chú 2\n";
  const auto table = read_task_table(text);
  ASSERT_TRUE(table);
  const ImportPlan p = plan(*table, options_26());
  EXPECT_EQ(p.summary.tasks, 2u);
  const auto& u = p.summary.unreadable;
  ASSERT_EQ(u.size(), 3u) << to_json(p.summary).dump(1);
  EXPECT_EQ(u[0].line, 3u);  // the time frame of I.1
  EXPECT_EQ(u[0].item, "I.1");
  EXPECT_EQ(u[0].text, "Quý V/2023");
  EXPECT_EQ(u[1].line, 4u);  // the row with TT "x", from read_task_table
  EXPECT_EQ(u[1].column, 1u);
  EXPECT_EQ(u[2].item, "I.2");  // no unit in the lead cell
  EXPECT_EQ(u[2].cell, "Cơ quan chủ trì");
  run_all(p);
  EXPECT_EQ(task("I.2").lead, "");
  EXPECT_EQ(task("I.2").status, TaskStatus::created);
  EXPECT_EQ(task("I.2").notes, "Ghi chú 2\nCơ quan chủ trì: các đoàn thể chính trị - xã hội");
  EXPECT_EQ(task("I.1").schedule.value()["needs_review"], true);
  EXPECT_EQ(task("I.1").time_frame_raw, "Quý V/2023");
}

TEST_F(ImportPlanTest, CsvProblemsAreReportedAndSummaryHasItsShape) {
  const std::string text =
      "TT,Nội dung nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời gian thực hiện,Ghi chú\n"
      "1,\"Sơ kết, tổng kết\nNghị quyết\",Ban Tuyên giáo Tỉnh ủy,\"Văn phòng Tỉnh ủy, Ban Dân vận Tỉnh ủy\","
      "\"sơ kết trước 15/7, tổng kết trước 15/02\",\n"
      "2,Thiếu cột,Ban Tuyên giáo Tỉnh ủy\n"
      "3,Báo cáo,Ban Tuyên giáo Tỉnh ủy,,khi nào xong thì báo,\n";
  const auto table = read_task_table(text);
  ASSERT_TRUE(table);
  ASSERT_EQ(table->format, TaskTable::Format::csv);
  const ImportPlan p = plan(*table, options_26());
  EXPECT_EQ(p.summary.tasks, 2u);
  EXPECT_EQ(p.summary.units,
            (std::vector<std::string>{"Ban Tuyên giáo Tỉnh ủy", "Văn phòng Tỉnh ủy", "Ban Dân vận Tỉnh ủy"}));

  const nlohmann::json j = to_json(p.summary);
  EXPECT_EQ(j["tasks"], 2);
  EXPECT_EQ(j["units"].size(), 3u);
  EXPECT_EQ(j["directive_created"], true);
  EXPECT_EQ(j["skipped"], nlohmann::json::array());
  ASSERT_EQ(j["unreadable"].size(), 2u) << j.dump(1);
  EXPECT_EQ(j["unreadable"][0]["line"], 4);  // the short row
  EXPECT_EQ(j["unreadable"][1]["item"], "3");
  EXPECT_EQ(j["unreadable"][1]["text"], "khi nào xong thì báo");
  for (const auto& u : j["unreadable"]) {
    for (const char* key : {"line", "column", "cell", "item", "text", "reason"}) EXPECT_TRUE(u.contains(key)) << key;
  }
  for (const auto& [key, value] : j.items()) {
    EXPECT_TRUE(key == "tasks" || key == "units" || key == "unreadable" || key == "directive_created" ||
                key == "skipped")
        << key;
  }

  run_all(p);
  EXPECT_EQ(task("1").schedule.value()["due"], nlohmann::json({"2023-07-15", "2024-02-15"}));
  EXPECT_EQ(task("1").content, "Sơ kết, tổng kết\nNghị quyết");
  EXPECT_EQ(world.size(), 2u + 3u + 1u + 2u);
}

TEST_F(ImportPlanTest, RefusesWhatCannotBePlanned) {
  const auto table = read_task_table("TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tThời gian thực hiện\n1\tA\tBan B\tQuý I/2023\n");
  ASSERT_TRUE(table);
  ImportOptions o = options_26();
  o.issuer = "khong-co";
  auto r = plan_import(*table, o, world);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::not_found);
  EXPECT_EQ(r.error().field, "issuer");

  o = options_26();
  o.signer.clear();
  r = plan_import(*table, o, world);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "signer");

  // Once the directive exists its own date is the reference, and nothing else is needed.
  run(DirectiveIssue{"root", "26-CTr/TU", "chuong_trinh", "2022-10-20", "Lê Thị Kim Dung", "", "Chương trình", "",
                     {}, {}});
  r = plan_import(*table, {"26-CTr/TU", "root", "", "", "", ""}, world);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_FALSE(r->summary.directive_created);
  EXPECT_EQ(r->summary.tasks, 1u);
  const auto& create = std::get<TaskCreate>(r->commands.back());
  EXPECT_EQ(create.schedule["due"], nlohmann::json({"2023-03-31"}));
}

}  // namespace
}  // namespace dauvet::events
