// Checkpoints never lag the ledger by more than N entries or T seconds — also right after
// a writer starts on a ledger that grew while nobody was signing.
#include "core/checkpointer.hpp"

#include <gtest/gtest.h>

#include "core/identity.hpp"
#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using namespace dauvet::testing;

std::uint64_t latest_size(const Ledger& l, const Checkpointer& c) {
  auto snap = l.read();
  auto latest = c.store().latest(snap->view().txn());
  return latest && *latest ? *checkpoint_size((*latest)->note) : 0;
}

std::uint64_t count(const Ledger& l, const Checkpointer& c) {
  auto snap = l.read();
  return c.store().all(snap->view().txn())->size();
}

struct Fixture {
  explicit Fixture(const std::string& dir, Checkpointer::Options o, bool create_identity_now = false)
      : checkpointer(std::make_shared<Checkpointer>(o)) {
    ledger = open_ledger(dir, Ledger::Options{.hooks = {checkpointer}});
    if (create_identity_now) {
      EXPECT_TRUE(create_identity(*ledger, "dauvet.test/ledger"));
    }
    auto snap = ledger->read();
    auto signer = load_signer(dir, snap->view());
    EXPECT_TRUE(signer) << signer.error().to_string();
    snap = fail(Error{});
    EXPECT_TRUE(checkpointer->start(*ledger, std::move(*signer)));
  }
  ~Fixture() { checkpointer->stop(); }
  std::shared_ptr<Checkpointer> checkpointer;
  std::unique_ptr<Ledger> ledger;
};

TEST(Checkpointer, SignsEveryNEntries) {
  TempDir dir;
  Fixture f(dir.str(), {.every_entries = 5, .every = std::chrono::hours(1)}, true);
  for (int i = 0; i < 23; ++i) {
    ASSERT_TRUE(append(*f.ledger, request("s")));
    // Signing runs through the writer right after the commit that crossed the threshold.
    const std::uint64_t size = size_of(*f.ledger);
    for (int spin = 0; spin < 200 && size - latest_size(*f.ledger, *f.checkpointer) >= 5; ++spin)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_LT(size - latest_size(*f.ledger, *f.checkpointer), 5u) << "after " << size << " entries";
  }
  EXPECT_GE(count(*f.ledger, *f.checkpointer), 4u) << "every checkpoint is kept";
}

TEST(Checkpointer, SignsAfterTSecondsWhileTheLedgerGrows) {
  TempDir dir;
  Fixture f(dir.str(), {.every_entries = 1'000'000, .every = std::chrono::milliseconds(300)}, true);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(append(*f.ledger, request("s")));
  EXPECT_LT(latest_size(*f.ledger, *f.checkpointer), 4u);
  std::this_thread::sleep_for(std::chrono::milliseconds(900));
  EXPECT_EQ(latest_size(*f.ledger, *f.checkpointer), 4u);
  const std::uint64_t n = count(*f.ledger, *f.checkpointer);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_EQ(count(*f.ledger, *f.checkpointer), n) << "no new checkpoint while nothing changes";
}

TEST(Checkpointer, StartSignsALedgerThatGrewWithoutOne) {
  TempDir dir;
  { Fixture f(dir.str(), {.every_entries = 1'000'000, .every = std::chrono::hours(1)}, true); }
  {
    // A writer without a checkpointer (think: restored from backup, or an old binary).
    auto l = open_ledger(dir.str());
    for (int i = 0; i < 7; ++i) ASSERT_TRUE(append(*l, request("s")));
  }
  Fixture f(dir.str(), {.every_entries = 1'000'000, .every = std::chrono::hours(1)});
  EXPECT_EQ(latest_size(*f.ledger, *f.checkpointer), 8u);
  auto note = f.checkpointer->sign_now();
  ASSERT_TRUE(note);
  EXPECT_EQ(*checkpoint_size(*note), 8u) << "already covered: the latest is returned, nothing new signed";
}

}  // namespace
}  // namespace dauvet
