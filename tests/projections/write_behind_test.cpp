// WriteBehind: the rebuild's rows written on another thread, in order, one transaction per
// commit; a failure abandons that transaction whole, and what was queued behind it, until
// the producer recovers.
#include "projections/write_behind.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "projections/held_rows.hpp"
#include "projections/tables.hpp"
#include "support/temp_dir.hpp"

namespace dauvet::projections {
namespace {

// Every held row queued for writing, without commits and not waited for: a failure shows
// at the next call or commit.
void release_held(WriteBehind& behind) { (void)behind.release_async(nullptr, SIZE_MAX); }

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

  MDB_dbi open_db(const char* name) {
    auto txn = lmdb::Txn::begin_write(env_);
    auto dbi = txn->open_db(name, MDB_CREATE);
    EXPECT_TRUE(dbi && txn->commit());
    return dbi ? *dbi : 0;
  }

  // Every key of `dbi`, in order, as the committed tables or `txn` show them.
  static std::vector<std::string> keys_in(const lmdb::Txn& txn, MDB_dbi dbi) {
    std::vector<std::string> keys;
    auto cursor = lmdb::Cursor::open(txn, dbi);
    for (auto item = cursor->first(); item && *item; item = cursor->next()) keys.emplace_back((*item)->key);
    return keys;
  }
  std::vector<std::string> committed_keys(MDB_dbi dbi) { return keys_in(*lmdb::Txn::begin_read(env_), dbi); }

  std::optional<std::string> read_in(MDB_dbi dbi, const std::string& key) {
    auto txn = lmdb::Txn::begin_read(env_);
    auto v = txn->get(dbi, key);
    if (!v || !*v) return std::nullopt;
    return std::string(**v);
  }
  std::optional<std::string> read(const std::string& key) { return read_in(dbi_, key); }

  dauvet::testing::TempDir dir_;
  lmdb::Env env_;
  MDB_dbi dbi_ = 0;
};

// The rebuild appends its held rows (held_rows.hpp); one that is not greater than the
// table's last key must still be written, as a plain put would write it.
TEST_F(WriteBehindTest, AnAppendedRowThatIsNotTheGreatestIsPutInPlace) {
  WriteBehind behind(env_);
  behind.put(dbi_, "b", "1", MDB_APPEND);
  behind.put(dbi_, "c", "2", MDB_APPEND);
  behind.put(dbi_, "a", "3", MDB_APPEND);  // less than the last key
  behind.put(dbi_, "c", "4", MDB_APPEND);  // equal to it: overwritten
  auto r = behind.commit([](lmdb::Txn&) -> Result<void> { return {}; });
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(read("a"), "3");
  EXPECT_EQ(read("b"), "1");
  EXPECT_EQ(read("c"), "4");
}

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

// The rebuild queues a chunk's commit and goes on with the next chunk's rows at once.
TEST_F(WriteBehindTest, AnAsyncCommitLetsTheProducerGoOnWhileItIsWritten) {
  WriteBehind behind(env_);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  behind.put(dbi_, "chunk1", "x");
  auto first = behind.commit_async([released](lmdb::Txn&) -> Result<void> {
    released.wait();  // the commit is held until the producer has queued more
    return {};
  });
  for (int i = 0; i < 1000; ++i) behind.put(dbi_, "chunk2." + std::to_string(i), std::string(100, 'v'));
  release.set_value();  // reached only if neither commit_async nor put waited for the commit
  ASSERT_TRUE(behind.wait(first));
  EXPECT_EQ(read("chunk1"), "x");
  EXPECT_FALSE(read("chunk2.0")) << "the next chunk's rows are in the next transaction";
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_EQ(read("chunk2.999"), std::string(100, 'v'));
}

// Rows the producer queued before it learned that a commit failed must not start a
// transaction of their own: they belong after the rows that were lost.
TEST_F(WriteBehindTest, WhatIsQueuedBehindAFailedCommitIsDroppedUntilRecover) {
  WriteBehind behind(env_);
  behind.put(dbi_, "first", "x");
  auto failed = behind.commit_async([](lmdb::Txn&) -> Result<void> { return fail(Errc::internal, "refused"); });
  behind.put(dbi_, "second", "y");
  auto behind_it = behind.commit_async([](lmdb::Txn&) -> Result<void> { return {}; });
  EXPECT_FALSE(behind.wait(failed));
  auto r = behind.wait(behind_it);
  ASSERT_FALSE(r) << "a commit queued behind a failure fails with it";
  EXPECT_EQ(r.error().message, "refused");
  EXPECT_FALSE(behind.call([](lmdb::Txn&) -> Result<void> { return {}; }));
  behind.recover();
  behind.put(dbi_, "third", "z");
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_FALSE(read("first"));
  EXPECT_FALSE(read("second"));
  EXPECT_EQ(read("third"), "z");
}

// The rebuild gives a chunk up (an error of its own, not the write thread's) and then
// writes with a transaction of its own: the write thread must not still hold one.
TEST_F(WriteBehindTest, RecoverAbandonsAnOpenTransaction) {
  WriteBehind behind(env_);
  behind.put(dbi_, "given-up", "x");
  ASSERT_TRUE(behind.call([](lmdb::Txn&) -> Result<void> { return {}; }));  // the transaction is open
  behind.recover();
  auto direct = std::async(std::launch::async, [&] {
    auto txn = lmdb::Txn::begin_write(env_);  // waits while the write thread holds one
    return txn && txn->put(dbi_, "direct", "y") && txn->commit();
  });
  // On failure, `behind` going out of scope ends its transaction and lets `direct` finish.
  ASSERT_EQ(direct.wait_for(std::chrono::seconds(20)), std::future_status::ready)
      << "the write thread still holds its transaction";
  ASSERT_TRUE(direct.get());
  EXPECT_FALSE(read("given-up"));
  EXPECT_EQ(read("direct"), "y");
}

TEST_F(WriteBehindTest, ACommitWhoseLastStepFailsWritesNothing) {
  WriteBehind behind(env_);
  behind.put(dbi_, "row", "x");
  auto r = behind.commit([](lmdb::Txn&) -> Result<void> { return fail(Errc::internal, "refused"); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "refused");
  EXPECT_FALSE(read("row"));
}

// Plain puts into a held table wait on the write thread (held_rows.hpp) and reach it, in
// key order, only when released; other tables' rows and puts with flags go in as they come.
TEST_F(WriteBehindTest, HeldRowsReachTheirTableOnlyWhenReleased) {
  const MDB_dbi held = open_db("held");
  WriteBehind behind(env_, std::make_unique<HeldRows>(std::vector<MDB_dbi>{held}, 1 << 20));
  behind.put(held, pkeys::versioned("task/b", 1), "b1");
  behind.put(held, pkeys::versioned("task/a", 2), "a2");
  behind.put(held, pkeys::versioned("task/c", 3), "c3", MDB_NOOVERWRITE);
  behind.put(dbi_, "plain", "p");
  std::vector<std::string> before, after;
  ASSERT_TRUE(behind.call([&](lmdb::Txn& txn) -> Result<void> {
    before = keys_in(txn, held);
    return {};
  }));
  EXPECT_EQ(before, std::vector<std::string>{pkeys::versioned("task/c", 3)}) << "only the put with a flag";
  release_held(behind);
  ASSERT_TRUE(behind.call([&](lmdb::Txn& txn) -> Result<void> {
    after = keys_in(txn, held);
    return {};
  }));
  EXPECT_EQ(after, (std::vector<std::string>{pkeys::versioned("task/a", 2), pkeys::versioned("task/b", 1),
                                             pkeys::versioned("task/c", 3)}));
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_EQ(read("plain"), "p");
  EXPECT_EQ(committed_keys(held), after);
}

// The rebuild's final release commits as it goes, so no transaction holds every held row;
// what follows the last of those commits waits for the next commit.
TEST_F(WriteBehindTest, AReleaseCommitsEachTimeItHasWrittenTheGivenBytes) {
  const MDB_dbi held = open_db("held");
  WriteBehind behind(env_, std::make_unique<HeldRows>(std::vector<MDB_dbi>{held}, 1 << 20));
  for (std::uint64_t i = 0; i < 10; ++i) behind.put(held, pkeys::versioned("s" + std::to_string(i), i), std::string(90, 'v'));
  int lasts = 0;
  const std::size_t row = pkeys::versioned("s0", 0).size() + 90;
  auto released = behind.wait(behind.release_async(
      [&](lmdb::Txn& txn) -> Result<void> {
        ++lasts;
        return txn.put(dbi_, "commits", std::to_string(lasts));
      },
      3 * row));
  ASSERT_TRUE(released) << released.error().to_string();
  EXPECT_EQ(lasts, 3) << "10 rows, a commit after every 3";
  EXPECT_EQ(committed_keys(held).size(), 9u);
  EXPECT_EQ(read("commits"), "3");
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_EQ(committed_keys(held).size(), 10u);
}

// Released rows are appended through a cursor; one below a key the table already holds
// (a rebuild holds again after a mid-way release) must still be written, in place.
TEST_F(WriteBehindTest, AReleasedRowThatIsNotTheGreatestIsPutInPlace) {
  const MDB_dbi held = open_db("held");
  WriteBehind behind(env_, std::make_unique<HeldRows>(std::vector<MDB_dbi>{held}, 1 << 20));
  behind.put(held, pkeys::versioned("m", 5), "m5");
  release_held(behind);
  behind.put(held, pkeys::versioned("a", 6), "a6");  // less than "m": no append
  behind.put(held, pkeys::versioned("m", 5), "again");  // equal: overwritten
  behind.put(held, pkeys::versioned("z", 7), "z7");
  release_held(behind);
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_EQ(committed_keys(held),
            (std::vector<std::string>{pkeys::versioned("a", 6), pkeys::versioned("m", 5), pkeys::versioned("z", 7)}));
  EXPECT_EQ(read_in(held, pkeys::versioned("m", 5)), "again");
}

// Past its limit the write thread writes what it holds and holds again: a long rebuild's
// memory stays bounded, and the rows arrive all the same.
TEST_F(WriteBehindTest, HeldRowsPastTheLimitAreWrittenWithoutARelease) {
  const MDB_dbi held = open_db("held");
  WriteBehind behind(env_, std::make_unique<HeldRows>(std::vector<MDB_dbi>{held}, 1000));
  for (std::uint64_t i = 0; i < 100; ++i) behind.put(held, pkeys::versioned("s" + std::to_string(i % 7), i), std::string(50, 'v'));
  std::size_t seen = 0;
  ASSERT_TRUE(behind.call([&](lmdb::Txn& txn) -> Result<void> {
    seen = keys_in(txn, held).size();
    return {};
  }));
  EXPECT_GE(seen, 100u - 1000u / 50) << "no more than the limit is held";
  EXPECT_LT(seen, 100u);
  release_held(behind);
  ASSERT_TRUE(behind.commit([](lmdb::Txn&) -> Result<void> { return {}; }));
  EXPECT_EQ(committed_keys(held).size(), 100u);
}

}  // namespace
}  // namespace dauvet::projections
