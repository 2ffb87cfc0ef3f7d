// A calendar day as the deadline grammar and the schedules need it.
//
// Business dates are Vietnam calendar days (DESIGN.md, "Time and deadlines"): "due
// 20/6/2024" means by the end of that day in Vietnam, so a due date is a plain day with no
// time or zone. Arithmetic goes through days since 1970-01-01 (calendar.hpp), so adding a
// month or finding a quarter's end never walks the calendar by hand.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dauvet::events {

// Years the grammar and the ledger accept; calendar::is_iso_date uses the same range, so
// every date a schedule holds passes the command field checks.
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2199;

bool is_leap_year(int y);
// 28..31; 0 for a month outside 1..12.
int days_in_month(int y, int m);

struct Date {
  int y = 1970;
  int m = 1;
  int d = 1;

  // A real day of the proleptic Gregorian calendar with a four-digit year.
  bool valid() const;
  // Valid and within kMinYear..kMaxYear.
  bool plausible() const;

  std::string iso() const;  // "2024-07-15"
  // Strict "YYYY-MM-DD" naming a valid day; nullopt otherwise.
  static std::optional<Date> parse_iso(std::string_view text);

  std::int64_t days() const;  // since 1970-01-01
  static Date from_days(std::int64_t days);
  Date plus_days(std::int64_t n) const { return from_days(days() + n); }

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;
};

// nullopt when y-m-d is not a real day.
std::optional<Date> make_date(int y, int m, int d);
// The last day of a month, and of a quarter (1..4), half year (1..2) and year.
Date month_end(int y, int m);
Date quarter_end(int y, int q);
Date half_end(int y, int h);
Date year_end(int y);
// Day `d` of a month, or its last day when the month is shorter ("31 of each month" falls
// on 30/4 and 28/2).
Date clipped_day(int y, int m, int d);

}  // namespace dauvet::events
