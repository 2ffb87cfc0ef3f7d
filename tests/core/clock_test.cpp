#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace dauvet::clock {
namespace {

TEST(Clock, FormatsAndParsesTheStoredForm) {
  EXPECT_EQ(format_utc_ms(0), "1970-01-01T00:00:00.000Z");
  const std::int64_t t = 1719738902031;  // 2024-06-30T09:15:02.031Z
  EXPECT_EQ(format_utc_ms(t), "2024-06-30T09:15:02.031Z");
  EXPECT_EQ(parse_utc_ms("2024-06-30T09:15:02.031Z"), t);
  EXPECT_FALSE(parse_utc_ms("2024-06-30T09:15:02Z"));
  EXPECT_FALSE(parse_utc_ms("2024-02-30T09:15:02.031Z"));
  EXPECT_FALSE(parse_utc_ms("2024-06-30T24:00:00.000Z"));
  EXPECT_FALSE(parse_utc_ms("2024-06-30 09:15:02.031Z"));
}

TEST(Clock, ParsesRfc3339OffsetsAndVietnamDates) {
  EXPECT_EQ(parse_rfc3339("2024-06-30T16:15:02.031+07:00"), 1719738902031);
  EXPECT_EQ(parse_rfc3339("2024-06-30T09:15:02Z"), 1719738902000);
  EXPECT_EQ(parse_rfc3339("2024-06-30T04:15:02-05:00"), 1719738902000);
  // A bare date is the last millisecond of that day in Vietnam (UTC+7).
  EXPECT_EQ(parse_rfc3339("2024-06-30"), *parse_utc_ms("2024-06-30T16:59:59.999Z"));
  EXPECT_FALSE(parse_rfc3339("2024-06-31"));
  EXPECT_FALSE(parse_rfc3339("30/06/2024"));
  EXPECT_FALSE(parse_rfc3339("2024-06-30T09:15:02+7"));
}

TEST(Clock, NeverGoesBackWhenTheSystemClockDoes) {
  std::int64_t system = 1000;
  Monotonic c([&] { return system; });
  EXPECT_EQ(c.now(), 1000);
  system = 400;  // NTP stepped the clock back
  EXPECT_EQ(c.now(), 1000);
  system = 1500;
  EXPECT_EQ(c.now(), 1500);
  c.observe(9000);  // the ledger's last entry is later than the system clock
  EXPECT_EQ(c.now(), 9000);
}

}  // namespace
}  // namespace dauvet::clock
