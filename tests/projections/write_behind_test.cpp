// WriteBehind: the rebuild's rows written on another thread, in order, one transaction per
// commit; a failure abandons that transaction whole and the next one starts clean.
#include "projections/write_behind.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "support/temp_dir.hpp"

namespace dauvet::projections {
namespace {

class WriteBehindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto env = lmdb::Env::open(dir_.str(), lmdb::Env::Options{});
    ASSERT_TRUE(env) << env.error().to_string();
    env_ = std::move(*env);
    auto txn = lmdb::Txn::begin_write(env_);
    ASSERT_TRUE(txn);
    auto dbi = txn->open_db("rows", MDB_CREATE);
    ASSERT_TRUE(dbi);
    dbi_ = *dbi;
    ASSERT_TRUE(txn->commit());
  }

  std::optional<std::string> read(const std::string& key) {
    auto txn = lmdb::Txn::begin_read(env_);
    auto v = txn->get(dbi_, key);
    if (!v || !*v) return std::nullopt;
    return std::string(**v);
  }

  dauvet::testing::TempDir dir_;
  lmdb::Env env_;
  MDB_dbi dbi_ = 0;
};

TEST_F(WriteBehindTest, ACallSeesEveryRowQueuedBeforeItAndRunsOnTheWriteThread) {
  WriteBehind behind(env_);
  // Enough rows to span several hand-overs.
  for (int i = 0; i < 20'000; ++i) behind.put(dbi_, "k" + std::to_string(i), std::string(40, 'v'));
  std::thread::id ran_on;
  std::size_t seen = 0;
  auto r = behind.call([&](lmdb::Txn& txn) -> Result<void> {
    ran_on = std::this_thread::get_id();
    auto n = txn.count(dbi_);
    if (!n) return fail(n.error());
    seen = *n;
    return {};
  });
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(seen, 20'000u);
  EXPECT_NE(ran_on, std::this_thread::get_id());
  EXPECT_FALSE(read("k0")) << "nothing is visible before commit()";
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_EQ(read("k19999"), std::string(40, 'v'));
}

TEST_F(WriteBehindTest, NoOverwriteKeepsTheFirstValueWithoutFailing) {
  WriteBehind behind(env_);
  behind.put(dbi_, "link", "first", MDB_NOOVERWRITE);
  behind.put(dbi_, "link", "second", MDB_NOOVERWRITE);
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_EQ(read("link"), "first");
}

TEST_F(WriteBehindTest, AFailedRowAbandonsItsTransactionAndTheNextStartsClean) {
  WriteBehind behind(env_);
  behind.put(dbi_, "before", "x");
  behind.put(dbi_, std::string(1000, 'k'), "x");  // longer than LMDB's key limit
  behind.put(dbi_, "after", "x");
  auto called = behind.call([](lmdb::Txn&) -> Result<void> { return {}; });
  EXPECT_FALSE(called) << "a call after the failure reports it";
  auto committed = behind.commit([](lmdb::Txn&) -> Result<void> { return {}; });
  EXPECT_FALSE(committed);
  EXPECT_FALSE(read("before"));
  EXPECT_FALSE(read("after"));

  behind.put(dbi_, "again", "y");
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_EQ(read("again"), "y");
  EXPECT_FALSE(read("before"));
}

TEST_F(WriteBehindTest, ACommitWhoseLastStepFailsWritesNothing) {
  WriteBehind behind(env_);
  behind.put(dbi_, "row", "x");
  auto r = behind.commit([](lmdb::Txn&) -> Result<void> { return fail(Errc::internal, "refused"); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "refused");
  EXPECT_FALSE(read("row"));
}

}  // namespace
}  // namespace dauvet::projections
