// Tokens of folded time-frame text, and the small predicates every matcher uses.
#include <string>

#include "events/deadline_grammar.hpp"

namespace dauvet::events::deadline_detail {

namespace {

bool is_letter(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Item error_item(std::string message) {
  Item it;
  it.kind = Item::Kind::error;
  it.message = std::move(message);
  return it;
}

Tokens tokenize(std::string_view s) {
  Tokens out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    Token tok;
    std::size_t j = i + 1;
    if (c == ' ') {
      ++i;
      continue;
    }
    if (is_letter(c)) {
      while (j < s.size() && is_letter(s[j])) ++j;
      tok.kind = Token::Kind::word;
    } else if (is_digit(c)) {
      while (j < s.size() && is_digit(s[j])) ++j;
      tok.kind = Token::Kind::number;
      tok.digits = j - i;
      for (std::size_t k = i; k < j && tok.value >= 0; ++k) tok.value = tok.digits > 9 ? -1 : tok.value * 10 + (s[k] - '0');
    } else if (static_cast<unsigned char>(c) < 0x80) {
      tok.kind = Token::Kind::punct;
    } else {  // one UTF-8 character fold_ascii left alone ("…", "→")
      while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
      tok.kind = Token::Kind::other;
    }
    tok.text = std::string(s.substr(i, j - i));
    out.push_back(std::move(tok));
    i = j;
  }
  return out;
}

bool word_at(const Tokens& t, std::size_t i, std::string_view w) {
  return i < t.size() && t[i].kind == Token::Kind::word && t[i].text == w;
}
bool punct_at(const Tokens& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == Token::Kind::punct && t[i].text[0] == c;
}
bool number_at(const Tokens& t, std::size_t i) {
  return i < t.size() && t[i].kind == Token::Kind::number && t[i].value >= 0;
}

std::size_t phrase_at(const Tokens& t, std::size_t i, std::string_view phrase) {
  std::size_t n = 0;
  while (!phrase.empty()) {
    const auto sp = phrase.find(' ');
    if (!word_at(t, i + n, phrase.substr(0, sp))) return 0;
    ++n;
    phrase = sp == std::string_view::npos ? std::string_view{} : phrase.substr(sp + 1);
  }
  return n;
}

}  // namespace dauvet::events::deadline_detail
