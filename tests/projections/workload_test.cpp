// The randomized model test: a long workload through the reference and the LMDB writer,
// the projected states compared with the reference at random as-of points, and the
// tables compared byte for byte with a rebuild.
#include <random>

#include "events/workload.hpp"
#include "ledger_run.hpp"

namespace dauvet::projections::testing {
namespace {

TEST_F(LedgerRun, ARandomWorkloadMatchesTheReferenceAsOfAnyIndexAndRebuildsIdentically) {
  events::Workload workload(events::Workload::Options{.seed = 7, .parent = "", .departments = 5, .districts = 3,
                                                      .tasks_per_directive = 6});
  at("2025-06-01");  // the workload's directives are dated 2024
  for (const auto& step : workload.setup()) ok(step.actor, step.type, step.body);
  std::size_t refused = 0;
  for (int i = 0; i < 1500; ++i) {
    const auto step = workload.next();
    if (!exec(step.actor, step.type, step.body)) ++refused;  // the verdicts must agree either way
  }
  const std::size_t n = world.log().size();
  ASSERT_GT(n, 1200u) << refused << " commands were refused";
  std::mt19937_64 rng(11);
  for (int i = 0; i < 25; ++i) expect_states_match(std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng));
  expect_states_match(n - 1);
  const auto online = dump_tables();
  ASSERT_TRUE(projector->rebuild(*ledger, {}, 333));
  EXPECT_EQ(dump_tables(), online);
  // Again with held rows written every few kilobytes: most are put in place rather than
  // appended.
  ASSERT_TRUE(projector->rebuild(*ledger, {}, 333, 4096));
  EXPECT_EQ(dump_tables(), online);
}

}  // namespace
}  // namespace dauvet::projections::testing
