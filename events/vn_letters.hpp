// Internal to vn_text.cpp and its tests: the Latin letters with diacritics, as data.
//
// Vietnamese marks a letter twice: a quality mark that makes a different vowel (ă â ê ô ơ
// ư, and đ) and a tone mark (huyền, sắc, hỏi, ngã, nặng). Keeping the two apart lets the
// folding drop both, the case map keep both, and the unit-name key move a tone to its
// canonical vowel ("uỷ" and "ủy" are the same word written in two conventions).
#pragma once

#include <cstdint>

namespace dauvet::events::vn_detail {

enum Quality : std::uint8_t { kPlain = 0, kBreve = 1, kCircumflex = 2, kHorn = 3, kStroke = 4, kOther = 7 };
enum Tone : std::uint8_t { kNoTone = 0, kGrave = 1, kAcute = 2, kHook = 3, kTilde = 4, kDot = 5 };

struct Letter {
  char32_t cp;
  char base;              // the ASCII letter under the marks, lowercase
  std::uint8_t quality;   // Quality; kOther for letters Vietnamese does not use (ä, ç, ñ)
  std::uint8_t tone;      // Tone; always kNoTone when quality is kOther
  std::uint8_t upper;     // 1 for capitals
  char32_t lower;         // the small letter of the same shape
};

// The precomposed letter, or nullptr for any other code point (ASCII included).
const Letter* find_letter(char32_t cp);
// The precomposed Vietnamese letter for base + marks, or 0 when Unicode has none.
char32_t compose(char base, std::uint8_t quality, std::uint8_t tone, bool upper);

// The combining marks Vietnamese text uses when it arrives decomposed (NFD). Returns
// false for any other code point.
bool quality_mark(char32_t cp, std::uint8_t& quality);
bool tone_mark(char32_t cp, std::uint8_t& tone);
// The combining code point of a quality or tone, for letters Unicode cannot precompose.
char32_t quality_combining(std::uint8_t quality);
char32_t tone_combining(std::uint8_t tone);

}  // namespace dauvet::events::vn_detail
