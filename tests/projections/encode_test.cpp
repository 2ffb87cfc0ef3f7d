// The stored form of states: encode_state_json writes the same bytes as the JSON document
// of state_to_json, and state_from_json reads them back to an equal state — for every
// state a long workload and every sample command reach, after every event.
#include <cstdio>
#include <map>

#include "events/state_encode.hpp"
#include "events/state_json.hpp"
#include "events/workload.hpp"
#include "ledger_run.hpp"

namespace dauvet::projections::testing {
namespace {

void expect_codec_holds(const events::MemoryWorld& world, const std::string& stream) {
  auto state = model_state(world, stream);
  if (!state) return;
  std::visit(
      [&](const auto& s) {
        const std::string direct = events::encode_state_json(s);
        EXPECT_EQ(direct, events::state_to_json(s).dump()) << stream;
        std::decay_t<decltype(s)> back;
        auto r = events::state_from_json(nlohmann::json::parse(direct), back);
        ASSERT_TRUE(r) << stream << ": " << r.error().to_string();
        EXPECT_TRUE(back == s) << stream << " does not survive encode and decode";
      },
      *state);
}

class Codec : public events::testing::PreparedTest {};

TEST_F(Codec, EveryStateOfTheSampleCommandsAndAWorkloadEncodesAndDecodesExactly) {
  prepare();
  for (const auto& s : events::testing::samples(prepared)) exec(events::testing::kAdmin, s.type, s.body);
  at("2025-06-01");
  events::Workload workload(events::Workload::Options{.seed = 5, .parent = "", .departments = 4, .districts = 2,
                                                      .tasks_per_directive = 5});
  for (const auto& step : workload.setup()) exec(step.actor, step.type, step.body);
  for (int i = 0; i < 800; ++i) {
    const auto step = workload.next();
    (void)exec(step.actor, step.type, step.body);
    expect_codec_holds(world, world.log().back().stream);
  }
  std::set<std::string> streams;
  for (const auto& e : world.log()) streams.insert(e.stream);
  for (const auto& stream : streams) expect_codec_holds(world, stream);
}

TEST(CodecStrings, ControlCharactersAndQuotesAreEscapedAsTheDocumentDoes) {
  events::UnitState u;
  u.name = std::string("Ban \"A\"\\ \n\t\x01 ") + "Tỉnh ủy \x7f";
  u.former_names = {"", "\x1f"};
  EXPECT_EQ(events::encode_state_json(u), events::state_to_json(u).dump());
}

// The writer skips 8 bytes at a time when none needs escaping: a byte that does must be
// found wherever it sits in such a word, between ASCII or multi-byte Vietnamese letters.
// The reference is the byte-at-a-time rule; where the text is valid UTF-8, nlohmann's
// dump must agree with it as well.
std::string escaped_byte_by_byte(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    static const std::map<unsigned char, std::string> named{{'"', "\\\""}, {'\\', "\\\\"}, {'\b', "\\b"},
                                                            {'\f', "\\f"}, {'\n', "\\n"},   {'\r', "\\r"},
                                                            {'\t', "\\t"}};
    if (auto it = named.find(c); it != named.end()) {
      out += it->second;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(ch);
    }
  }
  return out + "\"";
}

TEST(CodecStrings, EveryEscapedByteIsFoundAtEveryOffsetOfAWord) {
  std::vector<char> bytes{'"', '\\', '\x7f', ' ', 'z'};
  for (int c = 0; c < 0x20; ++c) bytes.push_back(static_cast<char>(c));
  for (const std::string& filler : {std::string("abcdefghijklmnopqrstuvwxyz"), std::string("ệệệệệệệệệ")}) {
    for (std::size_t length = 1; length <= 25; ++length) {
      for (std::size_t at = 0; at < length; ++at) {
        for (char c : bytes) {
          std::string text = filler.substr(0, length);
          text[at] = c;
          std::string out;
          events::encode::escape(out, text);
          ASSERT_EQ(out, escaped_byte_by_byte(text))
              << "length " << length << ", byte " << static_cast<int>(static_cast<unsigned char>(c)) << " at " << at;
          if (filler[0] == 'a') {
            ASSERT_EQ(out, nlohmann::json(text).dump());
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace dauvet::projections::testing
