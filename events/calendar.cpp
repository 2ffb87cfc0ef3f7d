#include "events/calendar.hpp"

#include <cstdio>

namespace dauvet::events::calendar {

namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

bool plausible_year(int y) { return y >= 1900 && y <= 2199; }

}  // namespace

bool is_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  const auto ys = t.substr(0, 4), ms = t.substr(5, 2), ds = t.substr(8, 2);
  if (!digits(ys) || !digits(ms) || !digits(ds)) return false;
  const int y = number(ys);
  const int m = number(ms);
  const int d = number(ds);
  return plausible_year(y) && m >= 1 && m <= 12 && d >= 1 && static_cast<unsigned>(d) <= days_in_month(y, static_cast<unsigned>(m));
}

// Howard Hinnant's civil calendar algorithms.
std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (static_cast<std::int64_t>(month) + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + static_cast<std::int64_t>(day) - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, int& year, unsigned& month, unsigned& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

std::string vn_date(std::int64_t unix_ms) {
  const std::int64_t local = unix_ms + kVietnamOffsetMs;
  constexpr std::int64_t kDayMs = 86400000;
  const std::int64_t days = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
  int y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

std::optional<Period> parse_period(std::string_view t) {
  if (t.size() < 4 || !digits(t.substr(0, 4))) return std::nullopt;
  const int year = number(t.substr(0, 4));
  if (!plausible_year(year)) return std::nullopt;
  if (t.size() == 4) return Period{PeriodKind::year, year, year, 0};
  if (t[4] != '-') return std::nullopt;
  const auto rest = t.substr(5);
  if (rest.size() == 2 && (rest[0] == 'H' || rest[0] == 'Q') && digits(rest.substr(1))) {
    const int part = rest[1] - '0';
    if (rest[0] == 'H' && part >= 1 && part <= 2) return Period{PeriodKind::half, year, year, part};
    if (rest[0] == 'Q' && part >= 1 && part <= 4) return Period{PeriodKind::quarter, year, year, part};
    return std::nullopt;
  }
  if (rest.size() == 2 && digits(rest)) {
    const int month = number(rest);
    if (month < 1 || month > 12) return std::nullopt;
    return Period{PeriodKind::month, year, year, month};
  }
  if (rest.size() == 4 && digits(rest)) {
    const int last = number(rest);
    if (!plausible_year(last) || last <= year) return std::nullopt;
    return Period{PeriodKind::years, year, last, 0};
  }
  return std::nullopt;
}

}  // namespace dauvet::events::calendar
