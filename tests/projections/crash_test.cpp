// kill -9 while domain commands are written: the projections commit with the entries they
// come from, so after every crash they reflect exactly the ledger on disk — never behind,
// never ahead — and equal a rebuild byte for byte.
//
// A forked child runs the workload generator through decide and the projector with many
// commands in flight and reports each acknowledged index on a pipe after its commit. The
// parent kills it at a random moment, reopens the ledger with a projector, and checks that
// no rebuild is needed, every acknowledged entry is there, and the tables equal a rebuild.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>
#include <thread>

#include "events/workload.hpp"
#include "ledger_run.hpp"

namespace dauvet::projections::testing {
namespace {

[[noreturn]] void child_writes(const std::string& dir, int round, int out_fd) {
  auto projector = std::make_shared<Projector>();
  auto l = Ledger::open(dir, Ledger::Options{.hooks = {projector}, .create = true});
  if (!l) _exit(3);
  events::Workload workload(events::Workload::Options{.seed = static_cast<std::uint64_t>(round) + 1, .parent = "",
                                                      .prefix = "r" + std::to_string(round), .departments = 4,
                                                      .districts = 2, .tasks_per_directive = 5});
  auto to_command = [&](const events::WorkStep& s) {
    auto c = events::decode_command(s.type, s.body);
    if (!c) _exit(6);
    auto lc = to_ledger_command(projector, DomainCommand{s.actor, std::move(*c)});
    if (!lc) _exit(7);
    return std::move(*lc);
  };
  for (const auto& s : workload.setup()) {
    if (!(*l)->submit(to_command(s)).get()) _exit(8);
  }
  std::atomic<int> in_flight{0};
  for (;;) {
    while (in_flight.load() > 128) std::this_thread::yield();
    ++in_flight;
    (*l)->submit(to_command(workload.next()), [&, out_fd](Result<CommandResult> r) {
      if (r && !r->entries.empty()) {
        const std::uint64_t index = r->entries.back().index;
        if (::write(out_fd, &index, sizeof index) != sizeof index) _exit(5);
      }
      --in_flight;
    });
  }
}

TEST(ProjectionCrash, AfterSigkillTheTablesMatchTheLedgerAndARebuild) {
  dauvet::testing::TempDir dir;
  std::mt19937 rng(20261123);
  std::set<std::uint64_t> acked;
  for (int round = 0; round < 8; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      child_writes(dir.str(), round, fds[1]);
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 400)(rng)));
    ::kill(pid, SIGKILL);
    std::uint64_t index = 0;
    while (::read(fds[0], &index, sizeof index) == static_cast<ssize_t>(sizeof index)) acked.insert(index);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child exited on its own: " << status;

    auto projector = std::make_shared<Projector>();
    auto l = Ledger::open(dir.str(), Ledger::Options{.hooks = {projector}});
    ASSERT_TRUE(l) << l.error().to_string();
    EXPECT_FALSE(projector->needs_rebuild()) << "round " << round << ": projections and entries diverged";
    auto snap = (*l)->read();
    const std::uint64_t size = *snap->view().size();
    for (std::uint64_t i : acked) ASSERT_LT(i, size) << "acknowledged entry " << i << " lost in round " << round;

    const auto online = dauvet::testing::dump_tables(**l, *projector);
    ASSERT_TRUE(projector->rebuild(**l));
    ASSERT_EQ(dauvet::testing::dump_tables(**l, *projector), online)
        << "round " << round << ": tables differ from a rebuild";
  }
  EXPECT_GT(acked.size(), 50u) << "the children should have acknowledged commands before being killed";
}

}  // namespace
}  // namespace dauvet::projections::testing
