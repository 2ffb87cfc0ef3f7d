#include "core/entry.hpp"

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "core/canonical_json.hpp"

namespace dauvet {
namespace {

Entry sample() {
  Entry e;
  e.index = 41;
  e.stream = "task/26-CTr/TU/I.3";
  e.version = 3;
  e.type = "task.completed";
  e.actor = {"nguyen.van.a", "ban-to-chuc", "clerk"};
  e.recorded_at = "2024-06-30T09:15:02.031Z";
  e.payload_sha256 = crypto::sha256("{}");
  e.prev = crypto::leaf_hash("previous");
  return e;
}

TEST(Entry, EncodesCanonicalJsonWithKeysInOrder) {
  const std::string bytes = entry::encode(sample());
  EXPECT_TRUE(canonical::is_canonical(bytes)) << bytes;
  EXPECT_TRUE(bytes.starts_with(R"({"actor":{"id":"nguyen.van.a","role":"clerk","unit":"ban-to-chuc"},"index":41,)"))
      << bytes;
  // The same entry built as a JSON value and dumped canonically gives the same bytes.
  const Entry e = sample();
  nlohmann::json j{{"actor", {{"id", e.actor.id}, {"unit", e.actor.unit}, {"role", e.actor.role}}},
                   {"index", e.index},
                   {"payload_sha256", to_hex(e.payload_sha256)},
                   {"prev", to_hex(e.prev)},
                   {"recorded_at", e.recorded_at},
                   {"stream", e.stream},
                   {"type", e.type},
                   {"version", e.version}};
  EXPECT_EQ(bytes, *canonical::dump(j));
}

TEST(Entry, RoundTripsWithIdempotencyKeyAndVietnameseText) {
  Entry e = sample();
  e.stream = "đơn-vị/Văn phòng Tỉnh ủy \"A\"\\B";
  e.idempotency_key = "k-1";
  const std::string bytes = entry::encode(e);
  EXPECT_TRUE(canonical::is_canonical(bytes)) << bytes;
  auto back = entry::decode(bytes);
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(*back, e);
}

// The decoder skips plain string bytes 8 at a time: an escaped byte must come back, and a
// raw control byte be refused, wherever it sits in a word, between ASCII or Vietnamese.
TEST(Entry, StringsDecodeTheSameWhereverTheEscapedByteSits) {
  std::vector<char> specials{'"', '\\', '\n', '\x01', '\x1f'};
  for (const std::string& filler : {std::string("abcdefghijklmnopqrstuvwxyz"), std::string("ệệệệệệệệệ")}) {
    for (std::size_t length = 1; length <= 25; ++length) {
      for (std::size_t at = 0; at < length; ++at) {
        for (char c : specials) {
          Entry e = sample();
          e.stream = filler.substr(0, length);
          e.stream[at] = c;
          const std::string bytes = entry::encode(e);
          auto back = entry::decode(bytes);
          if (!canonical::valid_utf8(e.stream)) {
            EXPECT_FALSE(back) << "a split UTF-8 sequence decoded";  // the replaced byte cut a letter
            continue;
          }
          ASSERT_TRUE(back) << back.error().to_string() << " " << bytes;
          ASSERT_EQ(back->stream, e.stream) << "length " << length << ", byte " << int(c) << " at " << at;
          if (c == '\n') {
            // The same byte unescaped is not canonical (nor JSON).
            std::string raw = bytes;
            raw.replace(raw.find("\\n"), 2, "\n");
            EXPECT_FALSE(entry::decode(raw)) << raw;
          }
        }
      }
    }
  }
}

TEST(Entry, DecodeRefusesEveryNonCanonicalSpelling) {
  const std::string good = entry::encode(sample());
  ASSERT_TRUE(entry::decode(good));
  auto refuses = [](std::string bad) {
    auto r = entry::decode(bad);
    EXPECT_FALSE(r) << "accepted: " << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, Errc::corrupt);
    }
  };
  auto replace = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    const auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  refuses(good + " ");
  refuses(replace(R"("index":41)", R"("index": 41)"));
  refuses(replace(R"("index":41)", R"("index":041)"));
  refuses(replace(R"("version":3)", R"("version":0)"));
  refuses(replace(R"("clerk")", R"("cl\u0065rk")"));
  refuses(replace(R"("task.completed")", R"("task\/completed")"));
  refuses(replace(R"("recorded_at":"2024-06-30T09:15:02.031Z")", R"("recorded_at":"2024-06-30T09:15:02Z")"));
  std::string upper = good;
  const auto h = upper.find("\"prev\":\"") + 8;
  for (std::size_t i = h; i < h + 64; ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  if (upper != good) refuses(upper);
  // Keys out of order: move "index" after "payload_sha256".
  refuses(R"({"actor":{"id":"a","role":"r","unit":"u"},"payload_sha256":"00","index":1})");
  refuses("");
}

TEST(Entry, ValidatesRequestFields) {
  Entry e = sample();
  EXPECT_TRUE(entry::validate_fields(e));
  e.stream = "";
  EXPECT_EQ(entry::validate_fields(e).error().field, "stream");
  e = sample();
  e.type = "a\nb";
  EXPECT_EQ(entry::validate_fields(e).error().field, "type");
  e = sample();
  e.actor.id = "\xff";
  EXPECT_EQ(entry::validate_fields(e).error().field, "actor.id");
  e = sample();
  e.stream = std::string(entry::kMaxStreamBytes + 1, 's');
  EXPECT_FALSE(entry::validate_fields(e));
}

TEST(Entry, ErasedIndexesAreReadFromTheErasurePayload) {
  EXPECT_EQ(*entry::erased_indexes(R"({"erased":[3,17],"legal_basis":"Nghị định 13/2023/NĐ-CP"})"),
            (std::vector<std::uint64_t>{3, 17}));
  EXPECT_FALSE(entry::erased_indexes(R"({"erased":[]})"));
  EXPECT_FALSE(entry::erased_indexes(R"({"erased":[-1]})"));
  EXPECT_FALSE(entry::erased_indexes(R"({"erased":"3"})"));
  EXPECT_FALSE(entry::erased_indexes(R"([3])"));
}

}  // namespace
}  // namespace dauvet
