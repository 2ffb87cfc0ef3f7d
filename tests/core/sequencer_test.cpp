// The writer with a batch big enough to hash on the chain thread (core/chain.hpp): what a
// decider reads of its own batch, idempotent retries and erasures within one commit.
#include <gtest/gtest.h>

#include <mutex>

#include "core/entry.hpp"
#include "core/ledger.hpp"
#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

using namespace dauvet::testing;

constexpr std::uint64_t kBefore = 3;    // entries committed before the batch
constexpr std::size_t kCommands = 40;  // well above the writer's threshold for the chain thread

// Command k appends to stream "s/k"; from k = 1 on, its decider checks that the ledger it
// sees ends with command k-1's entry, chained to the one before, as if already stored.
Command reading_command(std::size_t k, std::vector<std::string>& problems, std::mutex& mu) {
  return Command{kClerk, std::nullopt, {}, [k, &problems, &mu](WriteContext& ctx) -> Result<std::vector<AppendRequest>> {
                   auto note = [&](std::string what) {
                     std::lock_guard lock(mu);
                     problems.push_back("command " + std::to_string(k) + ": " + what);
                   };
                   const LedgerView& view = ctx.view();
                   auto size = view.size();
                   if (!size) return fail(size.error());
                   // Command 30 is a duplicate and adds nothing, so later ones see one fewer.
                   const std::uint64_t want = kBefore + k - (k > 30 ? 1 : 0);
                   if (*size != want) note("size " + std::to_string(*size) + ", expected " + std::to_string(want));
                   auto last = view.entry(*size - 1);
                   if (!last) {
                     note(last.error().to_string());
                   } else if (k > 0 && k != 31 && last->stream != "s/" + std::to_string(k - 1)) {
                     note("last entry is on " + last->stream);
                   } else {
                     auto before = view.entry_bytes(*size - 2);
                     if (!before || !*before || last->prev != crypto::leaf_hash(**before)) note("prev does not chain");
                   }
                   return std::vector<AppendRequest>{request("s/" + std::to_string(k), R"({"k":)" + std::to_string(k) + "}")};
                 }};
}

TEST(Sequencer, ABatchOnTheChainThreadReadsAsIfEveryEntryWereStored) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  for (std::uint64_t i = 0; i < kBefore; ++i) ASSERT_TRUE(append(*l, request("before")));
  const std::uint64_t batches_before = l->stats().batches;

  std::mutex mu;
  std::vector<std::string> problems;
  std::vector<Command> commands;
  for (std::size_t k = 0; k < kCommands; ++k) commands.push_back(reading_command(k, problems, mu));
  // 20 and 30: the same key and request; 30 is answered with 20's entry.
  for (std::size_t k : {20u, 30u}) {
    commands[k].idempotency_key = "retry-1";
    commands[k].fingerprint = crypto::sha256("the same request");
  }
  // 35 erases the payload of command 5's entry, written earlier in the same commit.
  const std::uint64_t target = kBefore + 5;
  commands[35].decide = [target](WriteContext&) -> Result<std::vector<AppendRequest>> {
    AppendRequest req = request("s/35", R"({"erased":[)" + std::to_string(target) + "]}", std::nullopt, "payload.erased");
    req.erase_payloads = {target};
    return std::vector<AppendRequest>{std::move(req)};
  };

  std::vector<std::optional<Result<CommandResult>>> results(kCommands);
  std::promise<void> all;
  std::size_t left = kCommands;
  l->submit_batch(std::move(commands), [&](std::size_t i, Result<CommandResult> r) {
    results[i] = std::move(r);
    if (--left == 0) all.set_value();
  });
  all.get_future().wait();

  EXPECT_EQ(l->stats().batches, batches_before + 1) << "the commands did not share one commit";
  for (const auto& p : problems) ADD_FAILURE() << p;
  for (std::size_t k = 0; k < kCommands; ++k) ASSERT_TRUE(*results[k]) << k << ": " << results[k]->error().to_string();
  EXPECT_TRUE((*results[30])->duplicate);
  EXPECT_EQ((*results[30])->entries.at(0).index, (*results[20])->entries.at(0).index);
  EXPECT_EQ((*results[39])->entries.at(0).index, kBefore + kCommands - 2);

  auto snap = l->read();
  EXPECT_EQ(*snap->view().size(), kBefore + kCommands - 1);
  EXPECT_FALSE(snap->view().payload(target).value().has_value());
  snap = fail(Error{});
  const VerifyReport report = verify(*l);
  EXPECT_TRUE(report.ok()) << report.problem;
  EXPECT_EQ(report.erased_payloads, 1u);
}

// The chain's slots are reused from batch to batch: nothing of an entry may carry over.
TEST(Sequencer, AnEntryBuiltInAReusedSlotKeepsNothingOfTheOldOne) {
  TempDir dir;
  auto l = open_ledger(dir.str());
  auto run_batch = [&](bool keyed, const Actor& actor, const std::string& stream) {
    std::vector<Command> commands;
    for (std::size_t k = 0; k < 20; ++k) {
      AppendRequest req = request(stream + std::to_string(k), R"({"k":)" + std::to_string(k) + "}");
      commands.push_back(Command{actor, keyed ? std::optional<std::string>("key-" + std::to_string(k)) : std::nullopt,
                                 crypto::sha256(std::to_string(k)),
                                 [req](WriteContext&) -> Result<std::vector<AppendRequest>> {
                                   return std::vector<AppendRequest>{req};
                                 }});
    }
    std::promise<void> all;
    std::size_t left = commands.size();
    l->submit_batch(std::move(commands), [&](std::size_t, Result<CommandResult> r) {
      EXPECT_TRUE(r) << r.error().to_string();
      if (--left == 0) all.set_value();
    });
    all.get_future().wait();
  };
  run_batch(true, Actor{"a-long-actor-id-beyond-sso", "a-long-unit-name-beyond-sso", "clerk"}, "a-long-stream-name/");
  run_batch(false, kClerk, "s/");
  auto snap = l->read();
  for (std::uint64_t i = 20; i < 40; ++i) {
    auto e = snap->view().entry(i);
    ASSERT_TRUE(e) << e.error().to_string();
    EXPECT_EQ(e->idempotency_key, std::nullopt) << i;
    EXPECT_EQ(e->actor, kClerk) << i;
    EXPECT_EQ(e->stream, "s/" + std::to_string(i - 20)) << i;
    EXPECT_EQ(e->version, 1u) << i;
    EXPECT_EQ(e->payload_sha256, crypto::sha256(R"({"k":)" + std::to_string(i - 20) + "}")) << i;
  }
  snap = fail(Error{});
  EXPECT_TRUE(verify(*l).ok());
}

}  // namespace
}  // namespace dauvet
