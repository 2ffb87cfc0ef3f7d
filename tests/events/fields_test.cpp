// The small rules everything rests on: Vietnam dates, periods, ids, symbols, streams.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "events/calendar.hpp"
#include "events/fields.hpp"
#include "events/streams.hpp"

namespace dauvet::events {
namespace {

TEST(Calendar, VietnamDateOfAnInstantIsUtcPlusSeven) {
  EXPECT_EQ(calendar::vn_date(0), "1970-01-01");
  EXPECT_EQ(calendar::vn_date(17 * 3600 * 1000 - 1), "1970-01-01");  // 23:59:59.999 in Hà Nội
  EXPECT_EQ(calendar::vn_date(17 * 3600 * 1000), "1970-01-02");
  // 2024-06-30T16:59:59.999Z is the last moment of 30/6/2024 in Vietnam.
  const std::int64_t last = (calendar::days_from_civil(2024, 6, 30) * 86400 + 17 * 3600) * 1000 - 1;
  EXPECT_EQ(calendar::vn_date(last), "2024-06-30");
  EXPECT_EQ(calendar::vn_date(last + 1), "2024-07-01");
  EXPECT_EQ(calendar::vn_date(-1), "1970-01-01");
  EXPECT_EQ(calendar::vn_date(-7 * 3600 * 1000 - 1), "1969-12-31");
}

TEST(Calendar, CivilDaysRoundTrip) {
  for (std::int64_t d = -800000; d < 800000; d += 997) {
    int y = 0;
    unsigned m = 0, day = 0;
    calendar::civil_from_days(d, y, m, day);
    EXPECT_EQ(calendar::days_from_civil(y, m, day), d);
  }
  EXPECT_EQ(calendar::days_from_civil(2000, 3, 1) - calendar::days_from_civil(2000, 2, 28), 2);
}

TEST(Calendar, IsoDatesMustBeRealDays) {
  for (const char* ok : {"2024-02-29", "2000-02-29", "2025-12-31", "1900-01-01"}) EXPECT_TRUE(calendar::is_iso_date(ok)) << ok;
  for (const char* bad : {"2023-02-29", "1900-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-6-30",
                          "30/06/2024", "2024-06-30T00:00", "", "2024-06-3a", "1899-12-31"}) {
    EXPECT_FALSE(calendar::is_iso_date(bad)) << bad;
  }
}

TEST(Calendar, Periods) {
  const auto half = calendar::parse_period("2024-H1");
  ASSERT_TRUE(half);
  EXPECT_EQ(half->kind, calendar::PeriodKind::half);
  EXPECT_EQ(half->part, 1);
  EXPECT_EQ(calendar::parse_period("2024-Q3")->kind, calendar::PeriodKind::quarter);
  EXPECT_EQ(calendar::parse_period("2024-06")->part, 6);
  const auto span = calendar::parse_period("2020-2025");
  EXPECT_EQ(span->first_year, 2020);
  EXPECT_EQ(span->last_year, 2025);
  for (const char* bad : {"2024-H3", "2024-Q5", "2024-Q0", "2024-13", "2025-2020", "2025-2025", "24", "2024-", "Q3/2024",
                          "2024-h1"}) {
    EXPECT_FALSE(calendar::parse_period(bad)) << bad;
  }
}

TEST(Fields, IdsAreAsciiSlugs) {
  EXPECT_TRUE(field::id("ban-to-chuc-tinh-uy", "id", "unit id"));
  EXPECT_TRUE(field::id("r.2024_H1", "id", "report id"));
  const std::vector<std::string> bad_ids = {"", "-lead", "ban tổ chức", "a/b", "Ban_Tổ", std::string(65, 'a')};
  for (const auto& bad : bad_ids) {
    const auto r = field::id(bad, "lead", "unit id");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "lead");
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
  }
}

TEST(Fields, TextIsValidUtf8WithoutControls) {
  EXPECT_TRUE(field::line("Ban Tổ chức Tỉnh ủy", "name"));
  EXPECT_FALSE(field::line("Ban\tTổ chức", "name"));
  EXPECT_TRUE(field::text("Dòng một\nDòng hai", "content"));
  EXPECT_FALSE(field::text(std::string("a\0b", 3), "content"));
  EXPECT_FALSE(field::line("\xC3\x28", "name"));          // broken sequence
  EXPECT_FALSE(field::line("\xE0\x80\xAF", "name"));      // overlong '/'
  EXPECT_FALSE(field::line("\xED\xA0\x80", "name"));      // a surrogate
  EXPECT_FALSE(field::line("\xF4\x90\x80\x80", "name"));  // past U+10FFFF
  EXPECT_FALSE(field::line("ủ\xE1\xBB", "name"));         // cut short
  EXPECT_TRUE(field::valid_utf8("Đảng ủy 😀"));
  EXPECT_FALSE(field::line(std::string(field::kLineMax + 1, 'a'), "name"));
}

TEST(Fields, SymbolsAndItems) {
  for (const char* ok : {"26-CTr/TU", "252/UBND-NC", "01 - KH/BCĐ", "/KH-UBND", "19-QĐi/TU"}) {
    EXPECT_TRUE(field::symbol(ok, "symbol")) << ok;
  }
  EXPECT_FALSE(field::symbol("Kế hoạch 01", "symbol"));
  for (const char* ok : {"I.10", "II.7", "4.a", "1"}) EXPECT_TRUE(field::item(ok, "item")) << ok;
  EXPECT_FALSE(field::item("I/10", "item"));
  EXPECT_FALSE(field::item("I 10", "item"));
}

TEST(Streams, NamesAndTheirParts) {
  EXPECT_EQ(symbol_key("01 - KH/BCĐ"), "01-KH/BCĐ");
  EXPECT_EQ(symbol_key("01\xC2\xA0-KH/BCĐ"), "01-KH/BCĐ");
  EXPECT_EQ(directive_stream("bcd", "01 - KH/BCĐ"), "directive/bcd/01-KH/BCĐ");
  const auto s = task_stream("tinh-uy", "26-CTr/TU", "I.10");
  EXPECT_EQ(s, "task/tinh-uy/26-CTr/TU/I.10");
  EXPECT_EQ(parse_task_stream(s), (TaskKey{"tinh-uy", "26-CTr/TU", "I.10"}));
  EXPECT_EQ(parse_task_stream("task/ubnd/252/UBND-NC/4.a"), (TaskKey{"ubnd", "252/UBND-NC", "4.a"}));
  EXPECT_FALSE(parse_task_stream("task/tinh-uy/I.10"));
  EXPECT_EQ(parse_directive_stream("directive/ubnd-hy/252/UBND-NC"), (DirectiveKey{"ubnd-hy", "252/UBND-NC"}));
  EXPECT_EQ(aggregate_of("case/kl-1"), Aggregate::discipline_case);
  EXPECT_EQ(aggregate_of("erasures"), Aggregate::erasures);
  EXPECT_FALSE(aggregate_of("ledger/test"));
  EXPECT_FALSE(aggregate_of("unit/"));
  EXPECT_EQ(stream_id("report/so-ket-2024"), "so-ket-2024");
}

}  // namespace
}  // namespace dauvet::events
