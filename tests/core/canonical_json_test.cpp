#include "core/canonical_json.hpp"

#include <gtest/gtest.h>

namespace dauvet::canonical {
namespace {

std::string canon(std::string_view text) {
  auto r = canonicalize(text);
  EXPECT_TRUE(r) << text << " -> " << (r ? "" : r.error().to_string());
  return r ? *r : std::string();
}

Error refusal(std::string_view text) {
  auto r = canonicalize(text);
  EXPECT_FALSE(r) << text << " was accepted as " << (r ? *r : "");
  return r ? Error{} : r.error();
}

TEST(CanonicalJson, SortsKeysBytewiseAndDropsWhitespace) {
  EXPECT_EQ(canon(R"( { "b" : 1 , "a" : [ 1 , 2 ] , "A" : { "z" : null, "y" : true } } )"),
            R"({"A":{"y":true,"z":null},"a":[1,2],"b":1})");
  // Bytewise: 'Z' (0x5a) < 'a' (0x61) < 'é' (0xc3 0xa9) < 'đ' (0xc4 0x91).
  EXPECT_EQ(canon(R"({"đ":1,"é":2,"a":3,"Z":4})"), R"({"Z":4,"a":3,"é":2,"đ":1})");
}

TEST(CanonicalJson, VietnameseTextRoundTripsByteExact) {
  const std::string text =
      R"({"content":"Tham mưu Ban Thường vụ Tỉnh ủy gợi ý kiểm điểm hằng năm","due":"Trong quý IV hằng năm",)"
      R"("lead":"Ban Tổ chức Tỉnh ủy","symbol":"26-CTr/TU"})";
  EXPECT_EQ(canon(text), text);
  EXPECT_TRUE(is_canonical(text));
  // Escaped non-ASCII input becomes raw UTF-8.
  EXPECT_EQ(canon(R"(["\u1ee6y ban"])"), "[\"\xe1\xbb\xa6y ban\"]");
}

TEST(CanonicalJson, EscapesOnlyQuoteBackslashAndControls) {
  EXPECT_EQ(canon(R"(["a\/b","\"","\\","\u007f","\t\n\r\b\f","\u0001","\u001F"])"),
            "[\"a/b\",\"\\\"\",\"\\\\\",\"\x7f\",\"\\t\\n\\r\\b\\f\",\"\\u0001\",\"\\u001f\"]");
}

TEST(CanonicalJson, AppendStringMatchesTheSerializerForEveryByte) {
  for (int c = 1; c < 0x80; ++c) {
    const std::string s = std::string("x") + static_cast<char>(c) + "y";
    std::string mine;
    append_string(mine, s);
    EXPECT_EQ(mine, *dump(nlohmann::json(s))) << "byte " << c;
  }
  std::string with_nul;
  append_string(with_nul, std::string("a\0b", 3));
  EXPECT_EQ(with_nul, "\"a\\u0000b\"");
}

TEST(CanonicalJson, IntegersKeepTheirFullRange) {
  EXPECT_EQ(canon("[0,-0,9223372036854775807,-9223372036854775808,18446744073709551615]"),
            "[0,0,9223372036854775807,-9223372036854775808,18446744073709551615]");
  EXPECT_FALSE(is_canonical("[-0]"));
}

TEST(CanonicalJson, RejectsFloatsAndOutOfRangeIntegers) {
  EXPECT_NE(refusal("[1.5]").message.find("not an integer"), std::string::npos);
  refusal("[1.0]");
  refusal("[1e2]");
  refusal("[18446744073709551616]");
  refusal("[-9223372036854775809]");
  EXPECT_FALSE(dump(nlohmann::json::array({0.5})));
}

TEST(CanonicalJson, RejectsInvalidUtf8) {
  refusal("[\"\xc3\"]");              // truncated sequence
  refusal("[\"\xc0\xaf\"]");          // overlong '/'
  refusal("[\"\xed\xa0\x80\"]");      // UTF-16 surrogate
  refusal("[\"\xf4\x90\x80\x80\"]");  // past U+10FFFF
  refusal(R"(["\ud800"])");           // lone surrogate escape
  EXPECT_FALSE(dump(nlohmann::json(std::string("\xff"))));
  EXPECT_FALSE(valid_utf8("\xe1\xbb"));
  EXPECT_TRUE(valid_utf8("Đảng \xf0\x9f\x98\x80"));
}

// valid_utf8 skips ASCII 8 bytes at a time: a bad sequence must be caught wherever it
// starts in such a word, and a good one accepted, after any length of ASCII.
TEST(CanonicalJson, Utf8IsJudgedTheSameAtEveryOffsetAfterAscii) {
  const std::string bad[] = {"\xff", "\x80", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe1\xbb"};
  const std::string good[] = {"\xc3\xa9", "\xe1\xbb\x87", "\xf0\x9f\x98\x80", "\x7f"};
  for (std::size_t before = 0; before <= 24; ++before) {
    for (std::size_t after : {0u, 1u, 9u}) {
      const std::string head(before, 'a'), tail(after, 'z');
      for (const std::string& b : bad) EXPECT_FALSE(valid_utf8(head + b + tail)) << before << " + bad + " << after;
      for (const std::string& g : good) EXPECT_TRUE(valid_utf8(head + g + tail)) << before << " + good + " << after;
    }
  }
}

TEST(CanonicalJson, RejectsDuplicateKeysAtAnyDepth) {
  EXPECT_NE(refusal(R"({"a":1,"a":2})").message.find("duplicate key \"a\""), std::string::npos);
  refusal(R"({"x":{"k":1,"k":1}})");
  refusal(R"([{"k":1,"k":{}}])");
  EXPECT_TRUE(canonicalize(R"([{"k":1},{"k":1}])"));  // same key in sibling objects is fine
}

TEST(CanonicalJson, RejectsDeepNestingAndGarbage) {
  const std::string deep = std::string(kMaxDepth + 1, '[') + std::string(kMaxDepth + 1, ']');
  EXPECT_NE(refusal(deep).message.find("nesting"), std::string::npos);
  const std::string ok = std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']');
  EXPECT_TRUE(canonicalize(ok));
  refusal("");
  refusal("{");
  refusal("[1,]");
  refusal("{} {}");
  refusal("[1] // comment");
  EXPECT_NE(refusal("[1,]").message.find("byte"), std::string::npos);
}

}  // namespace
// What clients send: floats pass (a decoder names their field), depth and UTF-8 do not,
// and brackets inside strings are text.
TEST(CanonicalJson, ParseInputBoundsNestingBeforeAnythingWalksIt) {
  EXPECT_TRUE(parse_input(R"({"share":0.5})"));
  const std::string deep(100'000, '[');
  const auto r = parse_input(deep + std::string(100'000, ']'));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("nesting deeper than 64"), std::string::npos);
  EXPECT_FALSE(parse_input(deep));
  const std::string brackets = "{\"s\":\"" + deep + "\\\"{\"}";
  const auto text = parse_input(brackets);
  ASSERT_TRUE(text) << text.error().to_string();
  EXPECT_EQ((*text)["s"].get<std::string>().size(), deep.size() + 2);
  EXPECT_FALSE(parse_input("{\"s\":\"\xff\"}"));
  EXPECT_TRUE(parse_input(std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']')));
}

}  // namespace dauvet::canonical
