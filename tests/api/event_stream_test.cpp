// The event stream as one open response, through handle() and a test-side puller: old
// entries, then new ones as the writer commits them, in order, each once.
#include <chrono>
#include <numeric>
#include <thread>

#include "api/event_stream.hpp"
#include "support/api_fixture.hpp"

namespace dauvet::api {
namespace {

using namespace std::chrono_literals;

class EventStreamTest : public test::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    writer_ = issue("admin", "admin", "root");
    reader_ = issue("o1", "oversight", "root");
    auto root = command("unit.create", {{"id", "root"}, {"name", "Tỉnh ủy"}, {"kind", "cap_uy"}}, writer_);
    ASSERT_EQ(root.result_int(), 201) << root.body();
  }
  void append_many(int n) {
    for (int i = 0; i < n; ++i) {
      auto r = ledger_->append(AppendRequest{"s/" + std::to_string(i % 5), std::nullopt, "t",
                                             *Payload::parse("{\"i\":" + std::to_string(i) + "}"), {}},
                               Actor{"a", "root", "admin"});
      ASSERT_TRUE(r.get());
    }
  }
  static std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t to) {
    std::vector<std::uint64_t> v(to - from);
    std::iota(v.begin(), v.end(), from);
    return v;
  }
  static auto has_ids(std::size_t n) {
    return [n](const std::string& t) { return test::StreamReader::event_ids(t).size() >= n; };
  }
  std::string writer_, reader_;
};

TEST_F(EventStreamTest, SendsWhatExistsThenEachNewCommitOnTheSameOpenStream) {
  append_many(5);
  const auto before = ledger_size();
  auto stream = open_stream("/v1/events/stream", reader_);
  ASSERT_TRUE(stream);
  ASSERT_TRUE(stream->read_until(has_ids(before)));
  EXPECT_EQ(stream->text().rfind("retry: 1000\n\n", 0), 0u);
  EXPECT_EQ(stream->ids(), range(0, before));
  // Caught up: parked on the commit signal, not polling, not ended.
  EXPECT_FALSE(stream->read_until(has_ids(before + 1), 200ms));
  EXPECT_TRUE(stream->pending());
  EXPECT_EQ(commits_->waiting(), 1u);

  // Commits made while the puller is busy elsewhere and while it is parked both arrive.
  for (int round = 0; round < 3; ++round) {
    append_many(4);
    ASSERT_TRUE(stream->read_until(has_ids(ledger_size()))) << stream->text();
  }
  std::thread writer([&] { append_many(60); });
  const auto total = before + 12 + 60;
  ASSERT_TRUE(stream->read_until(has_ids(total))) << stream->text();
  writer.join();
  EXPECT_EQ(stream->ids(), range(0, total)) << "in order, no gap, no repeat";
  EXPECT_FALSE(stream->ended());
  EXPECT_NE(stream->text().find("event: t\ndata: {"), std::string::npos);
}

TEST_F(EventStreamTest, ResumesRightAfterLastEventId) {
  append_many(10);
  const auto size = ledger_size();
  auto header = open_stream("/v1/events/stream", reader_, {{"Last-Event-ID", std::to_string(size - 4)}});
  ASSERT_TRUE(header);
  ASSERT_TRUE(header->read_until(has_ids(3)));
  auto query = open_stream("/v1/events/stream?last_event_id=" + std::to_string(size - 4), reader_);
  ASSERT_TRUE(query);
  ASSERT_TRUE(query->read_until(has_ids(3)));
  append_many(1);
  ASSERT_TRUE(header->read_until(has_ids(4)));
  ASSERT_TRUE(query->read_until(has_ids(4)));
  EXPECT_EQ(header->ids(), range(size - 3, size + 1));
  EXPECT_EQ(query->ids(), range(size - 3, size + 1));
}

TEST_F(EventStreamTest, ABacklogGoesOutInBoundedPiecesReadFromFreshSnapshots) {
  append_many(1500);
  const auto size = ledger_size();
  auto stream = open_stream("/v1/events/stream", reader_);
  ASSERT_TRUE(stream);
  auto first = stream->stream().pull([] {});
  ASSERT_EQ(first.state, BodyStream::Piece::State::data);
  const auto n = test::StreamReader::event_ids(first.bytes).size();
  EXPECT_GT(n, 0u);
  EXPECT_LT(n, size) << "one pull must not format the whole backlog";
  EXPECT_LE(first.bytes.size(), 64u * 1024 + 1024);
  // Each pull reads a fresh snapshot: a commit between pulls is in the rest.
  append_many(1);
  std::string all = first.bytes;
  for (int guard = 0; guard < 100; ++guard) {
    auto piece = stream->stream().pull([] {});
    if (piece.state != BodyStream::Piece::State::data) break;
    all += piece.bytes;
  }
  EXPECT_EQ(test::StreamReader::event_ids(all), range(0, size + 1));
}

TEST_F(EventStreamTest, AnIdleStreamSendsKeepAliveCommentsAndStillDelivers) {
  router_ = make_router(FeedOptions{.keepalive = 150ms});
  auto stream = open_stream("/v1/events/stream", reader_);
  ASSERT_TRUE(stream);
  const auto size = ledger_size();
  ASSERT_TRUE(stream->read_until(has_ids(size)));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(stream->read_until([](const std::string& t) { return t.find(": keep-alive\n\n") != std::string::npos; }, 5s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 100ms) << "only after an idle interval";
  append_many(1);
  ASSERT_TRUE(stream->read_until(has_ids(size + 1)));
  EXPECT_EQ(stream->ids(), range(0, size + 1));
}

TEST_F(EventStreamTest, StopAndTheSignalsCloseEndAParkedStreamAtOnce) {
  auto a = open_stream("/v1/events/stream", reader_);
  auto b = open_stream("/v1/events/stream", reader_);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->read_until(has_ids(ledger_size())));
  ASSERT_TRUE(b->read_until(has_ids(ledger_size())));
  EXPECT_FALSE(a->read_until(has_ids(ledger_size() + 1), 100ms));
  EXPECT_FALSE(b->read_until(has_ids(ledger_size() + 1), 100ms));
  ASSERT_TRUE(a->pending() && b->pending());

  const auto start = std::chrono::steady_clock::now();
  a->stream().stop();  // the session's shutdown, or a client gone
  EXPECT_TRUE(a->read_to_end(2s));
  commits_->close();  // the server's: must not wait on the parked stream
  EXPECT_TRUE(b->read_to_end(2s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(commits_->waiting(), 0u);
}

TEST_F(EventStreamTest, RevokingTheTokenEndsItsOpenStreamBeforeAnotherEventGoesOut) {
  const auto other = issue("o2", "oversight", "root");
  auto revoked = open_stream("/v1/events/stream", reader_);
  auto kept = open_stream("/v1/events/stream", other);
  ASSERT_TRUE(revoked && kept);
  const auto before = ledger_size();
  ASSERT_TRUE(revoked->read_until(has_ids(before)));
  ASSERT_TRUE(kept->read_until(has_ids(before)));
  EXPECT_FALSE(revoked->read_until(has_ids(before + 1), 100ms));
  ASSERT_TRUE(revoked->pending());

  // The revocation is a commit: it wakes the parked stream, which finds its token gone.
  ASSERT_TRUE(ledger_->append(*token_revoked_request(token_sha256_hex(reader_)), Actor{"op", "root", "admin"}).get());
  ASSERT_TRUE(revoked->read_to_end(2s)) << revoked->text();
  EXPECT_EQ(revoked->ids(), range(0, before)) << "not even the revocation itself went out";
  EXPECT_NE(revoked->text().find(": error: the token is unknown or revoked\n\n"), std::string::npos)
      << revoked->text();

  // Another token's stream goes on, and the revoked token opens no new one.
  append_many(2);
  ASSERT_TRUE(kept->read_until(has_ids(ledger_size()))) << kept->text();
  EXPECT_FALSE(kept->ended());
  EXPECT_EQ(call(http::verb::get, "/v1/events/stream?wait=0", reader_).result_int(), 401);
}

}  // namespace
}  // namespace dauvet::api
