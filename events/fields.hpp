// Field rules shared by every command: ids, text, symbols, dates, hashes, periods.
//
// Each check names the field at fault (Error::field, e.g. "from[2]") and says what is
// wrong and what would be right, so the API can show it next to the input and an importer
// can print it next to the spreadsheet cell. All failures are Errc::invalid_argument.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

// Propagates a failed Result<...> from a check: `DAUVET_TRY(field::date(c.due, "due"));`.
#define DAUVET_TRY(...)                                                       \
  do {                                                                        \
    if (auto dauvet_try_result_ = (__VA_ARGS__); !dauvet_try_result_)         \
      return ::tl::unexpected<::dauvet::Error>(std::move(dauvet_try_result_.error())); \
  } while (false)

namespace dauvet::events::field {

inline constexpr std::size_t kIdMax = 64;
inline constexpr std::size_t kLineMax = 2000;    // names, titles, signers, numbers, reasons
inline constexpr std::size_t kTextMax = 20000;   // task content, findings, conclusions
inline constexpr std::size_t kListMax = 1000;    // units in a list, evidence indexes

bool valid_utf8(std::string_view s) noexcept;

// "a, b, c" for messages.
std::string join(std::span<const std::string_view> items);

// An id: 1 to 64 characters [A-Za-z0-9._-], starting with a letter or digit; never '/'.
Result<void> id(std::string_view value, const std::string& field, std::string_view what);
// A list of distinct ids; `non_empty` when at least one is required.
Result<void> ids(const std::vector<std::string>& values, const std::string& field, std::string_view what,
                 bool non_empty);

// Required one-line text as written (Vietnamese, any case): valid UTF-8, not blank, no
// control characters, at most kLineMax bytes.
Result<void> line(std::string_view value, const std::string& field);
// Optional one-line text: empty is fine, otherwise as line().
Result<void> optional_line(std::string_view value, const std::string& field);
// Required multi-line text: as line() but newlines and tabs allowed, up to kTextMax bytes.
Result<void> text(std::string_view value, const std::string& field);
Result<void> optional_text(std::string_view value, const std::string& field);
Result<void> lines(const std::vector<std::string>& values, const std::string& field, bool non_empty);

// A document symbol as written: "26-CTr/TU", "252/UBND-NC", "01 - KH/BCĐ", "/KH-UBND".
Result<void> symbol(std::string_view value, const std::string& field);
// A task item within its directive: "I.10", "II.7", "4.a" — no '/' or whitespace.
Result<void> item(std::string_view value, const std::string& field);

Result<void> date(std::string_view value, const std::string& field);
Result<void> optional_date(std::string_view value, const std::string& field);
// 64 lowercase hex digits: a blob's SHA-256.
Result<void> sha256(std::string_view value, const std::string& field);
Result<void> optional_sha256(std::string_view value, const std::string& field);
// A reporting period label (calendar.hpp): "2024", "2024-H1", "2024-Q3", "2024-06", "2020-2025".
Result<void> period(std::string_view value, const std::string& field);

Result<void> one_of(std::string_view value, const std::string& field, std::span<const std::string_view> allowed,
                    std::string_view what);
bool contains(std::span<const std::string_view> allowed, std::string_view value);

// "from[2]", "subjects[0].unit".
std::string at(const std::string& field, std::size_t index);
std::string dot(const std::string& field, std::string_view member);

}  // namespace dauvet::events::field
