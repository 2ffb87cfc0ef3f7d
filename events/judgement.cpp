#include "events/judgement.hpp"

#include <cstdlib>

#include "events/calendar.hpp"

namespace dauvet::events {
namespace {

std::optional<std::int64_t> day_number(std::string_view iso) {
  if (!calendar::is_iso_date(iso)) return std::nullopt;
  const int y = std::atoi(std::string(iso.substr(0, 4)).c_str());
  const auto m = static_cast<unsigned>(std::atoi(std::string(iso.substr(5, 2)).c_str()));
  const auto d = static_cast<unsigned>(std::atoi(std::string(iso.substr(8, 2)).c_str()));
  return calendar::days_from_civil(y, m, d);
}

// The Vietnam day number of an instant.
std::int64_t vn_day(std::int64_t unix_ms) {
  const std::int64_t local = unix_ms + calendar::kVietnamOffsetMs;
  return local >= 0 ? local / 86'400'000 : (local - 86'399'999) / 86'400'000;
}

// Products of two int64 fit; __extension__ keeps -Wpedantic quiet about the GCC type.
__extension__ typedef __int128 Wide;

}  // namespace

std::optional<std::int64_t> days_between(std::string_view from, std::string_view to) {
  const auto a = day_number(from), b = day_number(to);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

TaskJudgement judge_task(const TaskState& task, std::int64_t at_ms) {
  return judge_task(task.status, task.due(), task.completed_ms, at_ms);
}

TaskJudgement judge_task(TaskStatus status, std::optional<std::string> due, std::int64_t completed_ms,
                         std::int64_t at_ms) {
  TaskJudgement j;
  j.due = std::move(due);
  const auto due_day = j.due ? day_number(*j.due) : std::nullopt;
  const std::int64_t today = vn_day(at_ms);
  if (due_day && task_open(status) && today > *due_day) {
    j.overdue = true;
    j.days_overdue = today - *due_day;
  }
  j.completed = completed_ms != 0 && (status == TaskStatus::completed || status == TaskStatus::verified);
  if (j.completed && due_day) j.completed_on_time = vn_day(completed_ms) <= *due_day;
  return j;
}

std::string_view timeliness_name(Timeliness t) {
  return kTimelinessNames[static_cast<std::size_t>(t)];
}

ObligationJudgement judge_obligation(std::string_view due, const ReportObligation& o, std::int64_t at_ms) {
  if (o.status == ObligationStatus::moved) return {Timeliness::moved, 0};
  const auto due_day = day_number(due);
  if (o.submissions > 0) {
    // The first submission decides, whatever happened after (reports.hpp).
    const std::int64_t after = due_day ? vn_day(o.first_submitted_ms) - *due_day : 0;
    if (after > 0) return {Timeliness::late, after};
    return {Timeliness::on_time, 0};
  }
  const std::int64_t overdue = due_day ? vn_day(at_ms) - *due_day : 0;
  if (overdue > 0) return {Timeliness::missing, overdue};
  return {Timeliness::not_due, 0};
}

Fraction as_fraction(const Quantity& q, std::string_view unit_of_measure) {
  if (!q.ratio) return {q.value, q.scale > 0 ? q.scale : 1};
  if (q.denominator <= 0) return {0, 1};
  if (unit_of_measure == "%") return {q.numerator * 100, q.denominator};
  return {q.numerator, 1};
}

std::string decimal_text(Fraction f, int decimals) {
  Wide scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const bool negative = (f.num < 0) != (f.den < 0) && f.num != 0;
  Wide num = f.num < 0 ? -static_cast<Wide>(f.num) : f.num;
  const Wide den = f.den < 0 ? -static_cast<Wide>(f.den) : f.den;
  const Wide scaled = (num * scale * 2 + den) / (den * 2);  // round half up
  const auto whole = static_cast<std::int64_t>(scaled / scale);
  std::string out = (negative ? "-" : "") + std::to_string(whole);
  if (decimals > 0) {
    std::string frac = std::to_string(static_cast<std::int64_t>(scaled % scale));
    out += "." + std::string(static_cast<std::size_t>(decimals) - frac.size(), '0') + frac;
  }
  return out;
}

bool meets_target(const IndicatorState& indicator, const Quantity& value) {
  // Both a count of a total: compare the shares themselves.
  const bool shares = value.ratio && indicator.target.ratio;
  const Fraction v = shares ? Fraction{value.numerator, value.denominator} : as_fraction(value, indicator.unit_of_measure);
  const Fraction t = shares ? Fraction{indicator.target.numerator, indicator.target.denominator}
                            : as_fraction(indicator.target, indicator.unit_of_measure);
  if (v.den <= 0 || t.den <= 0) return false;
  const Wide lhs = static_cast<Wide>(v.num) * t.den, rhs = static_cast<Wide>(t.num) * v.den;
  const std::string_view c = indicator.comparator;
  if (c == ">=") return lhs >= rhs;
  if (c == ">") return lhs > rhs;
  if (c == "<=") return lhs <= rhs;
  if (c == "<") return lhs < rhs;
  if (c == "=") return lhs == rhs;
  return false;
}

}  // namespace dauvet::events
