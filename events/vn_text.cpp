#include "events/vn_text.hpp"

#include <array>
#include <cstdint>
#include <vector>

#include "events/vn_letters.hpp"

namespace dauvet::events {

namespace {

using namespace vn_detail;

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    if (b < 0x80) { len = 1; cp = b; }
    else if ((b & 0xE0) == 0xC0) { len = 2; cp = b & 0x1Fu; }
    else if ((b & 0xF0) == 0xE0) { len = 3; cp = b & 0x0Fu; }
    else if ((b & 0xF8) == 0xF0) { len = 4; cp = b & 0x07u; }
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    // Overlong forms and surrogates are as invalid as a stray continuation byte.
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) { out.push_back(0xFFFD); ++i; continue; }
    out.push_back(cp);
    i += len;
  }
  return out;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_space(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}
bool is_combining(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }
bool is_dash(char32_t cp) { return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212; }
bool is_ascii_letter(char32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'); }
bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

// One visible character after composition: a letter as base + quality + tone (so case
// and tone can change independently), or any other code point as is.
struct Glyph {
  bool letter = false;
  char base = 0;
  std::uint8_t quality = kPlain;
  std::uint8_t tone = kNoTone;
  bool upper = false;
  char32_t cp = 0;         // when not a letter
  std::u32string marks;    // combining marks no precomposed letter can hold
};

std::vector<Glyph> glyphs(std::string_view text, bool lower) {
  std::vector<Glyph> out;
  for (const char32_t cp : decode(text)) {
    Glyph g;
    if (is_ascii_letter(cp)) {
      g.letter = true;
      g.upper = cp <= 'Z';
      g.base = static_cast<char>(g.upper ? cp + ('a' - 'A') : cp);
    } else if (const Letter* l = find_letter(cp)) {
      if (l->quality == kOther) {
        g.cp = lower ? l->lower : cp;
      } else {
        g.letter = true;
        g.base = l->base;
        g.quality = l->quality;
        g.tone = l->tone;
        g.upper = l->upper != 0;
      }
    } else if (is_combining(cp) && !out.empty() && out.back().letter) {
      Glyph& prev = out.back();
      std::uint8_t mark = 0;
      if (quality_mark(cp, mark) && prev.quality == kPlain && prev.marks.empty()) {
        prev.quality = mark;
      } else if (tone_mark(cp, mark) && prev.tone == kNoTone && prev.marks.empty()) {
        prev.tone = mark;
      } else {
        prev.marks.push_back(cp);
      }
      continue;
    } else {
      g.cp = cp;
    }
    if (lower) g.upper = false;
    out.push_back(std::move(g));
  }
  return out;
}

std::string render(const std::vector<Glyph>& gs) {
  std::string out;
  for (const auto& g : gs) {
    if (!g.letter) {
      append(out, g.cp);
      continue;
    }
    const char ascii = static_cast<char>(g.upper ? g.base - ('a' - 'A') : g.base);
    if (g.quality == kPlain && g.tone == kNoTone) {
      out.push_back(ascii);
    } else if (const char32_t c = compose(g.base, g.quality, g.tone, g.upper)) {
      append(out, c);
    } else {  // e.g. "i" + circumflex: no precomposed form, so keep it decomposed
      out.push_back(ascii);
      if (const char32_t q = quality_combining(g.quality)) append(out, q);
      if (const char32_t t = tone_combining(g.tone)) append(out, t);
    }
    for (const char32_t m : g.marks) append(out, m);
  }
  return out;
}

// Old and new conventions place the tone of a final "oa", "oe", "uy" differently ("hòa" /
// "hoà", "thủy" / "thuỷ"); the key puts it on the first vowel. "quy", "qua" are not such
// clusters: their u belongs to the consonant qu, and both conventions agree there.
void canonical_tones(std::vector<Glyph>& gs) {
  std::size_t i = 0;
  while (i < gs.size()) {
    if (!gs[i].letter) { ++i; continue; }
    std::size_t end = i;
    while (end < gs.size() && gs[end].letter) ++end;
    const std::size_t n = end - i;
    if (n >= 2) {
      Glyph& a = gs[end - 2];
      Glyph& b = gs[end - 1];
      const bool cluster = a.quality == kPlain && b.quality == kPlain && a.marks.empty() && b.marks.empty() &&
                           ((a.base == 'o' && (b.base == 'a' || b.base == 'e')) || (a.base == 'u' && b.base == 'y'));
      const bool after_q = n >= 3 && gs[end - 3].base == 'q';
      const bool lone_vowels = n < 3 || !is_vowel(gs[end - 3].base);
      if (cluster && !after_q && lone_vowels && a.tone == kNoTone && b.tone != kNoTone) {
        a.tone = b.tone;
        b.tone = kNoTone;
      }
    }
    i = end;
  }
}

std::string collapse(std::string_view text, bool fold) {
  std::string out;
  bool space = false;
  for (const char32_t cp : decode(text)) {
    if (is_space(cp)) { space = true; continue; }
    if (fold && is_combining(cp)) continue;
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    if (!fold) { append(out, cp); continue; }
    if (is_ascii_letter(cp)) {
      out.push_back(static_cast<char>(cp <= 'Z' ? cp + ('a' - 'A') : cp));
    } else if (const Letter* l = find_letter(cp)) {
      out.push_back(l->base);
    } else if (is_dash(cp)) {
      out.push_back('-');
    } else if (cp == 0x2018 || cp == 0x2019) {
      out.push_back('\'');
    } else if (cp == 0x201C || cp == 0x201D) {
      out.push_back('"');
    } else {
      append(out, cp);
    }
  }
  return out;
}

}  // namespace

std::string fold_ascii(std::string_view text) { return collapse(text, true); }

std::string collapse_whitespace(std::string_view text) { return collapse(text, false); }

std::string vn_lower(std::string_view text) { return render(glyphs(text, true)); }

std::string unit_key(std::string_view name) {
  auto gs = glyphs(name, true);
  canonical_tones(gs);
  const std::string lowered = collapse_whitespace(render(gs));
  // Hyphens and en dashes with any spacing around them read the same.
  std::string out;
  std::size_t i = 0;
  const auto u = decode(lowered);
  while (i < u.size()) {
    if (is_dash(u[i]) || (u[i] == ' ' && i + 1 < u.size() && is_dash(u[i + 1]))) {
      while (i < u.size() && (is_dash(u[i]) || u[i] == ' ')) ++i;
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += out.empty() ? "- " : " - ";
      continue;
    }
    append(out, u[i++]);
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ',' || out.back() == ';' || out.back() == ':' ||
                          out.back() == ' ' || out.back() == '-')) {
    out.pop_back();
  }
  return out;
}

std::string strip_html(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kEntities{{
      {"&nbsp;", " "}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}}};
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '<') {
      std::size_t j = i + 1;
      if (j < s.size() && s[j] == '/') ++j;
      const std::size_t name = j;
      while (j < s.size() && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9'))) ++j;
      const std::size_t close = s.find_first_of("<>", j);
      const bool tag = j > name && (s[name] < '0' || s[name] > '9') && close != std::string_view::npos && s[close] == '>';
      if (tag) {
        // Block-level breaks separate words; inline tags (<i>, <b>, <span>) do not.
        std::string tag_name;
        for (std::size_t k = name; k < j; ++k) tag_name.push_back(static_cast<char>(s[k] | 0x20));
        if (tag_name == "br" || tag_name == "p" || tag_name == "div" || tag_name == "li") out.push_back('\n');
        i = close + 1;
        continue;
      }
    } else if (s[i] == '&') {
      bool done = false;
      for (const auto& [entity, text] : kEntities) {
        if (s.substr(i, entity.size()) == entity) {
          out += text;
          i += entity.size();
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

std::string strip_markup(std::string_view text) {
  std::string out;
  for (const char c : strip_html(text)) {
    if (c != '*' && c != '_') out.push_back(c);
  }
  return out;
}

bool starts_upper(std::string_view text) {
  const auto u = decode(text.substr(0, 4));
  if (u.empty()) return false;
  if (u[0] >= 'A' && u[0] <= 'Z') return true;
  const Letter* l = find_letter(u[0]);
  return l != nullptr && l->upper != 0;
}

}  // namespace dauvet::events
