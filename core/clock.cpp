#include "core/clock.hpp"

#include <charconv>
#include <chrono>

namespace dauvet::clock {
namespace {

using namespace std::chrono;

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kVietnamOffsetMs = 7 * 3'600'000;

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

void put2(std::string& out, unsigned v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

// Days since 1970-01-01 for a valid civil date, or nullopt.
std::optional<std::int64_t> epoch_days(int y, int m, int d) {
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd}.time_since_epoch().count();
}

struct Parsed {
  std::int64_t ms;  // local wall time as if UTC
  std::size_t end;  // position after what was read
};

// "YYYY-MM-DDTHH:MM:SS" then optional ".fraction"
std::optional<Parsed> date_time(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec))
    return std::nullopt;
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  auto days = epoch_days(y, mo, d);
  if (!days) return std::nullopt;
  std::int64_t ms = *days * kMsPerDay + ((h * 60 + mi) * 60 + sec) * std::int64_t{1000};
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t start = ++pos;
    int frac = 0, scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      frac += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
    ms += frac;
  }
  return Parsed{ms, pos};
}

}  // namespace

std::int64_t system_ms() {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_utc_ms(std::int64_t unix_ms) {
  const std::int64_t days = unix_ms >= 0 ? unix_ms / kMsPerDay : -((-unix_ms + kMsPerDay - 1) / kMsPerDay);
  std::int64_t rem = unix_ms - days * kMsPerDay;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  std::string out;
  out.reserve(24);
  char ybuf[8];
  auto [yend, ec] = std::to_chars(ybuf, ybuf + sizeof ybuf, static_cast<int>(ymd.year()));
  out.append(4 - std::min<std::ptrdiff_t>(4, yend - ybuf), '0');
  out.append(ybuf, yend);
  out.push_back('-');
  put2(out, static_cast<unsigned>(ymd.month()));
  out.push_back('-');
  put2(out, static_cast<unsigned>(ymd.day()));
  out.push_back('T');
  put2(out, static_cast<unsigned>(rem / 3'600'000));
  rem %= 3'600'000;
  out.push_back(':');
  put2(out, static_cast<unsigned>(rem / 60'000));
  rem %= 60'000;
  out.push_back(':');
  put2(out, static_cast<unsigned>(rem / 1000));
  out.push_back('.');
  const auto ms = static_cast<unsigned>(rem % 1000);
  out.push_back(static_cast<char>('0' + ms / 100));
  put2(out, ms % 100);
  out.push_back('Z');
  return out;
}

std::optional<std::int64_t> parse_utc_ms(std::string_view text) {
  if (text.size() != 24 || text[19] != '.' || text[23] != 'Z' || text[10] != 'T') return std::nullopt;
  auto p = date_time(text);
  if (!p || p->end != 23) return std::nullopt;
  return p->ms;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  if (text.size() == 10) {
    int y, m, d;
    if (!digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, m) || text[7] != '-' || !digits(text, 8, 2, d))
      return std::nullopt;
    auto days = epoch_days(y, m, d);
    if (!days) return std::nullopt;
    return (*days + 1) * kMsPerDay - 1 - kVietnamOffsetMs;
  }
  auto p = date_time(text);
  if (!p) return std::nullopt;
  const std::string_view zone = text.substr(p->end);
  if (zone == "Z" || zone == "z") return p->ms;
  int oh, om;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !digits(zone, 1, 2, oh) || zone[3] != ':' ||
      !digits(zone, 4, 2, om) || oh > 23 || om > 59)
    return std::nullopt;
  const std::int64_t offset = (oh * 60 + om) * std::int64_t{60'000};
  return zone[0] == '+' ? p->ms - offset : p->ms + offset;
}

}  // namespace dauvet::clock
