// EntryFeed: the rebuild's reader threads hand over every entry below its bound once,
// stream by stream in the streams index's order, decoded and with its payload parsed,
// however many read at once; a streams index that does not match the entries is reported
// after what came before.
#include "projections/entry_feed.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

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
    // "s/1" sorts before "s/1/x": the separator after a stream name is 0x00.
    const std::vector<std::string> streams = {"s/1/x", "s/0", "s/2", "s/1", "s/10"};
    for (int i = 0; i < kEntries; ++i) {
      auto r = append(*ledger_, request(streams[i * 7 % streams.size()], R"({"n":)" + std::to_string(i) + "}"));
      ASSERT_TRUE(r) << r.error().to_string();
    }
  }

  // Every index below `to`, ordered as the feed must give them: by stream name, then version.
  std::vector<std::uint64_t> stream_order(std::uint64_t to) const {
    auto snap = ledger_->read();
    std::vector<std::tuple<std::string, std::uint64_t, std::uint64_t>> rows;
    for (std::uint64_t i = 0; i < to; ++i) {
      auto e = snap->view().entry(i);
      rows.emplace_back(e->stream, e->version, i);
    }
    std::sort(rows.begin(), rows.end());
    std::vector<std::uint64_t> out;
    for (const auto& row : rows) out.push_back(std::get<2>(row));
    return out;
  }

  // Every entry the feed gives until it ends, or the error it ends with.
  static Result<std::vector<std::uint64_t>> drain(EntryFeed& feed, std::size_t slice) {
    std::vector<std::uint64_t> got;
    for (;;) {
      auto slice_got = feed.next();
      if (!slice_got) return fail(slice_got.error());
      if (slice_got->empty()) return got;
      EXPECT_LE(slice_got->size(), slice);
      for (const FedEntry& fed : *slice_got) got.push_back(fed.entry.index);
      feed.recycle(std::move(*slice_got));
    }
  }

  void corrupt_streams_row(std::string_view stream, std::uint64_t version, std::optional<std::uint64_t> index) {
    auto txn = lmdb::Txn::begin_write(ledger_->env());
    ASSERT_TRUE(txn);
    auto dbs = Dbs::open(*txn);
    ASSERT_TRUE(dbs);
    const std::string key = keys::stream_version(stream, version);
    if (index) {
      ASSERT_TRUE(txn->put(dbs->streams, key, keys::u64(*index)));
    } else {
      ASSERT_TRUE(txn->del(dbs->streams, key));
    }
    ASSERT_TRUE(txn->commit());
  }

  static constexpr int kEntries = 300;
  dauvet::testing::TempDir dir_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(EntryFeedTest, EveryEntryBelowTheBoundComesOnceStreamByStreamWithItsPayloadParsed) {
  auto snap = ledger_->read();
  ASSERT_TRUE(snap);
  for (const auto& [to, slice, readers] : std::vector<std::tuple<std::uint64_t, std::size_t, std::size_t>>{
           {kEntries, 1, 2}, {kEntries, 7, 3}, {kEntries, 7, 1}, {277, 64, 2}, {kEntries, 5000, 2}, {0, 8, 2},
           {1, 3, 2}}) {
    EntryFeed feed(*ledger_, to, slice, 2, readers);
    std::vector<std::uint64_t> got;
    for (;;) {
      auto slice_got = feed.next();
      ASSERT_TRUE(slice_got) << slice_got.error().to_string();
      if (slice_got->empty()) break;
      EXPECT_LE(slice_got->size(), slice);
      for (const FedEntry& fed : *slice_got) {
        auto direct = snap->view().entry_bytes(fed.entry.index);
        ASSERT_TRUE(direct && *direct);
        EXPECT_EQ(entry::encode(fed.entry), **direct);
        ASSERT_TRUE(fed.payload);
        EXPECT_EQ(fed.parsed, nlohmann::json::parse(*fed.payload));
        EXPECT_EQ(fed.parsed.at("n"), fed.entry.index);
        got.push_back(fed.entry.index);
      }
      feed.recycle(std::move(*slice_got));
    }
    EXPECT_EQ(got, stream_order(to)) << "to " << to << ", slice " << slice << ", readers " << readers;
  }
}

TEST_F(EntryFeedTest, AStreamsRowNamingAnotherEntryIsReportedAfterTheEntriesBeforeIt) {
  const auto order = stream_order(kEntries);
  auto victim = (*ledger_->read())->entry(order[100]);  // the 101st entry the feed gives
  ASSERT_TRUE(victim);
  corrupt_streams_row(victim->stream, victim->version, order[0]);
  EntryFeed feed(*ledger_, kEntries, 10);
  auto got = drain(feed, 10);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::corrupt) << got.error().to_string();
  EXPECT_NE(got.error().message.find(victim->stream), std::string::npos) << got.error().message;
}

TEST_F(EntryFeedTest, AnEntryMissingFromTheStreamsIndexIsReported) {
  auto victim = (*ledger_->read())->entry(42);
  ASSERT_TRUE(victim);
  corrupt_streams_row(victim->stream, victim->version, std::nullopt);
  EntryFeed feed(*ledger_, kEntries, 64);
  auto got = drain(feed, 64);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::corrupt) << got.error().to_string();
  EXPECT_NE(got.error().message.find("lists 299 entries"), std::string::npos) << got.error().message;
}

TEST_F(EntryFeedTest, AFeedLeftWithAFullQueueStopsWhenDestroyed) {
  {
    EntryFeed feed(*ledger_, kEntries, 1, 1);
    auto first = feed.next();
    ASSERT_TRUE(first);
    ASSERT_EQ(first->size(), 1u);
  }  // the thread is waiting for room; the destructor must end it
  SUCCEED();
}

}  // namespace
}  // namespace dauvet::projections
