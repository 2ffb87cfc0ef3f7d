// Every time frame the seed directives write, read by the deadline grammar: each "Thời
// gian thực hiện" cell of the task table in seed 001 and each dated phrase of seeds 000,
// 001, 002 and 003, with the schedule a person reading it would write down.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "events/deadline.hpp"
#include "events/task_table.hpp"

namespace dauvet::events {
namespace {

struct Case {
  std::string_view raw;
  std::string_view reference;  // the directive's date, "" for none
  std::string_view kind;
  std::vector<std::string> due;
  std::string_view recurrence = "";  // "" for null
  bool needs_review = false;
};

const Date kRef000{2023, 2, 13};  // 252/UBND-NC, 13/02/2023
const Date kRef001{2022, 10, 20};  // 26-CTr/TU, 20/10/2022
const Date kRef002{2024, 2, 5};   // 01-KH/BCĐ, 05/02/2024

void expect_schedule(const Case& c, const Schedule& s) {
  const nlohmann::json j = to_json(s);
  EXPECT_EQ(j["kind"], c.kind) << c.raw << "\n" << j.dump();
  EXPECT_EQ(j["due"], nlohmann::json(c.due)) << c.raw << "\n" << j.dump();
  if (c.recurrence.empty()) {
    EXPECT_TRUE(j["recurrence"].is_null()) << c.raw << "\n" << j.dump();
  } else {
    EXPECT_EQ(j["recurrence"], c.recurrence) << c.raw << "\n" << j.dump();
  }
  EXPECT_EQ(j["needs_review"], c.needs_review) << c.raw << "\n" << j.dump();
  EXPECT_EQ(j["raw"], c.raw);
}

std::optional<Date> ref_of(std::string_view r) { return r.empty() ? std::nullopt : Date::parse_iso(r); }

// Seed 001's table, one case per distinct cell (the reference is the programme's date).
const std::vector<Case> kTableCells{
    {"Thực hiện thường xuyên (Hoàn thành các mục tiêu và tổng kết Đề án vào quý IV/2025)", "2022-10-20", "continuous", {"2025-12-31"}},
    {"Thực hiện thường xuyên (<i>Hoàn thành các mục tiêu và tổng kết Đề án vào Quý IV/2025</i>)", "2022-10-20", "continuous", {"2025-12-31"}},
    {"Thực hiện thường xuyên", "2022-10-20", "continuous", {}},
    {"Trong quý IV hằng năm", "2022-10-20", "recurring", {}, "annual"},
    {"Thực hiện thường xuyên và tổng kết đề án vào năm 2025", "2022-10-20", "continuous", {"2025-12-31"}},
    {"Thực hiện hoàn thành và Tổng kết đề án trong năm 2030", "2022-10-20", "once", {"2030-12-31"}},
    {"Theo quy định, hướng dẫn của Trung ương", "2022-10-20", "conditional", {}},
    {"Thực hiện khi có văn bản hướng dẫn của Trung ương", "2022-10-20", "conditional", {}},
    {"Thực hiện khi có hướng dẫn của Trung ương", "2022-10-20", "conditional", {}},
    {"Thực hiện khi có văn bản chỉ đạo của Trung ương (Trong năm 2023)", "2022-10-20", "conditional", {"2023-12-31"}},
    {"Thực hiện khi có văn bản chỉ đạo của Trung ương", "2022-10-20", "conditional", {}},
    {"Quý III/2023", "2022-10-20", "once", {"2023-09-30"}},
    {"Thực hiện thường xuyên, hằng năm", "2022-10-20", "recurring", {}, "annual"},
    {"Khi có văn bản chỉ đạo của Trung ương", "2022-10-20", "conditional", {}},
    {"Theo hướng dẫn của Trung ương, thực hiện từ năm 2023", "2022-10-20", "conditional", {}},
    {"Quý IV/2022", "2022-10-20", "once", {"2022-12-31"}},
    // A budget line "as estimated each year and as tasks arise": no day a report is due.
    {"Theo dự trù kinh phí hằng năm và nhiệm vụ phát sinh", "2022-10-20", "unknown", {}, "", true},
    {"Theo văn bản của Trung ương, hoàn thành xong trong năm 2023", "2022-10-20", "conditional", {"2023-12-31"}},
    {"Theo văn bản cơ quan Ủy ban Trung ương MTTQ VN và cơ quan Trung ương của các đoàn thể", "2022-10-20", "conditional", {}},
};

// Dated phrases in the text of the seeds, as a user would type them into the cell.
const std::vector<Case> kPhrases{
    // 000 (252/UBND-NC)
    {"(*hoàn thành trong Quý I năm 2023*)", "2023-02-13", "once", {"2023-03-31"}},
    {"(*hàng tháng, hàng quý*)", "2023-02-13", "recurring", {}, "monthly"},
    {"(*thực hiện thường xuyên*)", "2023-02-13", "continuous", {}},
    {"ngày 13 tháng 02 năm 2023", "", "once", {"2023-02-13"}},
    {"đến năm 2025", "", "once", {"2025-12-31"}},
    {"theo quy định", "", "conditional", {}},
    // 001 (26-CTr/TU), programme text
    {"(*thực hiện thường xuyên*)", "2022-10-20", "continuous", {}},
    {"(*Thực hiện thường xuyên*)", "2022-10-20", "continuous", {}},
    {"(*theo chỉ đạo, hướng dẫn của Trung ương*)", "2022-10-20", "conditional", {}},
    {"(*Theo chỉ đạo, hướng dẫn của Trung ương*)", "2022-10-20", "conditional", {}},
    {"(*thực hiện khi có hướng dẫn của Trung ương*)", "2022-10-20", "conditional", {}},
    {"(*thực hiện thường xuyên, theo hướng dẫn của Trung ương*)", "2022-10-20", "continuous", {}},
    {"(*thực hiện khi có chỉ đạo của Trung ương*)", "2022-10-20", "conditional", {}},
    {"(*theo quy định của Trung ương*)", "2022-10-20", "conditional", {}},
    {"(*hoàn thành trong năm 2025*)", "2022-10-20", "once", {"2025-12-31"}},
    {"(*hoàn thành trong năm 2030*)", "2022-10-20", "once", {"2030-12-31"}},
    {"(*thực hiện thường xuyên và theo chỉ đạo, hướng dẫn của Trung ương*)", "2022-10-20", "continuous", {}},
    {"(*xong trong quý IV/2022*)", "2022-10-20", "once", {"2022-12-31"}},
    {"Đến năm 2030:", "2022-10-20", "once", {"2030-12-31"}},
    {"giai đoạn 2021-2025", "", "once", {"2025-12-31"}},
    {"giai đoạn 2022-2030", "", "once", {"2030-12-31"}},
    {"nhiệm kỳ 2020-2025", "", "once", {"2025-12-31"}},
    {"giai đoạn 2021 - 2025", "", "once", {"2025-12-31"}},
    {"hằng năm", "", "recurring", {}, "annual"},
    {"hằng tháng", "", "recurring", {}, "monthly"},
    {"cuối năm", "2022-10-20", "once", {"2022-12-31"}},
    // Not a time frame: the "bốn tốt" criteria in italics. Never guessed at.
    {"(*Hoàn thành tốt nhiệm vụ chính trị; chất lượng sinh hoạt tốt; đoàn kết, kỷ luật tốt; cán bộ, đảng viên tốt*)",
     "2022-10-20", "unknown", {}, "", true},
    {"trong giai đoạn mới", "2022-10-20", "unknown", {}, "", true},
    // 002 (01-KH/BCĐ)
    {"(*Thực hiện trong Quý I/2024*)", "2024-02-05", "once", {"2024-03-31"}},
    {"(*Thực hiện sơ kết trước 15/7/2024, tổng kết trước 15/02/2025*)", "2024-02-05", "milestones", {"2024-07-15", "2025-02-15"}},
    {"(*Thực hiện trong Quý III/2024*)", "2024-02-05", "once", {"2024-09-30"}},
    {"(*Thực hiện theo yêu cầu*)", "2024-02-05", "on_demand", {}},
    {"báo cáo sơ kết 06 tháng xong trước 20/6/2024 và báo cáo tổng kết năm xong trước ngày 31/12/2024", "2024-02-05",
     "milestones", {"2024-06-20", "2024-12-31"}},
    {"đối với báo cáo sơ kết 06 tháng xong trước 30/6/2024 và báo cáo tổng kết năm xong trước ngày 31/12/2024",
     "2024-02-05", "unknown", {}, "", true},  // "đối với" (as for) is prose, not a time frame
    {"báo cáo sơ kết 06 tháng xong trước 30/6/2024 và báo cáo tổng kết năm xong trước ngày 31/12/2024", "2024-02-05",
     "milestones", {"2024-06-30", "2024-12-31"}},
    {"sơ kết 06 tháng (xong trước 05/7/2024), tổng kết 01 năm (xong trước 05/01/2025)", "2024-02-05", "milestones",
     {"2024-07-05", "2025-01-05"}},
    {"xong trước ngày 31/12/2024", "2024-02-05", "once", {"2024-12-31"}},
    {"Hội nghị giao ban Quý I, Quý III sơ kết 06 tháng đầu năm và tổng kết năm 2024", "2024-02-05", "milestones",
     {"2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"}},
    {"năm 2024", "2024-02-05", "once", {"2024-12-31"}},
    {"ngày 05 tháng 02 năm 2024", "", "once", {"2024-02-05"}},
    // 003 (draft plan, July 2023): the date line leaves the day blank.
    {"ngày tháng 7 năm 2023", "", "unknown", {}, "", true},
    {"hằng tháng, hằng năm", "", "recurring", {}, "monthly"},
    {"Định kỳ hằng năm", "", "recurring", {}, "annual"},
    {"định kỳ hằng năm", "", "recurring", {}, "annual"},
    {"Thực hiện thường xuyên", "", "continuous", {}},
    {"ngày 31/12/2022", "", "once", {"2022-12-31"}},
};

TEST(DeadlineSeeds, EveryCellOfTheTaskTable) {
  for (const auto& c : kTableCells) expect_schedule(c, parse_deadline(c.raw, ref_of(c.reference)));
}

TEST(DeadlineSeeds, EveryDatedPhraseOfTheSeeds) {
  for (const auto& c : kPhrases) expect_schedule(c, parse_deadline(c.raw, ref_of(c.reference)));
}

// The cases above must hold every time frame the table in seed 001 really has.
TEST(DeadlineSeeds, TheCasesCoverSeed001Exactly) {
  std::ifstream in(std::string(DAUVET_SEEDS_DIR) + "/001_f7d9d9ebc06e3128.txt");
  ASSERT_TRUE(in) << "seed 001 not found under " << DAUVET_SEEDS_DIR;
  std::stringstream text;
  text << in.rdbuf();
  const auto table = read_task_table(text.str());
  ASSERT_TRUE(table) << table.error().message;
  std::set<std::string_view> known;
  for (const auto& c : kTableCells) known.insert(c.raw);
  std::set<std::string> seen;
  for (const auto& row : table->rows) {
    EXPECT_TRUE(known.count(row.time_frame)) << row.item << ": no case for '" << row.time_frame << "'";
    seen.insert(row.time_frame);
  }
  EXPECT_EQ(seen.size(), kTableCells.size()) << "a case names a cell the table does not have";
}

TEST(DeadlineSeeds, DetailsOfTheTableCells) {
  const auto annual = parse_deadline("Trong quý IV hằng năm", kRef001);
  ASSERT_TRUE(annual.due_rule);
  EXPECT_EQ(*annual.due_rule, (DueRule{12, 31}));
  EXPECT_EQ(to_json(annual)["due_rule"], nlohmann::json({{"month", 12}, {"day", 31}}));

  const auto both = parse_deadline("Thực hiện thường xuyên, hằng năm", kRef001);
  EXPECT_EQ(both.also, std::vector<ScheduleKind>{ScheduleKind::continuous});

  const auto from = parse_deadline("Theo hướng dẫn của Trung ương, thực hiện từ năm 2023", kRef001);
  ASSERT_TRUE(from.start);
  EXPECT_EQ(from.start->iso(), "2023-01-01");

  const auto budget = parse_deadline("Theo dự trù kinh phí hằng năm và nhiệm vụ phát sinh", kRef001);
  EXPECT_NE(budget.review_reason.find("du tru kinh phi"), std::string::npos) << budget.review_reason;

  const auto monthly = parse_deadline("(*hàng tháng, hàng quý*)", kRef000);
  EXPECT_EQ(monthly.recurrences, (std::vector<Recurrence>{Recurrence::monthly, Recurrence::quarterly}));
  EXPECT_EQ(to_json(monthly)["recurrences"], nlohmann::json({"monthly", "quarterly"}));

  const auto period = parse_deadline("giai đoạn 2021-2025");
  ASSERT_TRUE(period.start);
  EXPECT_EQ(period.start->iso(), "2021-01-01");

  const auto blank = parse_deadline("ngày tháng 7 năm 2023");
  EXPECT_NE(blank.review_reason.find("blank"), std::string::npos) << blank.review_reason;
  (void)kRef002;
}

}  // namespace
}  // namespace dauvet::events
