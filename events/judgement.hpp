// Judgements that depend on when you ask: whether a task is overdue, whether a unit's
// report came on time, late, or is missing, whether an indicator value meets its target.
//
// They are never stored. An aggregate's state says what happened (due dates, submission
// times, values); the answer to "was it late?" is computed from that state and a moment
// T, so it never goes stale and an as-of read judges exactly as someone would have at T.
//
// Days are Vietnam calendar days (calendar.hpp): a deadline "20/6/2024" holds until the
// end of 20 June, UTC+7. "Days late" counts calendar days after the due day: submitted on
// 21 June is 1 day late; a report still missing on 25 June is 5 days overdue.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/indicators.hpp"
#include "events/reports.hpp"
#include "events/tasks.hpp"

namespace dauvet::events {

// Calendar days from one ISO date to another (to - from); nullopt unless both are dates.
std::optional<std::int64_t> days_between(std::string_view from, std::string_view to);

struct TaskJudgement {
  std::optional<std::string> due;  // the due date in force
  bool overdue = false;            // open, and the due day ended before T
  std::int64_t days_overdue = 0;
  bool completed = false;          // completed or verified by T
  std::optional<bool> completed_on_time;  // set when completed and the task had a due date
};
TaskJudgement judge_task(const TaskState& task, std::int64_t at_ms);
// The same from the only fields it reads (what projections/facts.hpp keeps of a task).
TaskJudgement judge_task(TaskStatus status, std::optional<std::string> due, std::int64_t completed_ms,
                         std::int64_t at_ms);

// How a unit stands with one report request at T.
enum class Timeliness {
  not_due,  // nothing submitted yet, and the due day has not ended
  on_time,  // first submission on or before the due day
  late,     // first submission after it
  missing,  // nothing submitted, and the due day has ended
  moved,    // the obligation passed to a successor unit (merge, dissolution)
};
inline constexpr std::array<std::string_view, 5> kTimelinessNames{"not_due", "on_time", "late", "missing", "moved"};
std::string_view timeliness_name(Timeliness t);

struct ObligationJudgement {
  Timeliness timeliness = Timeliness::not_due;
  std::int64_t days_late = 0;  // late: after the due day; missing: days overdue so far
};
ObligationJudgement judge_obligation(std::string_view due, const ReportObligation& obligation, std::int64_t at_ms);

// A quantity as a fraction num/den, in the indicator's terms: a count of a total is a
// percentage when the unit of measure is "%" (410 of 533 -> 76.92...), otherwise its count.
struct Fraction {
  std::int64_t num = 0;
  std::int64_t den = 1;
};
Fraction as_fraction(const Quantity& q, std::string_view unit_of_measure);

// `decimals` digits after the point, rounded half up: 410/533 of "%" at 2 -> "76.92".
std::string decimal_text(Fraction f, int decimals);

// Whether `value` satisfies "comparator target" (">" 90% for "trên 90%"); exact, no floats.
bool meets_target(const IndicatorState& indicator, const Quantity& value);

}  // namespace dauvet::events
