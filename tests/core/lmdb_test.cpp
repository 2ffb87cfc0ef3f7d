// The RAII wrappers of core/lmdb.hpp: Txn::put_kept, the writer's puts through cursors the
// transaction keeps. Every other wrapper is exercised by the ledger's tests; these check
// what a kept cursor adds: the same rows as put() whatever happens to the table between
// two puts, and cursors closed exactly once however the transaction ends (a double close
// is what AddressSanitizer would catch here).
#include "core/lmdb.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace dauvet::lmdb {
namespace {

std::string key_of(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "k%08d", i);
  return buf;
}

class KeptCursorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = Env::open(dir_.str(), Env::Options{});
    ASSERT_TRUE(env) << env.error().to_string();
    env_ = std::move(*env);
  }

  MDB_dbi open_db(const std::string& name) {
    auto txn = Txn::begin_write(env_);
    auto dbi = txn->open_db(name.c_str(), MDB_CREATE);
    EXPECT_TRUE(dbi && txn->commit());
    return dbi ? *dbi : 0;
  }

  std::map<std::string, std::string> committed(MDB_dbi dbi) {
    std::map<std::string, std::string> rows;
    auto txn = Txn::begin_read(env_);
    auto cursor = Cursor::open(*txn, dbi);
    for (auto item = cursor->first(); item && *item; item = cursor->next()) {
      rows.emplace(std::string((*item)->key), std::string((*item)->value));
    }
    return rows;
  }

  dauvet::testing::TempDir dir_;
  Env env_;
};

TEST_F(KeptCursorTest, AppendsAndPutsInPlaceLikePut) {
  const MDB_dbi dbi = open_db("rows");
  std::map<std::string, std::string> expected;
  auto txn = Txn::begin_write(env_);
  // Enough rows (~3 MB) for a tree of three levels, so an append that skipped a needed
  // descent would land on the wrong page.
  for (int i = 0; i < 40000; i += 2) {
    const std::string value(i % 7 * 40, 'v');
    ASSERT_TRUE(txn->put_kept(dbi, key_of(i), value, MDB_APPEND));
    expected[key_of(i)] = value;
  }
  // Below and equal to the last key: MDB_APPEND refuses, a put in place does not.
  auto refused = txn->put_kept(dbi, key_of(1), "odd", MDB_APPEND);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::conflict);
  ASSERT_TRUE(txn->put_kept(dbi, key_of(1), "odd"));
  ASSERT_TRUE(txn->put_kept(dbi, key_of(39998), "last, again"));
  expected[key_of(1)] = "odd";
  expected[key_of(39998)] = "last, again";
  ASSERT_TRUE(txn->put_kept(dbi, key_of(50000), "after", MDB_APPEND));
  expected[key_of(50000)] = "after";
  ASSERT_TRUE(txn->commit());
  EXPECT_EQ(committed(dbi), expected);
  auto read = Txn::begin_read(env_);
  MDB_stat st{};
  ASSERT_EQ(mdb_stat(read->get(), dbi, &st), 0);
  EXPECT_GE(st.ms_depth, 3u);
}

TEST_F(KeptCursorTest, DeletesAndPlainPutsBetweenKeptPutsAreSeen) {
  const MDB_dbi dbi = open_db("rows");
  std::map<std::string, std::string> expected;
  auto txn = Txn::begin_write(env_);
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(txn->put_kept(dbi, key_of(i), std::string(100, 'a'), MDB_APPEND));
    expected[key_of(i)] = std::string(100, 'a');
  }
  // Empty the last pages under the kept cursor, which sits on the last key: LMDB merges
  // them away. The table now ends at 999, so 1500 is an append again.
  for (int i = 1000; i < 3000; ++i) {
    ASSERT_TRUE(*txn->del(dbi, key_of(i)));
    expected.erase(key_of(i));
  }
  ASSERT_TRUE(txn->put_kept(dbi, key_of(1500), "appended after the deletes", MDB_APPEND));
  expected[key_of(1500)] = "appended after the deletes";
  ASSERT_TRUE(txn->put(dbi, key_of(2000), "plain put, past the kept cursor"));
  expected[key_of(2000)] = "plain put, past the kept cursor";
  auto refused = txn->put_kept(dbi, key_of(1999), "x", MDB_APPEND);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::conflict);
  ASSERT_TRUE(txn->put_kept(dbi, key_of(2001), "appended after the plain put", MDB_APPEND));
  expected[key_of(2001)] = "appended after the plain put";
  ASSERT_TRUE(txn->commit());
  EXPECT_EQ(committed(dbi), expected);
}

TEST_F(KeptCursorTest, MoreTablesThanKeptCursorsAreAllWritten) {
  std::vector<MDB_dbi> dbis;
  for (int t = 0; t < 11; ++t) dbis.push_back(open_db("t" + std::to_string(t)));
  auto txn = Txn::begin_write(env_);
  for (int i = 0; i < 100; ++i) {
    for (MDB_dbi dbi : dbis) ASSERT_TRUE(txn->put_kept(dbi, key_of(i), std::to_string(dbi), MDB_APPEND));
  }
  ASSERT_TRUE(txn->commit());
  for (MDB_dbi dbi : dbis) {
    const auto rows = committed(dbi);
    ASSERT_EQ(rows.size(), 100u);
    EXPECT_EQ(rows.begin()->second, std::to_string(dbi));
  }
}

TEST_F(KeptCursorTest, CursorsGoWithTheTransactionHoweverItEnds) {
  const MDB_dbi dbi = open_db("rows");
  {
    auto txn = Txn::begin_write(env_);
    ASSERT_TRUE(txn->put_kept(dbi, key_of(1), "abandoned", MDB_APPEND));
  }  // aborted by the destructor
  EXPECT_TRUE(committed(dbi).empty());
  {
    auto txn = Txn::begin_write(env_);
    ASSERT_TRUE(txn->put_kept(dbi, key_of(1), "abandoned too", MDB_APPEND));
    txn->abort();
  }
  EXPECT_TRUE(committed(dbi).empty());
  {
    auto first = Txn::begin_write(env_);
    ASSERT_TRUE(first->put_kept(dbi, key_of(1), "one", MDB_APPEND));
    Txn moved = std::move(*first);  // the cursors move with the transaction
    ASSERT_TRUE(moved.put_kept(dbi, key_of(2), "two", MDB_APPEND));
    Txn assigned;
    assigned = std::move(moved);
    ASSERT_TRUE(assigned.put_kept(dbi, key_of(3), "three", MDB_APPEND));
    ASSERT_TRUE(assigned.commit());
  }
  EXPECT_EQ(committed(dbi), (std::map<std::string, std::string>{
                                {key_of(1), "one"}, {key_of(2), "two"}, {key_of(3), "three"}}));
  // A read transaction cannot write: an error, and nothing to close twice.
  auto read = Txn::begin_read(env_);
  EXPECT_FALSE(read->put_kept(dbi, key_of(4), "no"));
}

}  // namespace
}  // namespace dauvet::lmdb
