// The verifiable-ledger commands end to end, through the dauvet binary.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "run.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using testing::dauvet;
using testing::first_line;

const std::string kOrigin = "dauvet.hungyen.example/ledger";

std::string init(const std::string& dir) {
  auto r = dauvet("init " + dir + " --origin " + kOrigin);
  EXPECT_EQ(r.code, 0) << r.out;
  return first_line(r.out);
}

void append(const std::string& dir, int n, const std::string& value) {
  auto r = dauvet("append " + dir + " --stream task/" + std::to_string(n % 4) + " --type task.noted --payload '{\"n\":\"" +
                  value + "\"}'");
  ASSERT_EQ(r.code, 0) << r.out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(VerifiableLedger, InitCreatesAPrivateKeyAndPrintsTheVerifierKey) {
  testing::TempDir tmp;
  const std::string vkey = init(tmp.sub("l"));
  EXPECT_TRUE(std::regex_match(vkey, std::regex(R"(dauvet\.hungyen\.example/ledger\+[0-9a-f]{8}\+AQ?[A-Za-z0-9+/]{42}[A-Za-z0-9+/=]?)")))
      << vkey;
  struct stat st {};
  ASSERT_EQ(::stat(tmp.sub("l/signing.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(dauvet("init " + tmp.sub("l")).code, 0) << "a second init must be refused";
  ::chmod(tmp.sub("l/signing.key").c_str(), 0640);
  auto refused = dauvet("append " + tmp.sub("l") + " --stream s --type t --payload '{}'", true);
  EXPECT_NE(refused.code, 0);
  EXPECT_NE(refused.out.find("chmod 600"), std::string::npos) << refused.out;
}

TEST(VerifiableLedger, ProofsVerifyOfflineAndTamperedProofsDoNot) {
  testing::TempDir tmp;
  const std::string dir = tmp.sub("l");
  const std::string vkey = init(dir);
  for (int i = 1; i <= 12; ++i) append(dir, i, "v" + std::to_string(i));
  ASSERT_EQ(dauvet("prove " + dir + " 5 --out " + tmp.sub("p5")).code, 0);
  auto ok = dauvet("verify-proof " + tmp.sub("p5") + " --key '" + vkey + "'");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("ok: entry 5 is in " + kOrigin), std::string::npos) << ok.out;

  const std::string proof = slurp(tmp.sub("p5"));
  auto check_bad = [&](std::string text, const char* what) {
    std::ofstream(tmp.sub("bad")) << text;
    auto r = dauvet("verify-proof " + tmp.sub("bad") + " --key '" + vkey + "'");
    EXPECT_EQ(r.code, 1) << what << ": " << r.out;
  };
  std::string t = proof;
  t.replace(t.find("index 5"), 7, "index 6");
  check_bad(t, "other index");
  t = proof;
  const auto path_line = t.find('\n', t.find("\npayload ") + 1) + 1;  // first path hash
  t[path_line] = t[path_line] == 'A' ? 'B' : 'A';
  check_bad(t, "altered path");
  t = proof;
  const auto payload = t.find("payload ") + 8;
  t[payload + 2] = t[payload + 2] == 'A' ? 'B' : 'A';
  check_bad(t, "altered payload");
  const std::string other_key = init(tmp.sub("other"));
  auto wrong = dauvet("verify-proof " + tmp.sub("p5") + " --key '" + other_key + "'");
  EXPECT_EQ(wrong.code, 1);
}

TEST(VerifiableLedger, ExportedBundleVerifiesAndNamesATamperedEntry) {
  testing::TempDir tmp;
  const std::string dir = tmp.sub("l");
  const std::string vkey = init(dir);
  for (int i = 1; i <= 9; ++i) append(dir, i, "v" + std::to_string(i));
  ASSERT_EQ(dauvet("export " + dir + " " + tmp.sub("b")).code, 0);
  auto ok = dauvet("verify " + tmp.sub("b") + " --key '" + vkey + "'");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_EQ(ok.out, "ok 12 entries\n");  // init records the key, the root unit and the admin
  // Change one payload byte of entry 4 (base64 of a different JSON value).
  std::string lines = slurp(tmp.sub("b/entries.ndjson"));
  const auto line4 = lines.find("\"index\":4,");
  const auto pay = lines.find("\"payload\":\"", line4) + 11;
  lines[pay + 3] = lines[pay + 3] == 'A' ? 'B' : 'A';
  std::ofstream(tmp.sub("b/entries.ndjson"), std::ios::binary) << lines;
  auto bad = dauvet("verify " + tmp.sub("b") + " --key '" + vkey + "'");
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.out.rfind("bad entry 4:", 0), 0u) << bad.out;
}

TEST(VerifiableLedger, OldCheckpointsStayVerifiableAfterKeyRotation) {
  testing::TempDir tmp;
  const std::string dir = tmp.sub("l");
  const std::string old_key = init(dir);
  for (int i = 1; i <= 3; ++i) append(dir, i, "before");
  auto rotated = dauvet("key rotate " + dir + " --reason 'thay khóa định kỳ'");
  ASSERT_EQ(rotated.code, 0) << rotated.out;
  const std::string new_key = first_line(rotated.out);
  EXPECT_NE(new_key, old_key);
  for (int i = 4; i <= 6; ++i) append(dir, i, "after");
  EXPECT_EQ(dauvet("verify " + dir + " --key '" + old_key + "' --key '" + new_key + "'").code, 0);
  EXPECT_EQ(dauvet("verify " + dir).code, 0) << "keys recorded in the ledger include both";
  // Pinned to the old key alone, the checkpoints signed after the rotation do not verify.
  auto old_only = dauvet("verify " + dir + " --key '" + old_key + "'");
  EXPECT_EQ(old_only.code, 1);
  EXPECT_NE(old_only.out.find("no signature by a known key"), std::string::npos) << old_only.out;
  // The rotation is itself an entry.
  EXPECT_NE(dauvet("log " + dir).out.find("\"type\":\"ledger.key_rotated\""), std::string::npos);
}

}  // namespace
}  // namespace dauvet
