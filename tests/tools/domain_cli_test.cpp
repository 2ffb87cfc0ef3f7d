// The domain from the shell, as the README's run command uses it: init records the root
// unit and admin, exec runs command files, import reads seed 001's task table (dry run,
// real run, second run creating nothing), rebuild, and parse-deadline.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/temp_dir.hpp"
#include "tools/run.hpp"

namespace dauvet::testing {
namespace {

const std::string kSeed001 = std::string(DAUVET_SEEDS_DIR) + "/001_f7d9d9ebc06e3128.txt";
const std::string kDemo = std::string(DAUVET_SOURCE_DIR) + "/scripts/demo/";

std::string import_args(const std::string& dir) {
  return "import " + dir + " " + kSeed001 +
         " --directive 26-CTr/TU --issuer tinh-uy-tq --kind chuong_trinh --date 2022-10-20"
         " --title 'Chương trình hành động' --signer 'Lê Thị Kim Dung'";
}

TEST(DomainCli, TheDemoDataGoesInThroughDecideAndImportingTwiceCreatesNothing) {
  TempDir tmp;
  const std::string dir = tmp.sub("ledger");
  ASSERT_EQ(dauvet("init " + dir + " --origin test.example/ledger --root-name 'Ban Chấp hành Trung ương Đảng' "
                   "--root-kind trung_uong").code, 0);
  auto r = dauvet("exec " + dir + " " + kDemo + "1-units.ndjson", true);
  ASSERT_EQ(r.code, 0) << r.out;

  const auto before = dauvet("log " + dir).out;
  r = dauvet(import_args(dir) + " --dry-run", true);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto dry = nlohmann::json::parse(r.out);
  EXPECT_EQ(dry["tasks"], 42);
  EXPECT_EQ(dry["units"].size(), 14u);
  ASSERT_EQ(dry["unreadable"].size(), 1u);
  EXPECT_EQ(dry["unreadable"][0]["item"], "II.15");

  EXPECT_EQ(dauvet("log " + dir).out, before) << "a dry run writes nothing";
  r = dauvet(import_args(dir), true);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto after_import = dauvet("log " + dir).out;
  EXPECT_NE(after_import, before);

  r = dauvet(import_args(dir));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto again = nlohmann::json::parse(r.out);
  EXPECT_EQ(again["tasks"], 0);
  EXPECT_TRUE(again["units"].empty());
  EXPECT_EQ(again["skipped"].size(), 42u);
  EXPECT_EQ(dauvet("log " + dir).out, after_import) << "importing the same file twice created something";

  r = dauvet("exec " + dir + " " + kDemo + "2-work.ndjson", true);
  ASSERT_EQ(r.code, 0) << r.out;
  r = dauvet("rebuild " + dir);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("rebuilt "), std::string::npos);
  r = dauvet("verify " + dir);
  EXPECT_EQ(r.code, 0) << r.out;
}

TEST(DomainCli, ARefusedCommandNamesItsLineAndLaterLinesDoNotRun) {
  TempDir tmp;
  const std::string dir = tmp.sub("ledger");
  ASSERT_EQ(dauvet("init " + dir).code, 0);
  const std::string file = tmp.sub("bad.ndjson");
  FILE* f = std::fopen(file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("{\"type\":\"unit.create\",\"body\":{\"id\":\"a\",\"name\":\"A\",\"kind\":\"khac\",\"parent\":\"root\"}}\n"
             "{\"type\":\"unit.create\",\"body\":{\"id\":\"a\",\"name\":\"B\",\"kind\":\"khac\",\"parent\":\"root\"}}\n"
             "{\"type\":\"unit.create\",\"body\":{\"id\":\"c\",\"name\":\"C\",\"kind\":\"khac\",\"parent\":\"root\"}}\n",
             f);
  std::fclose(f);
  auto r = dauvet("exec " + dir + " " + file, true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("line 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("already taken"), std::string::npos) << r.out;
  EXPECT_EQ(dauvet("log " + dir).out.find("\"id\":\"c\""), std::string::npos) << "line 3 must not run";
}

TEST(DomainCli, ParseDeadlinePrintsTheScheduleAsJson) {
  auto r = dauvet("parse-deadline 'Trong quý IV hằng năm'");
  ASSERT_EQ(r.code, 0);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "recurring");
  EXPECT_EQ(j["recurrence"], "annual");
  EXPECT_EQ(j["needs_review"], false);
  r = dauvet("parse-deadline 'XONG TRUOC NGAY 31/12/2024'");
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "once");
  EXPECT_EQ(j["due"], nlohmann::json::array({"2024-12-31"}));
  r = dauvet("parse-deadline 'Quý V/2023'");
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["kind"], "unknown");
  EXPECT_EQ(j["needs_review"], true);
  EXPECT_EQ(j["raw"], "Quý V/2023");
  EXPECT_EQ(dauvet("parse-deadline").code, 2);
}

}  // namespace
}  // namespace dauvet::testing
