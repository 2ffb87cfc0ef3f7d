#include "events/date.hpp"

#include <cstdio>

#include "events/calendar.hpp"

namespace dauvet::events {

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

bool Date::valid() const { return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m); }

bool Date::plausible() const { return valid() && y >= kMinYear && y <= kMaxYear; }

std::string Date::iso() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::optional<Date> Date::parse_iso(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8};
  const std::size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (std::size_t k = starts[i]; k < starts[i] + lengths[i]; ++k) {
      if (t[k] < '0' || t[k] > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (t[k] - '0');
    }
  }
  return make_date(parts[0], parts[1], parts[2]);
}

std::int64_t Date::days() const {
  return calendar::days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

Date Date::from_days(std::int64_t days) {
  int y = 0;
  unsigned m = 0, d = 0;
  calendar::civil_from_days(days, y, m, d);
  return Date{y, static_cast<int>(m), static_cast<int>(d)};
}

std::optional<Date> make_date(int y, int m, int d) {
  const Date date{y, m, d};
  if (!date.valid()) return std::nullopt;
  return date;
}

Date month_end(int y, int m) { return Date{y, m, days_in_month(y, m)}; }
Date quarter_end(int y, int q) { return month_end(y, q * 3); }
Date half_end(int y, int h) { return month_end(y, h * 6); }
Date year_end(int y) { return Date{y, 12, 31}; }

Date clipped_day(int y, int m, int d) {
  const int last = days_in_month(y, m);
  return Date{y, m, d < last ? d : last};
}

}  // namespace dauvet::events
