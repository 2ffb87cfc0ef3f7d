// kill -9 while appending: whatever was acknowledged must be there after a restart.
//
// A forked child appends as fast as it can with many commands in flight and writes each
// acknowledged index to a pipe only after its commit returned. The parent kills it with
// SIGKILL at a random moment, reopens the ledger, and checks every acknowledged index is
// present and the whole ledger verifies — 25 times over one growing ledger.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>

#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using namespace dauvet::testing;

[[noreturn]] void child_appends(const std::string& dir, int out_fd) {
  auto l = Ledger::open(dir, Ledger::Options{.create = true});
  if (!l) _exit(3);
  const std::string payload = R"({"data":")" + std::string(300, 'x') + R"("})";
  std::atomic<int> in_flight{0};
  for (std::uint64_t seq = 0;; ++seq) {
    while (in_flight.load() > 256) std::this_thread::yield();
    ++in_flight;
    (*l)->submit(Command{kClerk, std::nullopt, {}, [&, seq](WriteContext&) -> Result<std::vector<AppendRequest>> {
                           return std::vector<AppendRequest>{request("s/" + std::to_string(seq % 17), payload)};
                         }},
                 [&, out_fd](Result<CommandResult> r) {
                   if (!r) _exit(4);
                   const std::uint64_t index = r->entries.at(0).index;
                   if (::write(out_fd, &index, sizeof index) != sizeof index) _exit(5);
                   --in_flight;
                 });
  }
}

TEST(Crash, AcknowledgedAppendsSurviveSigkill) {
  TempDir dir;
  std::mt19937 rng(20241123);
  std::set<std::uint64_t> acked;
  for (int round = 0; round < 25; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      child_appends(dir.str(), fds[1]);
    }
    ::close(fds[1]);
    // Let it run for a random while (it must get past opening the ledger), then kill it.
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(30, 250)(rng)));
    ::kill(pid, SIGKILL);
    std::uint64_t index = 0;
    while (::read(fds[0], &index, sizeof index) == static_cast<ssize_t>(sizeof index)) acked.insert(index);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child exited on its own: " << status;

    auto l = Ledger::open(dir.str(), {});
    ASSERT_TRUE(l) << l.error().to_string();
    auto snap = (*l)->read();
    const std::uint64_t size = *snap->view().size();
    for (std::uint64_t i : acked) {
      ASSERT_LT(i, size) << "acknowledged entry " << i << " lost in round " << round;
      ASSERT_TRUE(snap->view().payload(i).value().has_value());
    }
    const VerifyReport report = verify(**l);
    ASSERT_TRUE(report.ok()) << "round " << round << ": " << report.problem;
  }
  EXPECT_GT(acked.size(), 100u) << "the child should have acknowledged appends before being killed";
}

}  // namespace
}  // namespace dauvet
