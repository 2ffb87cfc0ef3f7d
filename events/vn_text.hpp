// Vietnamese text as people type it: with or without diacritics, precomposed (NFC) or
// decomposed (combining marks, as macOS and some PDF tools produce), any case, stray
// spaces, and the markup a copied table cell brings along (<i>…</i>, *…*).
//
// Two folds serve two purposes:
//   fold_ascii  drops every mark, for grammars that must read "Quý IV/2025", "quy iv/2025"
//               and "QUÝ IV/2025" alike (the deadline grammar);
//   unit_key    keeps the marks, because they carry meaning in names ("Ban" and "Bàn" are
//               different words), and folds only what does not: case, spacing, composition
//               and the old/new tone placement ("Tỉnh uỷ" and "Tỉnh ủy").
// Invalid UTF-8 bytes become U+FFFD rather than failing: these functions read, they do not
// validate (fields.hpp does).
#pragma once

#include <string>
#include <string_view>

namespace dauvet::events {

// Lowercase ASCII without diacritics, đ/Đ -> d, every run of whitespace (tabs, newlines,
// no-break spaces) -> one space, trimmed. Dashes and minus signs become '-'; curly quotes
// become straight ones; other characters pass through unchanged.
//   "Thực hiện  THƯỜNG XUYÊN" -> "thuc hien thuong xuyen"
std::string fold_ascii(std::string_view text);

// Precomposed (NFC) and lowercased with a Vietnamese case map ("Ủy" -> "ủy", "Đ" -> "đ"),
// otherwise unchanged: spacing and punctuation stay as written.
std::string vn_lower(std::string_view text);

// A comparison key for unit names: vn_lower, whitespace collapsed and trimmed, spaces
// around hyphens made uniform ("Cơ quan- Doanh nghiệp" = "Cơ quan - Doanh nghiệp"),
// trailing punctuation dropped, and the tone of a final oa/oe/uy on its first vowel, so
// "Văn Phòng  Tỉnh uỷ" and "Văn phòng Tỉnh ủy" give the same key.
std::string unit_key(std::string_view name);

// Text without HTML tags (<i>, </i>, <br/>, <span class="x">) and with &nbsp; &amp; &lt;
// &gt; &quot; decoded. A '<' that does not open a tag stays.
std::string strip_html(std::string_view text);
// strip_html, and without the '*' and '_' of Markdown emphasis: "(*Thực hiện thường
// xuyên*)" as the seed documents write it.
std::string strip_markup(std::string_view text);

// Whitespace runs -> one ASCII space, trimmed; nothing else changes.
std::string collapse_whitespace(std::string_view text);

// True when the first character is a capital letter (A-Z, Đ, Ủ, Â, ...).
bool starts_upper(std::string_view text);

}  // namespace dauvet::events
