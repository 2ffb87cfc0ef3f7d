// The writer's completion thread: batches complete in order, off the writer and off the
// caller, and a slow completion does not hold up the next commit.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "core/completer.hpp"
#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using namespace dauvet::testing;
using namespace std::chrono_literals;

TEST(Completer, RunsBatchesInOrderOnItsOwnThreadAndStopRunsWhatIsLeft) {
  std::vector<int> ran;  // only the completer's thread touches it until stop() returns
  std::vector<std::thread::id> threads;
  {
    Completer c;
    for (int b = 0; b < 200; ++b) {
      c.hand_over([&, b] {
        if (b % 50 == 0) std::this_thread::sleep_for(2ms);  // let a queue build up behind it
        ran.push_back(b);
        threads.push_back(std::this_thread::get_id());
      });
    }
    c.stop();  // must run all 200 before returning
    ASSERT_EQ(ran.size(), 200u);
    for (int b = 0; b < 200; ++b) EXPECT_EQ(ran[static_cast<std::size_t>(b)], b);
    for (const auto& id : threads) {
      EXPECT_EQ(id, threads.front());
      EXPECT_NE(id, std::this_thread::get_id());
    }

    std::thread::id ran_on;  // stopped: nobody else would ever run it, so the caller does
    c.hand_over([&] { ran_on = std::this_thread::get_id(); });
    EXPECT_EQ(ran_on, std::this_thread::get_id());
  }
}

Command one_entry(std::string stream) {
  return Command{kClerk, std::nullopt, {}, [stream](WriteContext&) -> Result<std::vector<AppendRequest>> {
                   std::vector<AppendRequest> out;
                   out.push_back(request(stream));
                   return out;
                 }};
}

TEST(Completer, ASlowCompletionDoesNotHoldUpTheNextCommit) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  ASSERT_TRUE(l);
  std::promise<void> started, release;
  auto released = release.get_future().share();
  std::atomic<bool> a_done{false};
  l->submit(one_entry("a"), [&](Result<CommandResult> r) {
    EXPECT_TRUE(r);
    started.set_value();
    released.wait();  // a caller that takes its time over a result
    a_done = true;
  });
  started.get_future().wait();

  // While A's completion is still running, B is committed: the writer is not the one
  // running it. B's own completion waits its turn behind A's.
  auto b = l->append(request("b"), kClerk);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (size_of(*l) < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(size_of(*l), 2u) << "the next commit waited for a completion";
  EXPECT_EQ(b.wait_for(50ms), std::future_status::timeout) << "completions run in commit order";

  release.set_value();
  auto rb = b.get();
  ASSERT_TRUE(rb) << rb.error().to_string();
  EXPECT_TRUE(a_done);
  EXPECT_EQ(rb->entries.front().index, 1u);
  EXPECT_TRUE(verify(*l).ok());
}

TEST(Completer, StopCompletesEverythingQueued) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  ASSERT_TRUE(l);
  std::atomic<int> completed{0};
  for (int i = 0; i < 500; ++i)
    l->submit(one_entry("s/" + std::to_string(i % 7)), [&](Result<CommandResult> r) {
      EXPECT_TRUE(r);
      ++completed;
    });
  l->stop();
  EXPECT_EQ(completed.load(), 500);
  EXPECT_EQ(size_of(*l), 500u);
}

}  // namespace
}  // namespace dauvet
