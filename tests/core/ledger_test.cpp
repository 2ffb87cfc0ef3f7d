#include <gtest/gtest.h>

#include "core/entry.hpp"
#include "core/ledger.hpp"
#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using namespace dauvet::testing;

TEST(Ledger, AppendsReadsBackAndSurvivesReopen) {
  TempDir dir;
  {
    auto l = open_ledger(dir.str());
    auto a = append(*l, request("task/1", R"({"nội dung":"Quý III/2023"})"));
    ASSERT_TRUE(a) << a.error().to_string();
    EXPECT_EQ(a->entries.at(0).index, 0u);
    EXPECT_EQ(a->entries.at(0).version, 1u);
    EXPECT_TRUE(append(*l, request("task/2")));
    EXPECT_EQ(append(*l, request("task/1"))->entries.at(0).version, 2u);
  }
  auto l = open_ledger(dir.str());
  auto snap = l->read();
  EXPECT_EQ(*snap->view().size(), 3u);
  EXPECT_EQ(*snap->view().stream_version("task/1"), 2u);
  EXPECT_EQ(*snap->view().stream_version("task/"), 0u);  // a prefix is not a stream
  EXPECT_EQ(*snap->view().stream_index("task/1", 2), 2u);
  auto e = entry::decode(**snap->view().entry_bytes(0));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->actor, kClerk);
  EXPECT_EQ(e->prev, crypto::Hash{});
  EXPECT_EQ(**snap->view().payload(0), R"({"nội dung":"Quý III/2023"})");
  EXPECT_EQ(entry::decode(**snap->view().entry_bytes(1))->prev, crypto::leaf_hash(**snap->view().entry_bytes(0)));
  // The writer resumes the chain where it stopped.
  snap = fail(Error{});  // release the read transaction
  EXPECT_EQ(append(*l, request("task/3"))->entries.at(0).index, 3u);
  EXPECT_TRUE(verify(*l).ok()) << verify(*l).problem;
}

TEST(Ledger, ExpectedVersionMismatchWritesNothing) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  ASSERT_TRUE(append(*l, request("s", "{}", 0)));  // 0: the stream must be new
  auto again = append(*l, request("s", "{}", 0));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(again.error().field, "expected_version");
  EXPECT_NE(again.error().message.find("version 1"), std::string::npos);
  EXPECT_FALSE(append(*l, request("s", "{}", 5)));
  EXPECT_EQ(size_of(*l), 1u);
  EXPECT_TRUE(append(*l, request("s", "{}", 1)));
  EXPECT_EQ(size_of(*l), 2u);
}

TEST(Ledger, IdempotencyKeyReturnsTheFirstResultAndWritesNothing) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  auto first = append(*l, request("s", R"({"a":1})"), "key-1");
  ASSERT_TRUE(first);
  auto retry = append(*l, request("s", R"({"a":1})"), "key-1");
  ASSERT_TRUE(retry);
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(retry->entries.at(0).index, first->entries.at(0).index);
  EXPECT_EQ(retry->entries.at(0).recorded_at, first->entries.at(0).recorded_at);
  EXPECT_EQ(size_of(*l), 1u);
  // Same key, different request: refused, not silently answered with the old result.
  auto reuse = append(*l, request("s", R"({"a":2})"), "key-1");
  ASSERT_FALSE(reuse);
  EXPECT_EQ(reuse.error().code, Errc::conflict);
  // Keys belong to an actor: another actor's identical key is a new command.
  auto other = append(*l, request("s", R"({"a":1})"), "key-1", Actor{"clerk-2", "ban-to-chuc", "clerk"});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->duplicate);
  EXPECT_EQ(size_of(*l), 2u);
  // The key is recorded in the entry.
  EXPECT_EQ(entry::decode(**(*l->read())->entry_bytes(0))->idempotency_key, "key-1");
}

TEST(Ledger, ACommandIsAllOrNothing) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  ASSERT_TRUE(append(*l, request("b")));
  Command cmd{kClerk, std::nullopt, {}, [](WriteContext&) -> Result<std::vector<AppendRequest>> {
                std::vector<AppendRequest> out;
                out.push_back(request("a", "{}", 0));
                out.push_back(request("b", "{}", 7));  // wrong: b is at version 1
                return out;
              }};
  auto r = l->submit(std::move(cmd)).get();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(size_of(*l), 1u);
  EXPECT_EQ(*(*l->read())->stream_version("a"), 0u);
  // Two requests on one stream within a command get consecutive versions.
  Command two{kClerk, std::nullopt, {}, [](WriteContext&) -> Result<std::vector<AppendRequest>> {
                std::vector<AppendRequest> out;
                out.push_back(request("c", "{}", 0));
                out.push_back(request("c", "{}", 1));
                return out;
              }};
  auto ok = l->submit(std::move(two)).get();
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->entries.at(1).version, 2u);
}

TEST(Ledger, RefusesBadFieldsWithTheFieldNamed) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  auto r = append(*l, request(""));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "stream");
  r = append(*l, request("s", "{}", std::nullopt, "bad\ttype"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "type");
  EXPECT_FALSE(Payload::parse(R"({"x":0.1})"));
  EXPECT_EQ(size_of(*l), 0u);
}

TEST(Ledger, ErasureDeletesPayloadBytesAndKeepsTheLedgerVerifiable) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  ASSERT_TRUE(append(*l, request("person/7", R"({"name":"Nguyễn Văn A"})")));
  ASSERT_TRUE(append(*l, request("person/7", R"({"phone":"0912"})")));
  auto erase = [&](std::vector<std::uint64_t> targets, std::string payload) {
    AppendRequest req = request("person/7", payload, std::nullopt, "payload.erased");
    req.erase_payloads = std::move(targets);
    return append(*l, std::move(req), std::nullopt, Actor{"admin", "root", "admin"});
  };
  // The payload must name what it erases; an erasure must be of type payload.erased.
  EXPECT_FALSE(erase({0}, R"({"erased":[1],"legal_basis":"x"})"));
  AppendRequest wrong_type = request("person/7", R"({"erased":[0]})");
  wrong_type.erase_payloads = {0};
  EXPECT_FALSE(append(*l, std::move(wrong_type)));
  EXPECT_FALSE(erase({5}, R"({"erased":[5]})"));
  ASSERT_TRUE(erase({0}, R"({"erased":[0],"legal_basis":"Nghị định 13/2023/NĐ-CP"})"));
  EXPECT_FALSE((*l->read())->payload(0).value().has_value());
  EXPECT_TRUE((*l->read())->payload(1).value().has_value());
  auto again = erase({0}, R"({"erased":[0]})");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::invalid_state);
  EXPECT_FALSE(erase({2}, R"({"erased":[2]})"));  // the erasure record itself stays
  const VerifyReport report = verify(*l);
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.erased_payloads, 1u);
}

TEST(Ledger, RecordedAtNeverDecreasesAcrossClockStepsAndReopen) {
  TempDir dir;
  std::int64_t now = 1'719'738'902'031;
  {
    auto l = open_ledger(dir.str(), Ledger::Options{.clock = [&] { return now; }});
    ASSERT_TRUE(append(*l, request("s")));
  }
  now -= 3'600'000;  // the system clock stepped back an hour while stopped
  auto l = open_ledger(dir.str(), Ledger::Options{.clock = [&] { return now; }});
  auto r = append(*l, request("s"));
  EXPECT_EQ(r->entries.at(0).recorded_at, "2024-06-30T09:15:02.031Z");
  now += 7'200'000;
  EXPECT_EQ(append(*l, request("s"))->entries.at(0).recorded_at, "2024-06-30T10:15:02.031Z");
  EXPECT_TRUE(verify(*l).ok());
}

TEST(Ledger, MapGrowsWhileReadersAreOpen) {
  TempDir dir;
  auto l = open_ledger(dir.str(), Ledger::Options{.map_size = std::size_t{1} << 20});
  const std::string big = R"({"data":")" + std::string(20'000, 'x') + R"("})";
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) {
      auto snap = l->read();
      ASSERT_TRUE(snap);
      (void)snap->view().size();
    }
  });
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(append(*l, request("s", big))) << i;
  stop = true;
  reader.join();
  EXPECT_GT(l->stats().map_grows.load(), 0u);
  EXPECT_GT(l->env().map_size(), std::size_t{4} << 20);
  EXPECT_TRUE(verify(*l).ok());
}

TEST(Ledger, OnlyOneWriterProcessPerLedger) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  auto second = Ledger::open(dir.str(), {});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, Errc::unavailable);
  // Readers are welcome.
  auto reader = Ledger::open(dir.str(), Ledger::Options{.writer = false});
  ASSERT_TRUE(reader);
  EXPECT_EQ((*reader)->append(request("s"), kClerk).get().error().code, Errc::unavailable);
}

TEST(Ledger, OpeningAMissingLedgerSaysHowToCreateOne) {
  TempDir dir;
  auto l = Ledger::open(dir.sub("nope"), {});
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().code, Errc::not_found);
  EXPECT_NE(l.error().message.find("dauvet init"), std::string::npos);
}

}  // namespace
}  // namespace dauvet
