// `dauvet bench generate` as the load benchmarks use it: a province-year written through
// decide into an ordinary ledger that verifies, the same seed giving the same entries,
// and years that are not over refused before anything is written.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_dir.hpp"
#include "tools/run.hpp"

namespace dauvet::testing {
namespace {

// The counts table without its timing line: that part is deterministic.
std::string counts_of(const std::string& out) { return out.substr(0, out.find("\n\n")); }

TEST(BenchGenerate, OneProvinceYearVerifiesAndTheSameSeedGivesTheSameEntries) {
  TempDir tmp;
  const auto a = dauvet("bench generate " + tmp.sub("a") + " --province-years 1 --first-year 2023");
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_NE(a.out.find("| `unit.created` | 584 |"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("| `case.decided` |"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find(" 0 refused by decide"), std::string::npos) << a.out;
  const auto verify = dauvet("verify " + tmp.sub("a"));
  EXPECT_EQ(verify.code, 0) << verify.out;

  const auto b = dauvet("bench generate " + tmp.sub("b") + " --province-years 1 --first-year 2023");
  ASSERT_EQ(b.code, 0) << b.out;
  EXPECT_EQ(counts_of(a.out), counts_of(b.out));

  // The entries carry the year's dates, so lateness is judged as the year judged it.
  const auto log = dauvet("log " + tmp.sub("a") + " --from 700 --limit 1");
  EXPECT_NE(log.out.find("\"recorded_at\":\"2023-"), std::string::npos) << log.out;
}

TEST(BenchGenerate, YearsNotOverAndSecondRunsAreRefusedWritingNothing) {
  TempDir tmp;
  auto r = dauvet("bench generate " + tmp.sub("f") + " --province-years 2 --first-year 2999", true);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("not over yet"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(tmp.sub("f") + "/data.mdb"));
  r = dauvet("bench generate " + tmp.sub("g") + " --province-years 0", true);
  EXPECT_EQ(r.code, 2) << r.out;
}

}  // namespace
}  // namespace dauvet::testing
