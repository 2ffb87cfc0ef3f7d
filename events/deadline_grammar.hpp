// Internal to the deadline grammar (deadline_*.cpp) and its tests: tokens and the phrases
// they form. parse_deadline folds the text (vn_text.hpp), tokenizes it, and at each token
// tries the phrase matchers; a token no matcher and no filler accepts makes the whole text
// need review. Matching yields items; deadline_parse.cpp combines them into a Schedule.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/deadline.hpp"

namespace dauvet::events::deadline_detail {

struct Token {
  enum class Kind { word, number, punct, other };
  Kind kind = Kind::other;
  std::string text;        // folded letters, digits, or the character(s)
  int value = 0;           // number: its value; -1 when longer than 9 digits
  std::size_t digits = 0;  // number: how many digits were written ("05" has 2)
};
using Tokens = std::vector<Token>;

// `folded` is fold_ascii output: lowercase ASCII letters, digits, punctuation, and any
// non-ASCII character left over (kept as one `other` token each).
Tokens tokenize(std::string_view folded);

bool word_at(const Tokens& t, std::size_t i, std::string_view word);
bool punct_at(const Tokens& t, std::size_t i, char c);
bool number_at(const Tokens& t, std::size_t i);
// The number of tokens of `phrase` ("thuc hien") found at i, or 0.
std::size_t phrase_at(const Tokens& t, std::size_t i, std::string_view phrase);

// The year a period is in, as written.
struct YearSpec {
  enum class Kind { none, written, this_year, next_year };
  Kind kind = Kind::none;
  int year = 0;
};

// A stretch of days named within a year: a day, month, quarter, half, the first or last N
// months, a year, or (with extra_years) several years. Its last day is its due date.
struct Span {
  int first_month = 1;
  int first_day = 1;
  int last_month = 12;
  int last_day = 31;        // past the month's end means its last day, unless exact
  bool exact = false;       // a written day: an impossible one (31/4) is an error, not clipped
  bool day_only = false;    // "ngày 20": a day of no month; only "hằng tháng" can use it
  int extra_years = 0;      // "2021-2025": the last day is 4 years after the first
  YearSpec year;
};

struct Item {
  enum class Kind { span, recurrence, continuous, conditional, on_demand, error };
  Kind kind = Kind::error;
  Span span;
  bool is_start = false;  // "từ ...": when work starts, not when it is due
  Recurrence recurrence = Recurrence::annual;
  // A cycle only named as a report's title ("sơ kết 6 tháng", "tổng kết năm"): a cycle when
  // the text gives no date, a label when it does.
  bool soft = false;
  std::string message;  // error: what is wrong, for review_reason
};

struct Match {
  std::size_t length = 0;
  std::vector<Item> items;
};

// Dates and periods: "15/7/2024", "ngày 13 tháng 02 năm 2023", "Quý IV/2025", "tháng 6",
// "năm 2030", "6 tháng đầu năm", "giai đoạn 2021-2025". deadline_spans.cpp.
std::optional<Match> match_span(const Tokens& t, std::size_t i);

// Everything else: cycles, continuous, conditional, on-demand, "từ ..." and the span
// matchers, in that order. `after_cycle`: a cycle was named just before ("6 tháng, năm").
// deadline_phrases.cpp.
std::optional<Match> match_phrase(const Tokens& t, std::size_t i, bool after_cycle);

// Words that carry no schedule of their own ("thực hiện", "hoàn thành", "trước", "và") and
// separators. Returns how many tokens at i are filler, or 0.
std::size_t match_filler(const Tokens& t, std::size_t i);

Item error_item(std::string message);

}  // namespace dauvet::events::deadline_detail
