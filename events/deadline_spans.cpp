// Dates and periods in a time frame. Everything is matched on folded text (no diacritics,
// lowercase), so "Quý IV/2025", "quy iv/2025" and "QUÍ 4 năm 2025" are one phrase.
#include <array>
#include <string>

#include "events/date.hpp"
#include "events/deadline_grammar.hpp"

namespace dauvet::events::deadline_detail {

namespace {

bool date_sep(const Tokens& t, std::size_t i) { return punct_at(t, i, '/') || punct_at(t, i, '-') || punct_at(t, i, '.'); }
bool short_number(const Tokens& t, std::size_t i) { return number_at(t, i) && t[i].digits <= 2; }
bool year_number(const Tokens& t, std::size_t i) { return number_at(t, i) && t[i].digits == 4; }

Match one(std::size_t length, Item item) { return Match{length, {std::move(item)}}; }

Item span_item(const Span& s) {
  Item it;
  it.kind = Item::Kind::span;
  it.span = s;
  return it;
}

// An error unless y is a year the ledger accepts.
std::optional<Item> check_year(int y) {
  if (y >= kMinYear && y <= kMaxYear) return std::nullopt;
  return error_item("year " + std::to_string(y) + " is outside " + std::to_string(kMinYear) + "-" +
                    std::to_string(kMaxYear));
}

struct YearPart {
  YearSpec spec;
  std::size_t length = 0;
  std::optional<Item> error;
};

// "/2025", "-2025", "năm 2025", "năm nay", "năm sau", or (bare_ok) "2025" right after.
YearPart year_part(const Tokens& t, std::size_t i, bool bare_ok) {
  YearPart p;
  std::size_t at = 0;
  if ((punct_at(t, i, '/') || punct_at(t, i, '-')) && number_at(t, i + 1)) {
    at = i + 1;
    p.length = 2;
  } else if (word_at(t, i, "nam") && number_at(t, i + 1)) {
    at = i + 1;
    p.length = 2;
  } else if (word_at(t, i, "nam") && word_at(t, i + 1, "nay")) {
    p.spec.kind = YearSpec::Kind::this_year;
    p.length = 2;
    return p;
  } else if (word_at(t, i, "nam") && (word_at(t, i + 1, "sau") || word_at(t, i + 1, "toi"))) {
    p.spec.kind = YearSpec::Kind::next_year;
    p.length = 2;
    return p;
  } else if (bare_ok && year_number(t, i)) {
    at = i;
    p.length = 1;
  } else {
    return p;
  }
  if (t[at].digits != 4) {
    p.error = error_item("a year needs four digits, not '" + t[at].text + "'");
    return p;
  }
  p.spec = YearSpec{YearSpec::Kind::written, t[at].value};
  p.error = check_year(t[at].value);
  return p;
}

// Roman (i..x) or arabic; 0 when the token is neither.
int numeral(const Tokens& t, std::size_t i) {
  static constexpr std::array<std::string_view, 10> kRoman{"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"};
  if (number_at(t, i)) return t[i].value;
  if (i >= t.size() || t[i].kind != Token::Kind::word) return 0;
  for (std::size_t k = 0; k < kRoman.size(); ++k) {
    if (t[i].text == kRoman[k]) return static_cast<int>(k) + 1;
  }
  return 0;
}

std::string numeral_text(const Tokens& t, std::size_t i) {
  std::string s = t[i].text;
  if (t[i].kind == Token::Kind::word) {
    for (char& c : s) c = static_cast<char>(c - ('a' - 'A'));
  }
  return s;
}

// A written day d/m: possible in some year (29/2 is; 31/4 never is).
std::optional<Item> check_day(int d, int m, const std::string& written) {
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(2000, m)) return error_item(written + " is not a date");
  return std::nullopt;
}

Span day_span(int d, int m) {
  Span s;
  s.first_month = s.last_month = m;
  s.first_day = s.last_day = d;
  s.exact = true;
  return s;
}

// d sep m [sep yyyy], yyyy-mm-dd, m/yyyy, yyyy-yyyy, yyyy. `after_ngay`: "ngày" came first,
// so a number/4-digit pair is a day, never a month and year.
std::optional<Match> numeric(const Tokens& t, std::size_t i, bool after_ngay) {
  if (!number_at(t, i)) return std::nullopt;
  if (year_number(t, i) && punct_at(t, i + 1, '-') && short_number(t, i + 2) && punct_at(t, i + 3, '-') &&
      short_number(t, i + 4)) {
    const std::string written = t[i].text + "-" + t[i + 2].text + "-" + t[i + 4].text;
    if (auto e = check_year(t[i].value)) return one(5, *e);
    if (!make_date(t[i].value, t[i + 2].value, t[i + 4].value)) return one(5, error_item(written + " is not a date"));
    Span s = day_span(t[i + 4].value, t[i + 2].value);
    s.year = YearSpec{YearSpec::Kind::written, t[i].value};
    return one(5, span_item(s));
  }
  if (year_number(t, i) && punct_at(t, i + 1, '-') && year_number(t, i + 2) && !after_ngay) {
    const int a = t[i].value, b = t[i + 2].value;
    if (auto e = check_year(a)) return one(3, *e);
    if (auto e = check_year(b)) return one(3, *e);
    if (b < a) return one(3, error_item(t[i].text + "-" + t[i + 2].text + " ends before it starts"));
    Span s;
    s.year = YearSpec{YearSpec::Kind::written, a};
    s.extra_years = b - a;
    return one(3, span_item(s));
  }
  if (year_number(t, i) && !after_ngay) {
    if (auto e = check_year(t[i].value)) return one(1, *e);
    Span s;
    s.year = YearSpec{YearSpec::Kind::written, t[i].value};
    return one(1, span_item(s));
  }
  if (!short_number(t, i) || !date_sep(t, i + 1) || !number_at(t, i + 2)) return std::nullopt;
  const char sep = t[i + 1].text[0];
  const int a = t[i].value, b = t[i + 2].value;
  if (t[i + 2].digits == 4 && !after_ngay && sep != '.') {  // "6/2024": a month
    if (a < 1 || a > 12) return one(3, error_item(t[i].text + "/" + t[i + 2].text + " is not a month"));
    if (auto e = check_year(b)) return one(3, *e);
    Span s;
    s.first_month = s.last_month = a;
    s.year = YearSpec{YearSpec::Kind::written, b};
    return one(3, span_item(s));
  }
  if (t[i + 2].digits > 2) return std::nullopt;
  std::string written = t[i].text + sep + t[i + 2].text;
  if (punct_at(t, i + 3, sep) && number_at(t, i + 4)) {
    written += sep + t[i + 4].text;
    if (t[i + 4].digits != 4) return one(5, error_item("a year needs four digits: " + written));
    if (auto e = check_year(t[i + 4].value)) return one(5, *e);
    if (!make_date(t[i + 4].value, b, a)) return one(5, error_item(written + " is not a date"));
    Span s = day_span(a, b);
    s.year = YearSpec{YearSpec::Kind::written, t[i + 4].value};
    return one(5, span_item(s));
  }
  if (sep == '.') return std::nullopt;  // "15.7" reads as a decimal as much as a day
  if (auto e = check_day(a, b, written)) return one(3, *e);
  return one(3, span_item(day_span(a, b)));
}

// "ngày 15 tháng 7 [năm 2024]", "ngày 15/7/2024", "ngày 20" (a day of each month).
std::optional<Match> with_ngay(const Tokens& t, std::size_t i) {
  if (!word_at(t, i, "ngay")) return std::nullopt;
  if (word_at(t, i + 1, "thang")) return one(1, error_item("the day of 'ngay thang ...' is left blank"));
  if (!number_at(t, i + 1)) return std::nullopt;
  if (word_at(t, i + 2, "thang") && number_at(t, i + 3)) {
    const int d = t[i + 1].value, m = t[i + 3].value;
    const std::string written = t[i + 1].text + "/" + t[i + 3].text;
    YearPart y;
    if (word_at(t, i + 4, "nam")) y = year_part(t, i + 4, false);
    const std::size_t length = 4 + y.length;
    if (y.error) return one(length, *y.error);
    if (y.spec.kind == YearSpec::Kind::written && !make_date(y.spec.year, m, d)) {
      return one(length, error_item(written + "/" + std::to_string(y.spec.year) + " is not a date"));
    }
    if (auto e = check_day(d, m, written)) return one(length, *e);
    Span s = day_span(d, m);
    s.year = y.spec;
    return one(length, span_item(s));
  }
  if (auto m = numeric(t, i + 1, true)) {
    ++m->length;
    return m;
  }
  const int d = t[i + 1].value;
  if (d < 1 || d > 31) return one(2, error_item("there is no day " + t[i + 1].text + " in a month"));
  Span s;
  s.last_day = d;
  s.day_only = true;
  return one(2, span_item(s));
}

// "quý IV/2025", "quý 1 năm 2024", "quý I" (year from the reference), "Q4/2025".
std::optional<Match> quarter(const Tokens& t, std::size_t i) {
  if (!word_at(t, i, "quy") && !word_at(t, i, "qui") && !word_at(t, i, "q")) return std::nullopt;
  const int q = numeral(t, i + 1);
  if (q == 0) return std::nullopt;
  const YearPart y = year_part(t, i + 2, true);
  const std::size_t length = 2 + y.length;
  if (q > 4) return one(length, error_item("there is no quarter " + numeral_text(t, i + 1)));
  if (y.error) return one(length, *y.error);
  Span s;
  s.first_month = q * 3 - 2;
  s.last_month = q * 3;
  s.year = y.spec;
  return one(length, span_item(s));
}

// "tháng 6/2024", "tháng 06 năm 2024", "tháng 6".
std::optional<Match> month(const Tokens& t, std::size_t i) {
  if (!word_at(t, i, "thang") || !number_at(t, i + 1)) return std::nullopt;
  const YearPart y = year_part(t, i + 2, true);
  const std::size_t length = 2 + y.length;
  const int m = t[i + 1].value;
  if (m < 1 || m > 12) return one(length, error_item("there is no month " + t[i + 1].text));
  if (y.error) return one(length, *y.error);
  Span s;
  s.first_month = s.last_month = m;
  s.year = y.spec;
  return one(length, span_item(s));
}

// "6 tháng đầu năm [2024]" (to 30/6), "6 tháng cuối năm" (to 31/12), "nửa đầu năm".
std::optional<Match> part_of_year(const Tokens& t, std::size_t i) {
  int n = 0;
  std::size_t k = 0;  // tokens before "đầu" / "cuối"
  if (number_at(t, i) && word_at(t, i + 1, "thang")) {
    n = t[i].value;
    k = 2;
  } else if (word_at(t, i, "nua")) {
    n = 6;
    k = 1;
  } else {
    return std::nullopt;
  }
  const bool first = word_at(t, i + k, "dau");
  if ((!first && !word_at(t, i + k, "cuoi")) || !word_at(t, i + k + 1, "nam")) return std::nullopt;
  const YearPart y = year_part(t, i + k + 1, false);
  const std::size_t length = k + 1 + (y.length > 0 ? y.length : 1);
  if (n < 1 || n > 12) return one(length, error_item("a year has no " + t[i].text + " months"));
  if (y.error) return one(length, *y.error);
  Span s;
  if (first) {
    s.last_month = n;
  } else {
    s.first_month = 13 - n;
  }
  s.year = y.spec;
  return one(length, span_item(s));
}

// "năm 2030", "năm nay", "năm 2021-2025", "cuối năm [2024]".
std::optional<Match> year(const Tokens& t, std::size_t i) {
  if (word_at(t, i, "nam") && year_number(t, i + 1) && punct_at(t, i + 2, '-') && year_number(t, i + 3)) {
    auto m = numeric(t, i + 1, false);
    ++m->length;
    return m;
  }
  if (word_at(t, i, "nam") && number_at(t, i + 1) && t[i + 1].digits != 4) {
    return one(2, error_item("a year needs four digits, not '" + t[i + 1].text + "'"));
  }
  const YearPart y = year_part(t, i, false);
  if (y.length == 0) return std::nullopt;
  if (y.error) return one(y.length, *y.error);
  Span s;
  s.year = y.spec;
  return one(y.length, span_item(s));
}

}  // namespace

std::optional<Match> match_span(const Tokens& t, std::size_t i) {
  if (word_at(t, i, "cuoi")) {  // "cuối quý IV/2024", "cuối tháng 6", "cuối năm": the same last day
    if (word_at(t, i + 1, "nam") && !number_at(t, i + 2) && !word_at(t, i + 2, "nay") &&
        !word_at(t, i + 2, "sau") && !word_at(t, i + 2, "toi")) {
      return one(2, span_item(Span{}));
    }
    for (auto matcher : {quarter, month, year}) {
      if (auto m = matcher(t, i + 1)) {
        ++m->length;
        return m;
      }
    }
    return std::nullopt;
  }
  for (auto matcher : {with_ngay, quarter, month, part_of_year, year}) {
    if (auto m = matcher(t, i)) return m;
  }
  return numeric(t, i, false);
}

}  // namespace dauvet::events::deadline_detail
