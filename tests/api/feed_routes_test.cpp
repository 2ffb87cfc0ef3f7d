// Blobs, the entries feed, events paging and the event stream through handle().
#include <chrono>
#include <future>
#include <thread>

#include "base/hex.hpp"
#include "crypto/base64.hpp"
#include "support/api_fixture.hpp"

namespace dauvet::api {
namespace {

class Feed : public test::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    writer_ = issue("admin", "admin", "root");
    reader_ = issue("o1", "oversight", "root");
    verifier_ = issue("v1", "verifier", "root");
    // The feed is whole-ledger: a non-admin reads it with a token of the root unit.
    auto root = command("unit.create", {{"id", "root"}, {"name", "Tỉnh ủy"}, {"kind", "cap_uy"}}, writer_);
    ASSERT_EQ(root.result_int(), 201) << root.body();
  }
  void append_many(int n) {
    std::vector<std::future<Result<CommandResult>>> pending;
    for (int i = 0; i < n; ++i)
      pending.push_back(ledger_->append(
          AppendRequest{"s/" + std::to_string(i % 7), std::nullopt, "t", *Payload::parse("{\"i\":" + std::to_string(i) + "}"), {}},
          Actor{"a", "root", "admin"}));
    for (auto& f : pending) ASSERT_TRUE(f.get());
  }
  std::string writer_, reader_, verifier_;
};

TEST_F(Feed, BlobsRoundTripAndRefuseBadInput) {
  const std::string bytes("binary\0data\xff", 12);
  auto put = call(http::verb::put, "/v1/blobs", writer_, bytes);
  ASSERT_EQ(put.result(), http::status::created) << put.body();
  const std::string hex = json_of(put)["sha256"];
  EXPECT_EQ(hex, to_hex(crypto::sha256(bytes)));
  EXPECT_EQ(json_of(put)["size"], 12);
  auto get = call(http::verb::get, "/v1/blobs/" + hex, reader_);
  ASSERT_EQ(get.result(), http::status::ok);
  EXPECT_EQ(get.body(), bytes);
  EXPECT_EQ(get[http::field::content_type], "application/octet-stream");

  EXPECT_EQ(call(http::verb::get, "/v1/blobs/" + std::string(64, '0'), reader_).result(), http::status::not_found);
  EXPECT_EQ(call(http::verb::get, "/v1/blobs/zz", reader_).result(), http::status::bad_request);
  EXPECT_EQ(call(http::verb::get, "/v1/blobs/" + hex, verifier_).result(), http::status::forbidden);
  EXPECT_EQ(call(http::verb::get, "/v1/blobs/" + hex, "").result(), http::status::unauthorized);
  EXPECT_EQ(call(http::verb::put, "/v1/blobs", writer_, "").result(), http::status::bad_request);
  EXPECT_EQ(call(http::verb::put, "/v1/blobs", reader_, "x").result(), http::status::forbidden);
  EXPECT_EQ(call(http::verb::get, "/v1/blobs/" + to_hex(crypto::sha256(std::string("x"))), reader_).result(),
            http::status::not_found);
}

TEST_F(Feed, LedgerEntriesAreTheExactBytes) {
  append_many(5);
  const auto size = ledger_size();
  auto r = call(http::verb::get, "/v1/ledger/entries?start=1&end=" + std::to_string(size), reader_);
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  const auto arr = json_of(r);
  ASSERT_EQ(arr.size(), size - 1);
  auto snap = ledger_->read();
  for (const auto& item : arr) {
    const std::uint64_t i = item["index"];
    auto entry = crypto::base64_decode(item["entry"].get<std::string>());
    ASSERT_TRUE(entry);
    EXPECT_EQ(std::string(entry->begin(), entry->end()), **snap->view().entry_bytes(i));
    auto payload = crypto::base64_decode(item["payload"].get<std::string>());
    EXPECT_EQ(std::string(payload->begin(), payload->end()), **snap->view().payload(i));
  }
  EXPECT_EQ(call(http::verb::get, "/v1/ledger/entries?start=2&end=1", reader_).result(), http::status::bad_request);
  EXPECT_EQ(call(http::verb::get, "/v1/ledger/entries?start=0", reader_).result(), http::status::bad_request);
  EXPECT_EQ(call(http::verb::get, "/v1/ledger/entries?start=0&end=" + std::to_string(size + 1), reader_).result(),
            http::status::bad_request);
  EXPECT_EQ(call(http::verb::get, "/v1/ledger/entries?start=0&end=1", verifier_).result(), http::status::forbidden);
}

TEST_F(Feed, EventsPageByCursor) {
  append_many(10);
  const auto size = ledger_size();
  std::vector<std::uint64_t> seen;
  std::string after;
  for (int guard = 0; guard < 20; ++guard) {
    auto r = call(http::verb::get, "/v1/events?limit=4" + (after.empty() ? "" : "&after=" + after), reader_);
    ASSERT_EQ(r.result(), http::status::ok) << r.body();
    const auto body = json_of(r);
    if (body["events"].empty()) break;
    for (const auto& e : body["events"]) seen.push_back(e["index"]);
    after = std::to_string(body["next_after"].get<std::uint64_t>());
  }
  ASSERT_EQ(seen.size(), size);
  for (std::uint64_t i = 0; i < size; ++i) EXPECT_EQ(seen[i], i);
  auto one = json_of(call(http::verb::get, "/v1/events?after=" + std::to_string(size - 2), reader_));
  ASSERT_EQ(one["events"].size(), 1u);
  EXPECT_EQ(one["events"][0]["type"], "t");
  EXPECT_EQ(one["events"][0]["payload"]["i"], 9);
  EXPECT_EQ(one["events"][0]["actor"]["id"], "a");
  EXPECT_EQ(call(http::verb::get, "/v1/events?limit=0", reader_).result(), http::status::bad_request);
  EXPECT_EQ(call(http::verb::get, "/v1/events?limit=1001", reader_).result(), http::status::bad_request);
  EXPECT_EQ(call(http::verb::get, "/v1/events?after=x", reader_).result(), http::status::bad_request);
  EXPECT_EQ(call(http::verb::get, "/v1/events", verifier_).result(), http::status::forbidden);
}

// Reads the stream as an EventSource would, reconnecting with the last id it saw.
TEST_F(Feed, EventStreamResumesWithoutSkippingOrRepeating) {
  append_many(1500);  // more than one batch
  const auto size = ledger_size();
  std::vector<std::uint64_t> ids;
  std::optional<std::string> last;
  for (int guard = 0; guard < 10; ++guard) {
    std::map<std::string, std::string> headers;
    if (last) headers["Last-Event-ID"] = *last;
    auto r = call(http::verb::get, "/v1/events/stream?wait=0", reader_, {}, headers);
    ASSERT_EQ(r.result(), http::status::ok) << r.body();
    EXPECT_EQ(r[http::field::content_type], "text/event-stream; charset=utf-8");
    EXPECT_EQ(r.body().rfind("retry: ", 0), 0u);
    std::size_t n = 0;
    for (auto p = r.body().find("\nid: "); p != std::string::npos; p = r.body().find("\nid: ", p + 1)) {
      const auto end = r.body().find('\n', p + 1);
      last = r.body().substr(p + 5, end - p - 5);
      ids.push_back(std::stoull(*last));
      ++n;
    }
    if (n == 0) break;
    if (guard == 0) {
      // New entries between reconnects are picked up in order.
      append_many(3);
    }
  }
  const auto total = ledger_size();
  ASSERT_GT(total, size);
  ASSERT_EQ(ids.size(), total);
  for (std::uint64_t i = 0; i < total; ++i) ASSERT_EQ(ids[i], i);
  EXPECT_EQ(call(http::verb::get, "/v1/events/stream", reader_, {}, {{"Last-Event-ID", "abc"}}).result(),
            http::status::bad_request);
  EXPECT_EQ(call(http::verb::get, "/v1/events/stream", reader_, {}, {{"Last-Event-ID", std::to_string(total)}}).result(),
            http::status::bad_request);
}

// What used to be a long poll is now the same open response: a caught-up stream waits on
// the commit signal, holding no snapshot, and the next commit arrives on it.
TEST_F(Feed, ACaughtUpStreamWaitsForTheNextCommitAndSendsItOnTheSameResponse) {
  append_many(2);
  const std::uint64_t last = ledger_size() - 1;
  const auto start = std::chrono::steady_clock::now();
  auto stream = open_stream("/v1/events/stream?wait=20", reader_, {{"Last-Event-ID", std::to_string(last)}});
  ASSERT_TRUE(stream);
  EXPECT_FALSE(stream->read_until([](const std::string&) { return false; }, std::chrono::milliseconds(200)));
  EXPECT_EQ(stream->text(), "retry: 1000\n\n") << "never repeats what the client has";
  EXPECT_TRUE(stream->pending());
  EXPECT_EQ(commits_->waiting(), 1u);
  append_many(1);
  ASSERT_TRUE(stream->read_until([](const std::string& t) { return !test::StreamReader::event_ids(t).empty(); }));
  EXPECT_EQ(stream->ids(), std::vector<std::uint64_t>{last + 1});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << "woken by the commit, not the wait";
  EXPECT_FALSE(stream->ended()) << "the stream stays open for the next commit";
}

TEST_F(Feed, AHeldStreamEndsEmptyAfterItsWaitAndAtShutdown) {
  const std::string last = std::to_string(ledger_size() - 1);
  const auto start = std::chrono::steady_clock::now();
  auto r = call(http::verb::get, "/v1/events/stream?wait=1", reader_, {}, {{"Last-Event-ID", last}});
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  EXPECT_EQ(r.body(), "retry: 1000\n\n");
  EXPECT_EQ(call(http::verb::get, "/v1/events/stream?wait=26", reader_).result(), http::status::bad_request);

  auto held = std::async(std::launch::async, [&] {
    return call(http::verb::get, "/v1/events/stream?wait=25", reader_, {}, {{"Last-Event-ID", last}});
  });
  for (int i = 0; i < 200 && commits_->waiting() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  commits_->close();
  ASSERT_EQ(held.wait_for(std::chrono::seconds(5)), std::future_status::ready) << "shutdown does not wait out the hold";
  EXPECT_EQ(held.get().result(), http::status::ok);
}

}  // namespace
}  // namespace dauvet::api
