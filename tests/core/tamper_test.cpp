// Tampering with a stopped ledger's storage must be caught by verify, at the right index.
// Byte flips go straight into data.mdb (LMDB keeps no checksums, so nothing else would
// notice); deletions, swaps and insertions go through LMDB, as an attacker with the
// files and liblmdb would do them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "../tools/run.hpp"
#include "core/ledger.hpp"
#include "core/tree.hpp"
#include "core/verify.hpp"
#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using namespace dauvet::testing;

constexpr int kEntries = 40;

class Tamper : public ::testing::Test {
 protected:
  void SetUp() override {
    auto l = open_ledger(dir_.str());
    for (int i = 0; i < kEntries; ++i) {
      char marker[32];
      std::snprintf(marker, sizeof marker, "%04d", i);
      ASSERT_TRUE(append(*l, request("s/" + std::to_string(i % 3), std::string(R"({"pmark":"payload-)") + marker + "\"}",
                                     std::nullopt, std::string("type.") + marker)));
    }
  }

  VerifyReport verify_now() {
    auto l = Ledger::open(dir_.str(), Ledger::Options{.writer = false});
    EXPECT_TRUE(l);
    return verify(**l);
  }

  // Flips one byte of the live value of (db, index), at the position of marker in it. The
  // value LMDB returns points into its read-only map of data.mdb, so its distance from the
  // map's base is its offset in the file (stale copies of the page may exist elsewhere).
  void flip_in_file(MDB_dbi Dbs::*db, std::uint64_t index, const std::string& marker, std::size_t offset_in_marker) {
    std::size_t file_offset = 0;
    {
      auto env = lmdb::Env::open(dir_.str(), {});
      ASSERT_TRUE(env);
      auto txn = lmdb::Txn::begin_read(*env);
      auto dbs = Dbs::open(*txn);
      ASSERT_TRUE(dbs);
      auto value = txn->get((*dbs).*db, keys::u64(index));
      ASSERT_TRUE(value && *value);
      const auto at = (*value)->find(marker);
      ASSERT_NE(at, std::string::npos) << marker;
      file_offset = static_cast<std::size_t>((*value)->data() - map_base(dir_.sub("data.mdb"))) + at + offset_in_marker;
    }
    std::fstream f(dir_.sub("data.mdb"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(file_offset));
    const char c = static_cast<char>(f.get());
    f.seekp(static_cast<std::streamoff>(file_offset));
    f.put(static_cast<char>(c ^ 0x01));
  }

  // Where this process mapped the file: /proc/self/maps lists the mapping by path.
  static const char* map_base(const std::string& path) {
    std::ifstream maps("/proc/self/maps");
    const std::string canonical = std::filesystem::canonical(path).string();
    for (std::string line; std::getline(maps, line);) {
      if (line.size() > canonical.size() && line.ends_with(" " + canonical))
        return reinterpret_cast<const char*>(std::stoull(line.substr(0, line.find('-')), nullptr, 16));
    }
    ADD_FAILURE() << "no mapping of " << path;
    return nullptr;
  }

  template <class Fn>
  void edit(Fn&& fn) {
    auto env = lmdb::Env::open(dir_.str(), {});
    ASSERT_TRUE(env);
    auto txn = lmdb::Txn::begin_write(*env);
    auto dbs = Dbs::open(*txn);
    ASSERT_TRUE(dbs);
    fn(*txn, *dbs);
    ASSERT_TRUE(txn->commit());
  }

  TempDir dir_;
};

// A ledger as `dauvet init` makes it (key, root unit, admin: indexes 0-2) and six entries
// appended with the CLI, "type.0003" ... "type.0008" at the indexes they name.
class TamperedWriter : public Tamper {
 protected:
  void SetUp() override {
    ASSERT_EQ(dauvet("init " + dir_.str() + " --origin tamper.example/log").code, 0);
    for (int i = 3; i <= 8; ++i) {
      auto r = dauvet("append " + dir_.str() + " --stream s/1 --type type.000" + std::to_string(i) +
                          " --payload '{\"pmark\":\"payload-000" + std::to_string(i) + "\"}'",
                      true);
      ASSERT_EQ(r.code, 0) << r.out;
    }
  }
  std::uint64_t size_now() {
    auto l = Ledger::open(dir_.str(), Ledger::Options{.writer = false});
    EXPECT_TRUE(l);
    return *(*(*l)->read())->size();
  }
};

TEST_F(TamperedWriter, NoWriterOpensALedgerThatDoesNotVerifyAndItsIndexIsNamed) {
  auto fine = dauvet("append " + dir_.str() + " --stream s/2 --type ok --payload '{}'", true);
  ASSERT_EQ(fine.code, 0) << "untouched, the ledger takes writes: " << fine.out;
  flip_in_file(&Dbs::entries, 5, "type.0005", 8);
  const std::uint64_t before = size_now();

  auto append = dauvet("append " + dir_.str() + " --stream s/2 --type t --payload '{}'", true);
  EXPECT_EQ(append.code, 1) << append.out;
  EXPECT_NE(append.out.find("does not verify at index 5"), std::string::npos) << append.out;
  auto serve = dauvet("serve " + dir_.str() + " --listen 127.0.0.1:0 --quiet", true);
  EXPECT_EQ(serve.code, 1) << serve.out;
  EXPECT_NE(serve.out.find("does not verify at index 5"), std::string::npos) << serve.out;
  auto token = dauvet("token create " + dir_.str() + " --actor x --role admin --unit root", true);
  EXPECT_NE(token.code, 0) << token.out;

  EXPECT_EQ(size_now(), before) << "nothing was appended, no checkpoint signed over the change";
  auto verify = dauvet("verify " + dir_.str(), true);
  EXPECT_EQ(verify.code, 1);
  EXPECT_NE(verify.out.find("5"), std::string::npos) << verify.out;
}

TEST_F(Tamper, UntouchedLedgerVerifies) {
  const VerifyReport r = verify_now();
  EXPECT_TRUE(r.ok()) << r.problem;
  EXPECT_EQ(r.entries, static_cast<std::uint64_t>(kEntries));
}

TEST_F(Tamper, FlippedByteInAnEntryIsNamed) {
  flip_in_file(&Dbs::entries, 17, "type.0017", 8);  // "type.0017" -> "type.0016": still well-formed
  const VerifyReport r = verify_now();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.bad_index, 17u) << r.problem;
}

TEST_F(Tamper, FlippedByteInTheLastEntryIsNamed) {
  flip_in_file(&Dbs::entries, 39, "type.0039", 8);
  const VerifyReport r = verify_now();
  ASSERT_FALSE(r.ok());
  // The last entry has no successor whose prev could contradict it: the head record
  // written at commit does.
  EXPECT_EQ(r.bad_index, 39u) << r.problem;
}

TEST_F(Tamper, FlippedByteThatBreaksTheSyntaxIsNamed) {
  flip_in_file(&Dbs::entries, 5, "type.0005\"", 9);  // the closing quote becomes '#'

  const VerifyReport r = verify_now();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.bad_index, 5u) << r.problem;
}

TEST_F(Tamper, FlippedByteInAPayloadIsNamed) {
  flip_in_file(&Dbs::payloads, 23, "payload-0023", 11);
  const VerifyReport r = verify_now();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.bad_index, 23u) << r.problem;
  EXPECT_NE(r.problem.find("payload"), std::string::npos);
}

TEST_F(Tamper, DeletedEntryIsNamed) {
  edit([](lmdb::Txn& txn, const Dbs& dbs) { ASSERT_TRUE(*txn.del(dbs.entries, keys::u64(12))); });
  const VerifyReport r = verify_now();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.bad_index, 12u) << r.problem;
  EXPECT_NE(r.problem.find("missing"), std::string::npos);
}

TEST_F(Tamper, DeletedPayloadWithoutErasureIsNamed) {
  edit([](lmdb::Txn& txn, const Dbs& dbs) { ASSERT_TRUE(*txn.del(dbs.payloads, keys::u64(8))); });
  const VerifyReport r = verify_now();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.bad_index, 8u) << r.problem;
}

TEST_F(Tamper, SwappedEntriesAreNamed) {
  edit([](lmdb::Txn& txn, const Dbs& dbs) {
    const std::string a(**txn.get(dbs.entries, keys::u64(20))), b(**txn.get(dbs.entries, keys::u64(21)));
    ASSERT_TRUE(txn.put(dbs.entries, keys::u64(20), b));
    ASSERT_TRUE(txn.put(dbs.entries, keys::u64(21), a));
  });
  const VerifyReport r = verify_now();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.bad_index, 20u) << r.problem;
}

TEST_F(Tamper, InsertedEntryIsNamed) {
  // Forge entry 40 as a copy of 39 with the index changed: the chain link gives it away.
  edit([](lmdb::Txn& txn, const Dbs& dbs) {
    std::string forged(**txn.get(dbs.entries, keys::u64(39)));
    forged.replace(forged.find("\"index\":39"), 10, "\"index\":40");
    ASSERT_TRUE(txn.put(dbs.entries, keys::u64(40), forged));
    ASSERT_TRUE(txn.put(dbs.payloads, keys::u64(40), std::string(**txn.get(dbs.payloads, keys::u64(39)))));
  });
  const VerifyReport r = verify_now();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.bad_index, 40u) << r.problem;
}

TEST_F(Tamper, AlteredTreeNodeIsNamedByTheVerifyCommand) {
  {
    auto env = lmdb::Env::open(dir_.str(), {});
    ASSERT_TRUE(env);
    auto txn = lmdb::Txn::begin_write(*env);
    auto tree = txn->open_db("tree", 0);
    ASSERT_TRUE(tree);
    const std::string key = tree_keys::node(2, 3);  // leaves 12..15
    std::string node(**txn->get(*tree, key));
    node[0] = static_cast<char>(node[0] ^ 1);
    ASSERT_TRUE(txn->put(*tree, key, node));
    ASSERT_TRUE(txn->commit());
  }
  EXPECT_TRUE(verify_now().ok()) << "the entries themselves are intact";
  // Given a tree to build, verify_ledger compares the stored nodes too: on its own
  // transaction (one reader) and on a second one beside the streams check (three readers).
  auto l = Ledger::open(dir_.str(), Ledger::Options{.writer = false});
  ASSERT_TRUE(l);
  auto snap = (*l)->read();
  ASSERT_TRUE(snap);
  for (const VerifyOptions& options : {VerifyOptions{.threads = 1}, VerifyOptions{.threads = 3, .chunk = 7}}) {
    crypto::MemoryTree tree;
    VerifyOptions with_tree = options;
    with_tree.tree = &tree;
    auto report = verify_ledger(snap->view(), with_tree);
    ASSERT_TRUE(report);
    EXPECT_EQ(tree.size(), static_cast<std::uint64_t>(kEntries));
    EXPECT_NE(report->problem.find("tree node (2, 3) differs"), std::string::npos) << report->problem;
  }
  auto r = testing::dauvet("verify " + dir_.str());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("tree node (2, 3) differs"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dauvet
