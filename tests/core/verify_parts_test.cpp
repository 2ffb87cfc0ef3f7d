// The pipeline behind verify: parts filled by any worker in any order come out in order,
// a failure comes out after every part before it, and stopping early never hangs.
#include "core/verify_parts.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

namespace dauvet::verify_detail {
namespace {

constexpr std::uint64_t kPartSize = 5;

// Take for `parts` parts: each part's items carry their keys, which work() checks and
// marks by setting the leaf's first byte, after a random pause that scrambles the order in
// which workers finish.
struct Fixture {
  std::uint64_t parts = 0;
  std::optional<std::uint64_t> take_fails_at, work_fails_at;

  PartPipeline::Take take() {
    return [this](std::uint64_t part, std::vector<Item>& items) -> Result<bool> {
      if (take_fails_at == part) return fail(Errc::io, "take failed at " + std::to_string(part));
      if (part >= parts) return false;
      items.assign(kPartSize, Item{});
      for (std::uint64_t i = 0; i < kPartSize; ++i) items[i].key = part * kPartSize + i;
      return true;
    };
  }
  PartPipeline::Work work() {
    return [this](unsigned, std::uint64_t part, std::vector<Item>& items) -> Result<void> {
      thread_local std::minstd_rand rng(std::hash<std::thread::id>{}(std::this_thread::get_id()));
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 300));
      if (work_fails_at == part) return fail(Errc::corrupt, "work failed at " + std::to_string(part));
      for (Item& it : items) it.leaf[0] = static_cast<std::uint8_t>(it.key % 251);
      return {};
    };
  }
};

// Drains the pipeline; returns the keys seen and the error that ended it, if any.
std::pair<std::vector<std::uint64_t>, std::optional<Error>> drain(PartPipeline& p) {
  std::vector<std::uint64_t> keys;
  for (;;) {
    auto items = p.next();
    if (!items) return {keys, items.error()};
    if (*items == nullptr) return {keys, std::nullopt};
    for (const Item& it : **items) {
      EXPECT_EQ(it.leaf[0], it.key % 251) << "a part came out before its work was done";
      keys.push_back(it.key);
    }
  }
}

TEST(PartPipeline, EveryPartComesOutOnceInOrderWhateverTheWorkersAndSlots) {
  for (unsigned workers : {1u, 2u, 3u}) {
    for (std::size_t slots : {2u, 3u, 8u}) {
      Fixture f;
      f.parts = 40;
      PartPipeline p(workers, slots, f.take(), f.work());
      auto [keys, error] = drain(p);
      ASSERT_FALSE(error) << error->message;
      ASSERT_EQ(keys.size(), f.parts * kPartSize) << workers << " workers, " << slots << " slots";
      for (std::uint64_t i = 0; i < keys.size(); ++i) ASSERT_EQ(keys[i], i);
      EXPECT_EQ(p.next().value(), nullptr) << "the end stays the end";
    }
  }
}

TEST(PartPipeline, AFailedPartComesOutAfterEveryPartBeforeIt) {
  for (bool in_take : {false, true}) {
    Fixture f;
    f.parts = 40;
    (in_take ? f.take_fails_at : f.work_fails_at) = 17;
    PartPipeline p(3, 6, f.take(), f.work());
    auto [keys, error] = drain(p);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->message, std::string(in_take ? "take" : "work") + " failed at 17");
    ASSERT_EQ(keys.size(), 17 * kPartSize);
    EXPECT_EQ(keys.back(), 17 * kPartSize - 1);
  }
}

TEST(PartPipeline, AnEmptySourceEndsAtOnce) {
  Fixture f;
  PartPipeline p(2, 4, f.take(), f.work());
  EXPECT_EQ(p.next().value(), nullptr);
}

TEST(PartPipeline, StoppingMidwayWhileWorkersWaitForSlotsEnds) {
  Fixture f;
  f.parts = 1000;
  for (int round = 0; round < 20; ++round) {
    PartPipeline p(2, 2, f.take(), f.work());
    ASSERT_NE(p.next().value(), nullptr);  // the checker stops at a bad entry here
  }
}

}  // namespace
}  // namespace dauvet::verify_detail
