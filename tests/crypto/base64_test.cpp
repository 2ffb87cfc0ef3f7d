#include "crypto/base64.hpp"
#include "must.hpp"

#include <gtest/gtest.h>

#include <random>

namespace dauvet::crypto {
namespace {

using testing::failure;
using testing::must;

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

// A straightforward encoder written from RFC 4648 §4, independent of OpenSSL.
std::string reference_encode(const std::vector<std::uint8_t>& in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, in.size() - i);
    std::uint32_t group = std::uint32_t{in[i]} << 16;
    if (n > 1) group |= std::uint32_t{in[i + 1]} << 8;
    if (n > 2) group |= in[i + 2];
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(group >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

TEST(Base64, Rfc4648TestVectors) {
  const std::pair<std::string_view, std::string_view> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    const auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, bytes(plain));
  }
  EXPECT_EQ(base64_encode(std::vector<std::uint8_t>{0xfb, 0xff}), "+/8=");  // both non-alphanumerics
  EXPECT_EQ(must(base64_decode("+/8=")), (std::vector<std::uint8_t>{0xfb, 0xff}));
}

TEST(Base64, DecodingIsStrict) {
  for (std::string_view bad : {
           "Zg",          // unpadded
           "Zg=",         // wrong length
           "Zm9vY",       // wrong length
           "Zg=a",        // padding in the middle
           "Z===",        // too much padding
           "====",        //
           "=Zg=",        //
           "Zm9v====",    // a whole group of padding
           "Zh==",        // non-zero bits under "==" ("Zg==" is canonical)
           "Zm9=",        // non-zero bits under "=" ("Zm8=" is canonical)
           "Zm9v\n",      // newline
           " Zm9v",       // leading space (OpenSSL would skip it)
           "Zm9v ",       // trailing space
           "Zm 9v",       // inner space
           "Zm9vYg==\n",  // trailing newline
           "Zm9v_-==",    // URL-safe alphabet
       }) {
    EXPECT_FALSE(base64_decode(bad)) << "accepted '" << bad << "'";
  }
  EXPECT_FALSE(base64_decode(std::string_view("Zm9v\0\0\0\0", 8)));
  EXPECT_TRUE(base64_decode(""));
}

TEST(Base64, RandomRoundTripsMatchAReferenceEncoder) {
  std::mt19937 rng(4648);
  for (std::size_t n = 0; n < 300; ++n) {
    std::vector<std::uint8_t> in(n);
    for (auto& b : in) b = static_cast<std::uint8_t>(rng());
    const std::string text = base64_encode(in);
    ASSERT_EQ(text, reference_encode(in));
    ASSERT_EQ(must(base64_decode(text)), in);
  }
}

TEST(Base64, InputsLargerThanOneOpenSslCallRoundTrip) {
  // base64.cpp hands OpenSSL 3 MiB at a time; cross that boundary with a ragged tail.
  std::vector<std::uint8_t> in(3 * (1u << 20) * 2 + 2);
  std::mt19937 rng(7);
  for (auto& b : in) b = static_cast<std::uint8_t>(rng());
  const std::string text = base64_encode(in);
  EXPECT_EQ(text, reference_encode(in));
  EXPECT_EQ(must(base64_decode(text)), in);
}

}  // namespace
}  // namespace dauvet::crypto
