// read_canonical: canonical text reads as the very value nlohmann's parser gives (the same
// types too: unsigned for non-negative integers, signed for negative), and anything not
// exactly canonical is refused, for read_stored to parse the general way.
#include "core/canonical_json.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

namespace dauvet::canonical {
namespace {

using json = nlohmann::json;

// Equal values of equal types all the way down (nlohmann's == calls 1 and 1u equal).
bool same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !same(*ia, *ib)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

void expect_reads_as_nlohmann(const std::string& text) {
  auto fast = read_canonical(text);
  ASSERT_TRUE(fast) << "refused canonical text: " << text;
  const json general = json::parse(text);
  EXPECT_TRUE(same(*fast, general)) << text << "\nread as " << fast->dump();
  auto again = dump(*fast);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, text);
  EXPECT_TRUE(same(read_stored(text), general));
}

TEST(CanonicalRead, CanonicalTextReadsAsNlohmannReadsIt) {
  for (const std::string& text : std::vector<std::string>{
           R"({"content":"Tham mưu Ban Thường vụ Tỉnh ủy","due":"Trong quý IV hằng năm","n":[1,-2,{"a":null}]})",
           R"({"A":{"y":true,"z":false},"a":[],"b":{},"é":"","đ":"x"})",
           "[\"\\\"\",\"\\\\\",\"\x7f\",\"\\t\\n\\r\\b\\f\",\"\\u0001\",\"\\u001f\",\"a/b\"]",
           R"([0,18446744073709551615,-9223372036854775808,-1,9223372036854775807,9223372036854775808])",
           R"("just a string")", "17", "-17", "true", "null", R"([[[[[]]]]])",
       }) {
    expect_reads_as_nlohmann(text);
  }
}

// Random values through canonical::dump: whatever the writer stores reads back exactly.
TEST(CanonicalRead, RandomCanonicalValuesReadBackExactly) {
  std::mt19937_64 rng(20261207);
  const std::vector<std::string> pieces = {"a", "Đ", "ủy", "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "/", " ", "quý IV"};
  auto text = [&] {
    std::string s;
    for (std::size_t n = rng() % 12; n > 0; --n) s += pieces[rng() % pieces.size()];
    return s;
  };
  std::function<json(int)> value = [&](int depth) -> json {
    switch (rng() % (depth > 4 ? 5 : 7)) {
      case 0: return nullptr;
      case 1: return rng() % 2 == 0;
      case 2: return static_cast<std::uint64_t>(rng() >> (rng() % 64));
      case 3: return -static_cast<std::int64_t>(rng() >> (1 + rng() % 63)) - 1;
      case 4: return text();
      case 5: {
        json a = json::array();
        for (std::size_t n = rng() % 5; n > 0; --n) a.push_back(value(depth + 1));
        return a;
      }
      default: {
        json o = json::object();
        for (std::size_t n = rng() % 5; n > 0; --n) o[text()] = value(depth + 1);
        return o;
      }
    }
  };
  for (int i = 0; i < 2000; ++i) {
    auto bytes = dump(value(0));
    ASSERT_TRUE(bytes);
    expect_reads_as_nlohmann(*bytes);
  }
}

TEST(CanonicalRead, AnythingNotExactlyCanonicalIsRefusedAndReadStoredStillParsesIt) {
  std::string deep;
  for (int i = 0; i <= kMaxDepth; ++i) deep += "[";
  for (int i = 0; i <= kMaxDepth; ++i) deep += "]";
  for (const std::string& text : std::vector<std::string>{
           R"({"a": 1})", " 1", "1 ", R"({"b":1,"a":2})", R"({"a":1,"a":2})", "1.0", "1e5", "1E5", "01", "-0",
           "-01", "18446744073709551616", "-9223372036854775809", R"(["a\/b"])", R"(["\u0008"])", R"(["\u000A"])",
           R"(["\u0041"])", R"(["\u001F"])", "[\"a\x01\"]", "[\"\xc3\x28\"]", R"(["unterminated)", "[1,]", "{\"a\"}",
           "[1 2]", "tru", "nul", "{", "", deep,
       }) {
    EXPECT_FALSE(read_canonical(text)) << text;
    const json general = json::parse(text, nullptr, false);
    EXPECT_TRUE(same(read_stored(text), general.is_discarded() ? json(nullptr) : general)) << text;
  }
  std::string limit;  // exactly kMaxDepth levels is canonical
  for (int i = 0; i < kMaxDepth; ++i) limit += "[";
  for (int i = 0; i < kMaxDepth; ++i) limit += "]";
  expect_reads_as_nlohmann(limit);
}

}  // namespace
}  // namespace dauvet::canonical
