#include "base/json_text.hpp"

#include <gtest/gtest.h>

namespace dauvet::json_text {
namespace {

// The plain prefix ends at the first byte JSON escapes, found 8 bytes at a time: at every
// offset of a word, after ASCII or multi-byte letters, and never at bytes 0x7f and up.
TEST(JsonText, ThePlainPrefixEndsAtTheFirstByteThatNeedsEscaping) {
  std::string specials = "\"\\";
  for (int c = 0; c < 0x20; ++c) specials.push_back(static_cast<char>(c));
  for (const std::string& filler : {std::string(40, 'a'), std::string("ệệệệệệệệệệệệệệ\x7f")}) {
    EXPECT_EQ(plain_prefix(filler), filler.size());
    for (std::size_t at = 0; at < 30; ++at) {
      for (char c : specials) {
        std::string text = filler;
        text[at] = c;
        ASSERT_EQ(plain_prefix(text), at) << "byte " << int(c) << " at " << at;
      }
    }
  }
}

TEST(JsonText, QuotesWithTheShortEscapesAndU00ForOtherControls) {
  std::string out;
  append_quoted(out, std::string("a\"b\\c\b\f\n\r\t\x01\x1f\0 ệ", 17));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\\u0000 ệ\"");
}

}  // namespace
}  // namespace dauvet::json_text
