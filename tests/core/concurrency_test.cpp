// Many threads writing at once: group commit must neither lose, duplicate nor reorder.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/entry.hpp"
#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using namespace dauvet::testing;

TEST(Concurrency, EightThreadsOnSharedAndOwnStreams) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  constexpr int kThreads = 8, kPerThread = 400;
  std::mutex mu;
  std::map<std::uint64_t, std::string> acked;  // index -> payload the thread sent
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Half the writes go to one stream every thread shares, half to the thread's own.
        const std::string stream = i % 2 == 0 ? "shared" : "own/" + std::to_string(t);
        const std::string payload = R"({"i":)" + std::to_string(i) + R"(,"t":)" + std::to_string(t) + "}";
        auto r = append(*l, request(stream, payload));
        ASSERT_TRUE(r) << r.error().to_string();
        std::lock_guard lock(mu);
        ASSERT_TRUE(acked.emplace(r->entries.at(0).index, payload).second) << "index handed out twice";
      }
    });
  }
  for (auto& th : threads) th.join();

  ASSERT_EQ(acked.size(), static_cast<std::size_t>(kThreads * kPerThread));
  auto snap = l->read();
  EXPECT_EQ(*snap->view().size(), acked.size());
  std::map<std::string, std::uint64_t> versions;
  for (const auto& [index, payload] : acked) {
    ASSERT_EQ(**snap->view().payload(index), payload) << index;
    auto e = entry::decode(**snap->view().entry_bytes(index));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->version, ++versions[e->stream]) << "versions must be gapless, in ledger order";
  }
  EXPECT_EQ(versions["shared"], static_cast<std::uint64_t>(kThreads * kPerThread / 2));
  const VerifyReport report = verify(*l);
  EXPECT_TRUE(report.ok()) << report.problem;
  // Group commit actually grouped: fewer commits than commands.
  EXPECT_LT(l->stats().batches.load(), l->stats().commands.load());
}

TEST(Concurrency, ExpectedVersionRaceHasExactlyOneWinner) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  ASSERT_TRUE(append(*l, request("task/1")));
  for (int round = 0; round < 20; ++round) {
    const std::uint64_t expected = static_cast<std::uint64_t>(round) + 1;
    std::atomic<int> wins{0}, conflicts{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        auto r = append(*l, request("task/1", "{}", expected));
        (r ? wins : conflicts)++;
        if (!r) {
          EXPECT_EQ(r.error().code, Errc::conflict);
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(conflicts.load(), 7);
  }
  EXPECT_EQ(size_of(*l), 21u);
}

}  // namespace
}  // namespace dauvet
