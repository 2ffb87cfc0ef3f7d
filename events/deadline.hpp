// The deadline grammar: a task's time frame (thời gian thực hiện) as written, read into a
// schedule. DESIGN.md, "Time and deadlines".
//
// Kinds:
//   once         one due date: "Quý III/2023" -> 2023-09-30, "xong trước ngày 31/12/2024"
//   milestones   several dates in order: "sơ kết trước 15/7/2024, tổng kết trước 15/02/2025"
//   recurring    a cycle with a due-day rule: "Trong quý IV hằng năm" -> each 31/12,
//                "hàng tháng" -> the last day of each month
//   continuous   "Thực hiện thường xuyên"; a completion it names is its due: "(Hoàn thành
//                ... vào quý IV/2025)" -> 2025-12-31
//   conditional  "khi có văn bản chỉ đạo của Trung ương", "Theo quy định, hướng dẫn của
//                Trung ương"; a fallback date is its due: "(Trong năm 2023)" -> 2023-12-31
//   on_demand    "theo yêu cầu", "đột xuất"
//   unknown      nothing readable, or needs_review
//
// A period is due on its last day (quarter, month, year, "6 tháng đầu năm", "giai đoạn
// 2021-2025"). Text the grammar cannot read completely, or that names a day that does not
// exist ("Quý V/2023", "31/02/2024"), is never guessed at: the schedule is unknown with
// needs_review set and review_reason saying what stopped it, and the raw text stays.
//
// A year-less date takes its year from the reference (the directive's date): a quarter,
// month or part of the year ("Quý I", "6 tháng đầu năm") falls in the first year where it
// ends on or after the reference; a written day ("trước 15/7") also on or after the date
// written before it, so "sơ kết trước 15/7, tổng kết trước 15/02" in a plan of 05/02/2024
// reads 2024-07-15 then 2025-02-15. "năm nay" is the reference's year exactly. Without a
// reference such text needs review.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "events/date.hpp"

namespace dauvet::events {

enum class ScheduleKind { once, milestones, recurring, continuous, conditional, on_demand, unknown };
enum class Recurrence { monthly, quarterly, semiannual, annual };

std::string_view schedule_kind_name(ScheduleKind k);  // "on_demand"
std::optional<ScheduleKind> parse_schedule_kind(std::string_view name);
std::string_view recurrence_name(Recurrence r);       // "semiannual"
std::optional<Recurrence> parse_recurrence(std::string_view name);

// When a recurring task falls due within each cycle. `day` past a month's end means that
// month's last day (31 -> 30/4, 28/2).
//   monthly     day `day` of every month; month unused (0)
//   quarterly   day `day` of month `month` (1..3) of each quarter: {3, 31} = each quarter's end
//   semiannual  day `day` of month `month` (1..6) of each half: {6, 31} = 30/6 and 31/12
//   annual      day `day` of month `month` (1..12): {12, 31} = each 31/12
struct DueRule {
  int month = 0;
  int day = 31;
  friend bool operator==(const DueRule&, const DueRule&) = default;
};

struct Schedule {
  ScheduleKind kind = ScheduleKind::unknown;
  std::vector<Date> due;                 // ascending, distinct; see the kinds above
  std::optional<Recurrence> recurrence;  // recurring: the shortest cycle named
  std::vector<Recurrence> recurrences;   // every cycle named, shortest first ("hàng tháng, hàng quý")
  std::optional<DueRule> due_rule;       // recurring only
  std::optional<Date> start;             // "từ năm 2023", "giai đoạn 2021-2025": work begins
  std::vector<ScheduleKind> also;        // other kinds the text names: "thường xuyên, hằng năm"
  bool needs_review = true;
  std::string review_reason;             // when needs_review: what the grammar could not read
  std::string raw;                       // the input exactly as given

  friend bool operator==(const Schedule&, const Schedule&) = default;
};

Schedule parse_deadline(std::string_view raw, std::optional<Date> reference = {});

// {"kind", "due": ["YYYY-MM-DD", ...], "recurrence": name or null, "needs_review", "raw"}
// always; "due_rule" {"month"?, "day"}, "recurrences" (when more than one), "start", "also"
// and "review_reason" only when they hold something.
nlohmann::json to_json(const Schedule& s);
// The inverse of to_json; refuses (Errc::invalid_argument, naming the field) a schedule
// whose parts contradict its kind, e.g. "once" with two dates or "recurring" without a cycle.
Result<Schedule> schedule_from_json(const nlohmann::json& j);

// Recurring: the first due date on or after `today` (and on or after start). Otherwise the
// schedule's first due date whatever `today` is — a one-off deadline stays due once passed;
// whether a milestone was met is for the projections to say. nullopt when there is none.
std::optional<Date> next_due(const Schedule& s, Date today);
// Every due date in [from, to], ascending: a recurring schedule's occurrences, or the listed
// dates. Report compliance asks this for a reporting window.
std::vector<Date> due_dates_between(const Schedule& s, Date from, Date to);

}  // namespace dauvet::events
