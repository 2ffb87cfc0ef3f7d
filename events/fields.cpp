#include "events/fields.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include "events/calendar.hpp"

namespace dauvet::events::field {

namespace {

Result<void> bad(const std::string& field, std::string message) {
  return fail(Errc::invalid_argument, std::move(message), field);
}

// Quoted for a message, cut so one bad cell cannot flood a log line.
std::string shown(std::string_view value) {
  constexpr std::size_t kShow = 80;
  if (!valid_utf8(value)) return "(not valid UTF-8)";
  std::string out = "'";
  if (value.size() <= kShow) {
    out += value;
  } else {
    std::size_t cut = kShow;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
    out += value.substr(0, cut);
    out += "...";
  }
  return out + "'";
}

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

Result<void> text_rule(std::string_view value, const std::string& field, std::size_t max, bool multi_line) {
  if (!valid_utf8(value)) return bad(field, "is not valid UTF-8 text");
  if (value.size() > max) {
    return bad(field, "is " + std::to_string(value.size()) + " bytes long; at most " + std::to_string(max) +
                          " are accepted");
  }
  if (blank(value)) return bad(field, "must not be empty (bắt buộc)");
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0x7F || (u < 0x20 && !(multi_line && (c == '\n' || c == '\t' || c == '\r')))) {
      return bad(field, multi_line ? "contains a control character other than a line break or tab"
                                   : "must be one line without control characters");
    }
  }
  return {};
}

}  // namespace

bool valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::string join(std::span<const std::string_view> items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string at(const std::string& f, std::size_t index) { return f + "[" + std::to_string(index) + "]"; }
std::string dot(const std::string& f, std::string_view member) {
  return f.empty() ? std::string(member) : f + "." + std::string(member);
}

Result<void> id(std::string_view value, const std::string& f, std::string_view what) {
  if (value.empty()) return bad(f, "is required: the " + std::string(what) + " (mã định danh)");
  if (value.size() > kIdMax) {
    return bad(f, "is a " + std::string(what) + " of " + std::to_string(value.size()) + " characters; at most " +
                      std::to_string(kIdMax) + " are accepted");
  }
  const auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  };
  const bool first_ok = std::isalnum(static_cast<unsigned char>(value[0])) != 0;
  if (!first_ok || !std::all_of(value.begin(), value.end(), ok)) {
    return bad(f, shown(value) + " is not a valid " + std::string(what) +
                      ": use letters a-z, digits and . _ - without accents or spaces, starting with a letter or "
                      "digit (e.g. 'ban-to-chuc-tinh-uy')");
  }
  return {};
}

Result<void> ids(const std::vector<std::string>& values, const std::string& f, std::string_view what,
                 bool non_empty) {
  if (non_empty && values.empty()) return bad(f, "must name at least one " + std::string(what));
  if (values.size() > kListMax) return bad(f, "lists more than " + std::to_string(kListMax) + " entries");
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < values.size(); ++i) {
    DAUVET_TRY(id(values[i], at(f, i), what));
    if (!seen.insert(values[i]).second) return bad(at(f, i), shown(values[i]) + " is listed twice");
  }
  return {};
}

Result<void> line(std::string_view value, const std::string& f) { return text_rule(value, f, kLineMax, false); }
Result<void> optional_line(std::string_view value, const std::string& f) {
  return value.empty() ? Result<void>{} : line(value, f);
}
Result<void> text(std::string_view value, const std::string& f) { return text_rule(value, f, kTextMax, true); }
Result<void> optional_text(std::string_view value, const std::string& f) {
  return value.empty() ? Result<void>{} : text(value, f);
}

Result<void> lines(const std::vector<std::string>& values, const std::string& f, bool non_empty) {
  if (non_empty && values.empty()) return bad(f, "must hold at least one entry");
  if (values.size() > kListMax) return bad(f, "lists more than " + std::to_string(kListMax) + " entries");
  for (std::size_t i = 0; i < values.size(); ++i) DAUVET_TRY(text(values[i], at(f, i)));
  return {};
}

Result<void> symbol(std::string_view value, const std::string& f) {
  DAUVET_TRY(text_rule(value, f, 128, false));
  if (value.find('/') == std::string_view::npos) {
    return bad(f, shown(value) + " is not a document symbol: a symbol has the form number-KIND/ISSUER, e.g. "
                                 "'26-CTr/TU' or '252/UBND-NC' (số, ký hiệu văn bản)");
  }
  return {};
}

Result<void> item(std::string_view value, const std::string& f) {
  DAUVET_TRY(text_rule(value, f, 32, false));
  if (value.find('/') != std::string_view::npos || value.find(' ') != std::string_view::npos) {
    return bad(f, shown(value) + " is not a task item: write the item number as in the table, e.g. 'I.10', "
                                 "'II.7' or '4.a', without '/' or spaces");
  }
  return {};
}

Result<void> date(std::string_view value, const std::string& f) {
  if (value.empty()) return bad(f, "is required: a date written YYYY-MM-DD (ngày), e.g. 2024-06-20");
  if (!calendar::is_iso_date(value)) {
    return bad(f, shown(value) + " is not a date: write YYYY-MM-DD (e.g. 2024-06-20 for 20/6/2024) naming a "
                                 "real day");
  }
  return {};
}
Result<void> optional_date(std::string_view value, const std::string& f) {
  return value.empty() ? Result<void>{} : date(value, f);
}

Result<void> sha256(std::string_view value, const std::string& f) {
  const bool hex = value.size() == 64 && std::all_of(value.begin(), value.end(), [](char c) {
                     return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                   });
  if (!hex) return bad(f, "must be a SHA-256 of the stored document: 64 lowercase hex digits");
  return {};
}
Result<void> optional_sha256(std::string_view value, const std::string& f) {
  return value.empty() ? Result<void>{} : sha256(value, f);
}

Result<void> period(std::string_view value, const std::string& f) {
  if (!calendar::parse_period(value)) {
    return bad(f, shown(value) + " is not a period: write '2024' (năm), '2024-H1' (6 tháng), '2024-Q3' (quý), "
                                 "'2024-06' (tháng) or '2020-2025' (giai đoạn)");
  }
  return {};
}

bool contains(std::span<const std::string_view> allowed, std::string_view value) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

Result<void> one_of(std::string_view value, const std::string& f, std::span<const std::string_view> allowed,
                    std::string_view what) {
  if (contains(allowed, value)) return {};
  return bad(f, shown(value) + " is not a known " + std::string(what) + "; one of: " + join(allowed));
}

}  // namespace dauvet::events::field
