// Judgements at a moment: edges of the Vietnam day, the first submission deciding
// lateness, and exact indicator comparisons (410/533 against "trên 90%").
#include "events/judgement.hpp"

#include <gtest/gtest.h>

#include "events/calendar.hpp"

namespace dauvet::events {
namespace {

// Unix ms of a UTC wall-clock time.
std::int64_t utc(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return calendar::days_from_civil(y, m, d) * 86'400'000 + (hour * 60 + minute) * 60'000LL;
}

TEST(Judgement, DaysBetweenCountsCalendarDaysAndRefusesNonDates) {
  EXPECT_EQ(days_between("2024-06-20", "2024-06-21"), 1);
  EXPECT_EQ(days_between("2023-12-31", "2024-03-01"), 61);  // 2024 is a leap year
  EXPECT_EQ(days_between("2024-06-21", "2024-06-20"), -1);
  EXPECT_EQ(days_between("Quý III/2023", "2024-06-20"), std::nullopt);
  EXPECT_EQ(days_between("2024-02-30", "2024-06-20"), std::nullopt);
}

TEST(Judgement, AReportIsLateFromTheFirstMinuteOfTheNextVietnamDay) {
  ReportObligation o;
  o.status = ObligationStatus::submitted;
  o.submissions = 1;
  struct Case {
    std::int64_t first_ms;
    Timeliness want;
    std::int64_t days;
  };
  // Due 20 June: 23:59 Vietnam time is 16:59 UTC.
  const Case cases[] = {
      {utc(2024, 6, 20, 16, 59), Timeliness::on_time, 0},
      {utc(2024, 6, 20, 17, 0), Timeliness::late, 1},
      {utc(2024, 6, 1, 2, 0), Timeliness::on_time, 0},
      {utc(2024, 7, 1, 3, 0), Timeliness::late, 11},
  };
  for (const auto& c : cases) {
    o.first_submitted_ms = c.first_ms;
    const auto j = judge_obligation("2024-06-20", o, utc(2025, 1, 1, 0));
    EXPECT_EQ(j.timeliness, c.want) << c.first_ms;
    EXPECT_EQ(j.days_late, c.days) << c.first_ms;
  }
}

TEST(Judgement, AReturnedAndResubmittedReportKeepsTheVerdictOfItsFirstSubmission) {
  ReportObligation o;
  o.status = ObligationStatus::submitted;
  o.submissions = 2;
  o.returns = 1;
  o.first_submitted_ms = utc(2024, 6, 19, 3);
  o.last_submitted_ms = utc(2024, 6, 28, 3);  // after the due day: still on time
  EXPECT_EQ(judge_obligation("2024-06-20", o, utc(2024, 7, 1, 0)).timeliness, Timeliness::on_time);
  o.status = ObligationStatus::returned;
  EXPECT_EQ(judge_obligation("2024-06-20", o, utc(2024, 7, 1, 0)).timeliness, Timeliness::on_time);
}

TEST(Judgement, NothingSubmittedIsNotDueUntilTheDueDayEndsThenMissingByDays) {
  ReportObligation o;
  EXPECT_EQ(judge_obligation("2024-06-20", o, utc(2024, 6, 20, 16, 59)).timeliness, Timeliness::not_due);
  const auto missing = judge_obligation("2024-06-20", o, utc(2024, 6, 25, 3));
  EXPECT_EQ(missing.timeliness, Timeliness::missing);
  EXPECT_EQ(missing.days_late, 5);
  o.status = ObligationStatus::moved;
  EXPECT_EQ(judge_obligation("2024-06-20", o, utc(2024, 6, 25, 3)).timeliness, Timeliness::moved);
  EXPECT_EQ(timeliness_name(Timeliness::missing), "missing");
}

TEST(Judgement, ATaskIsOverdueWhileOpenAfterItsDueDayAndOnTimeWhenCompletedByIt) {
  TaskState t;
  t.status = TaskStatus::in_progress;
  t.due_changes.push_back(DueChange{7, "2024-03-31", "2024-06-20", "gia hạn", std::nullopt});
  auto j = judge_task(t, utc(2024, 6, 20, 16, 59));
  EXPECT_EQ(j.due, "2024-06-20");
  EXPECT_FALSE(j.overdue);
  j = judge_task(t, utc(2024, 6, 22, 1));
  EXPECT_TRUE(j.overdue);
  EXPECT_EQ(j.days_overdue, 2);
  EXPECT_FALSE(j.completed_on_time.has_value());

  t.status = TaskStatus::completed;
  t.completed_ms = utc(2024, 6, 20, 16, 0);
  j = judge_task(t, utc(2024, 7, 1, 0));
  EXPECT_FALSE(j.overdue);
  EXPECT_TRUE(j.completed);
  EXPECT_EQ(j.completed_on_time, true);
  t.completed_ms = utc(2024, 6, 20, 17, 0);
  EXPECT_EQ(judge_task(t, utc(2024, 7, 1, 0)).completed_on_time, false);

  TaskState recurring;  // no due date: never overdue, completion has no on-time verdict
  recurring.status = TaskStatus::completed;
  recurring.completed_ms = utc(2024, 6, 20, 16, 0);
  EXPECT_FALSE(judge_task(recurring, utc(2030, 1, 1, 0)).completed_on_time.has_value());
}

IndicatorState percent_target(std::string comparator, std::int64_t value, std::int64_t scale) {
  IndicatorState s;
  s.unit_of_measure = "%";
  s.comparator = std::move(comparator);
  s.target.value = value;
  s.target.scale = scale;
  return s;
}

Quantity of(std::int64_t num, std::int64_t den) {
  Quantity q;
  q.ratio = true;
  q.numerator = num;
  q.denominator = den;
  return q;
}

TEST(Judgement, IndicatorValuesAreComparedExactly) {
  const auto above_90 = percent_target(">", 9000, 100);  // "trên 90%"
  EXPECT_FALSE(meets_target(above_90, of(410, 533)));    // 76.92%
  EXPECT_TRUE(meets_target(above_90, of(480, 533)));     // 90.06%
  EXPECT_FALSE(meets_target(above_90, of(9, 10)));       // exactly 90%: not "trên"
  EXPECT_TRUE(meets_target(percent_target(">=", 90, 1), of(9, 10)));
  EXPECT_FALSE(meets_target(percent_target("<", 90, 1), of(9, 10)));
  EXPECT_TRUE(meets_target(percent_target("=", 9000, 100), of(9, 10)));

  Quantity three;  // "đạt từ 3% trở lên", reported as a scaled value
  three.value = 300;
  three.scale = 100;
  EXPECT_TRUE(meets_target(percent_target(">=", 3, 1), three));
  three.value = 299;
  EXPECT_FALSE(meets_target(percent_target(">=", 3, 1), three));

  IndicatorState count;  // a count of a total against a count of a total: compare the shares
  count.unit_of_measure = "tổ chức";
  count.comparator = ">=";
  count.target = of(57, 60);
  EXPECT_TRUE(meets_target(count, of(58, 60)));
  EXPECT_FALSE(meets_target(count, of(56, 60)));
  count.comparator = "~";
  EXPECT_FALSE(meets_target(count, of(58, 60)));
}

TEST(Judgement, DecimalTextRoundsHalfUp) {
  EXPECT_EQ(decimal_text(as_fraction(of(410, 533), "%"), 2), "76.92");
  EXPECT_EQ(decimal_text({1, 8}, 2), "0.13");
  EXPECT_EQ(decimal_text({-1, 8}, 2), "-0.13");
  EXPECT_EQ(decimal_text({9000, 100}, 2), "90.00");
  EXPECT_EQ(decimal_text({7, 1}, 0), "7");
  EXPECT_EQ(decimal_text(as_fraction(of(57, 60), "tổ chức"), 0), "57");
}

}  // namespace
}  // namespace dauvet::events
