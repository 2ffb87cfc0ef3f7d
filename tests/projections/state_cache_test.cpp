// The writer's cache of latest states: batched for the online writer (an abandoned batch
// leaves the cache as it was), unbatched for a rebuild (changed in place; an abandoned
// batch forgets everything, and the rebuild begins again).
#include <gtest/gtest.h>

#include "projections/table_writer.hpp"

namespace dauvet::projections {
namespace {

StreamState with_facts(std::string facts) {
  StreamState s;
  s.facts = std::move(facts);
  return s;
}

TEST(StateCache, AnAbandonedBatchLeavesTheCommittedStatesAsTheyWere) {
  StateCache cache(10);
  cache.put("task/a", with_facts("v1"));
  cache.commit();
  StreamState* s = cache.find("task/a");
  ASSERT_NE(s, nullptr);
  s->facts = "v2";  // a change made in the batch
  cache.abort();
  ASSERT_NE(cache.find("task/a"), nullptr);
  EXPECT_EQ(cache.find("task/a")->facts, "v1");
}

TEST(StateCache, UnbatchedItChangesStatesInPlace) {
  StateCache cache(10);
  cache.set_batched(false);
  StreamState& put = cache.put("task/a", with_facts("v1"));
  StreamState* found = cache.find("task/a");
  ASSERT_EQ(found, &put) << "a state found must be the one stored, not a copy";
  found->facts = "v2";
  cache.commit();
  EXPECT_EQ(cache.find("task/a")->facts, "v2");
}

TEST(StateCache, UnbatchedAnAbandonedBatchForgetsEveryState) {
  StateCache cache(10);
  cache.set_batched(false);
  cache.put("task/a", with_facts("v1"));
  cache.commit();
  cache.find("task/a")->facts = "v2";
  cache.abort();
  EXPECT_EQ(cache.find("task/a"), nullptr);
}

TEST(StateCache, SwitchingBackToBatchedKeepsWhatWasChanged) {
  StateCache cache(10);
  cache.put("task/a", with_facts("v1"));  // batched: waits for commit
  cache.set_batched(false);               // commits what the batch held
  cache.find("task/a")->facts = "v2";
  cache.set_batched(true);
  cache.find("task/a")->facts = "v3";
  cache.abort();
  ASSERT_NE(cache.find("task/a"), nullptr);
  EXPECT_EQ(cache.find("task/a")->facts, "v2");
}

}  // namespace
}  // namespace dauvet::projections
