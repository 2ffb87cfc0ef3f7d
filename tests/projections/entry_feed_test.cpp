// EntryFeed: the rebuild's reader thread hands over every entry of its range once, in
// order, decoded and with its payload parsed; a read failure arrives after what came before.
#include "projections/entry_feed.hpp"

#include <gtest/gtest.h>

#include "core/ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet::projections {
namespace {

using dauvet::testing::append;
using dauvet::testing::open_ledger;
using dauvet::testing::request;

class EntryFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_ = open_ledger(dir_.str());
    ASSERT_TRUE(ledger_);
    for (int i = 0; i < kEntries; ++i) {
      auto r = append(*ledger_, request("s/" + std::to_string(i % 5), R"({"n":)" + std::to_string(i) + "}"));
      ASSERT_TRUE(r) << r.error().to_string();
    }
  }

  static constexpr int kEntries = 300;
  dauvet::testing::TempDir dir_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(EntryFeedTest, EveryEntryOfTheRangeComesOnceInOrderWithItsPayloadParsed) {
  auto snap = ledger_->read();
  ASSERT_TRUE(snap);
  for (const auto& [from, to, slice] : std::vector<std::tuple<std::uint64_t, std::uint64_t, std::size_t>>{
           {0, kEntries, 1}, {0, kEntries, 7}, {13, 277, 64}, {0, kEntries, 5000}, {40, 40, 8}}) {
    EntryFeed feed(*ledger_, from, to, slice, 2);
    std::uint64_t next = from;
    for (;;) {
      auto got = feed.next();
      ASSERT_TRUE(got) << got.error().to_string();
      if (got->empty()) break;
      EXPECT_LE(got->size(), slice);
      for (const FedEntry& fed : *got) {
        ASSERT_EQ(fed.entry.index, next);
        auto direct = snap->view().entry_bytes(next);
        ASSERT_TRUE(direct && *direct);
        EXPECT_EQ(entry::encode(fed.entry), **direct);
        ASSERT_TRUE(fed.payload);
        EXPECT_EQ(fed.parsed, nlohmann::json::parse(*fed.payload));
        EXPECT_EQ(fed.parsed.at("n"), next);
        ++next;
      }
      feed.recycle(std::move(*got));
    }
    EXPECT_EQ(next, to) << "slice " << slice;
  }
}

TEST_F(EntryFeedTest, AReadFailureComesAfterTheEntriesBeforeIt) {
  EntryFeed feed(*ledger_, kEntries - 10, kEntries + 10, 5);  // runs past the last entry
  std::uint64_t got_entries = 0;
  for (;;) {
    auto got = feed.next();
    if (!got) {
      EXPECT_EQ(got.error().code, Errc::corrupt) << got.error().to_string();
      break;
    }
    ASSERT_FALSE(got->empty()) << "the feed must not end quietly before its range";
    got_entries += got->size();
  }
  EXPECT_EQ(got_entries, 10u);
}

TEST_F(EntryFeedTest, AFeedLeftWithAFullQueueStopsWhenDestroyed) {
  {
    EntryFeed feed(*ledger_, 0, kEntries, 1, 1);
    auto first = feed.next();
    ASSERT_TRUE(first);
    ASSERT_EQ(first->size(), 1u);
  }  // the thread is waiting for room; the destructor must end it
  SUCCEED();
}

}  // namespace
}  // namespace dauvet::projections
