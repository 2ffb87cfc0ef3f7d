// The state writer's object builder: what it writes must be exactly what nlohmann writes
// for the same members, whichever path a key takes (the short stack buffer or the long
// fallback), because states are compared and hashed as bytes.
#include "events/state_encode.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dauvet::events::encode {
namespace {

TEST(StateEncodeObj, ShortAndLongKeysWriteTheSameJsonAsNlohmann) {
  const std::string at_limit(Obj::kMaxKey, 'a');
  const std::string past_limit(Obj::kMaxKey + 1, 'b');
  const std::string far_past(3 * Obj::kMaxKey, 'c');
  std::string out;
  {
    Obj o(out);
    o.num(at_limit, -7).str(past_limit, "Quý III/2023").boolean(far_past, true).unum("d", 9);
  }
  nlohmann::json expected;
  expected[at_limit] = -7;
  expected[past_limit] = "Quý III/2023";
  expected[far_past] = true;
  expected["d"] = 9;
  EXPECT_EQ(out, expected.dump());
}

TEST(StateEncodeObj, ALongKeyFirstStillSeparatesTheMembersAfterIt) {
  const std::string long_key(Obj::kMaxKey + 5, 'k');
  std::string out;
  {
    Obj o(out);
    o.num(long_key, 1).num("z", 2);
  }
  EXPECT_EQ(out, "{\"" + long_key + "\":1,\"z\":2}");
}

TEST(StateEncodeObj, AnEmptyObjectIsBraces) {
  std::string out;
  { Obj o(out); }
  EXPECT_EQ(out, "{}");
}

}  // namespace
}  // namespace dauvet::events::encode
