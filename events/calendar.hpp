// Business dates and reporting periods as the domain rules need them.
//
// A business date is a Vietnam calendar day (Asia/Ho_Chi_Minh, UTC+7, no DST) written
// "YYYY-MM-DD". "Due 20/6/2024" means by the end of 20 June in Vietnam, so an event is
// late exactly when the Vietnam date of its recorded_at is after the due date; comparing
// the ISO strings compares the days.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dauvet::events::calendar {

inline constexpr std::int64_t kVietnamOffsetMs = 7 * 3600 * 1000;

// "YYYY-MM-DD" naming a real day between 1900 and 2199.
bool is_iso_date(std::string_view text);

// The Vietnam date of an instant.
std::string vn_date(std::int64_t unix_ms);

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
void civil_from_days(std::int64_t days, int& year, unsigned& month, unsigned& day);

// A reporting period label:
//   "2024"        a year            (tổng kết năm)
//   "2024-H1"     a half year       (sơ kết 6 tháng: H1; H2)
//   "2024-Q3"     a quarter         (quý)
//   "2024-06"     a month           (hằng tháng)
//   "2020-2025"   a span of years   (giai đoạn 2020-2025)
enum class PeriodKind { year, half, quarter, month, years };

struct Period {
  PeriodKind kind = PeriodKind::year;
  int first_year = 0;
  int last_year = 0;
  int part = 0;  // the half, quarter or month; 0 for year and years
};

std::optional<Period> parse_period(std::string_view text);

}  // namespace dauvet::events::calendar
