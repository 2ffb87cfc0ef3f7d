#include "base/hex.hpp"

#include <gtest/gtest.h>

namespace dauvet {
namespace {

TEST(Hex, RoundTripsEveryByte) {
  std::vector<std::uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  const std::string text = to_hex(all);
  EXPECT_EQ(text.substr(0, 8), "00010203");
  EXPECT_EQ(text.substr(text.size() - 4), "feff");
  EXPECT_EQ(from_hex(text), all);
}

TEST(Hex, RejectsUppercaseOddLengthAndNonDigits) {
  EXPECT_FALSE(from_hex("AB"));
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
  EXPECT_EQ(from_hex(""), std::vector<std::uint8_t>{});
  std::uint8_t out[2];
  EXPECT_FALSE(from_hex_into("00", out));
  EXPECT_TRUE(from_hex_into("0aff", out));
  EXPECT_EQ(out[1], 0xff);
}

}  // namespace
}  // namespace dauvet
