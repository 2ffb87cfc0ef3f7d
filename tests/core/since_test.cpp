// "It only grew": a ledger rebuilt with one old entry changed, re-signed with the same
// key, must fail `dauvet verify --since` against checkpoints saved from the real one, at
// the first saved size that covers the change.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../tools/run.hpp"
#include "core/checkpointer.hpp"
#include "core/identity.hpp"
#include "ledger_test_util.hpp"
#include "support/temp_dir.hpp"

namespace dauvet {
namespace {

namespace fs = std::filesystem;
using namespace dauvet::testing;

const std::string kOrigin = "dauvet.hungyen.example/ledger";

struct Opened {
  std::shared_ptr<Checkpointer> checkpointer = std::make_shared<Checkpointer>(Checkpointer::Options{.every_entries = 1000000});
  std::unique_ptr<Ledger> ledger;
};

// Same clock for both ledgers: their bytes differ only where their content does.
Opened open_with_clock(const std::string& dir, std::int64_t* clock) {
  Opened o;
  o.ledger = open_ledger(dir, Ledger::Options{.clock = [clock] { return ++*clock; }, .hooks = {o.checkpointer}});
  auto snap = o.ledger->read();
  auto signer = load_signer(dir, snap->view());
  EXPECT_TRUE(signer) << signer.error().to_string();
  snap = fail(Error{});
  EXPECT_TRUE(o.checkpointer->start(*o.ledger, std::move(*signer)));
  return o;
}

TEST(Since, RebuiltLedgerFailsAtTheFirstSavedSizeCoveringTheChange) {
  TempDir tmp;
  const std::string a = tmp.sub("a"), b = tmp.sub("b");
  std::string vkey;
  {
    std::int64_t clock = 1'700'000'000'000;
    auto l = open_ledger(a, Ledger::Options{.clock = [&] { return ++clock; }});
    vkey = *create_identity(*l, kOrigin);
  }
  fs::copy(a, b, fs::copy_options::recursive);  // b: the same key and first entry
  std::int64_t clock_a = 1'800'000'000'000, clock_b = clock_a;
  std::string saved;
  {
    Opened la = open_with_clock(a, &clock_a), lb = open_with_clock(b, &clock_b);
    for (int i = 1; i < 30; ++i) {
      ASSERT_TRUE(append(*la.ledger, request("task/" + std::to_string(i % 4), R"({"n":)" + std::to_string(i) + "}")));
      ASSERT_TRUE(append(*lb.ledger, request("task/" + std::to_string(i % 4), R"({"n":)" + std::to_string(i == 15 ? -1 : i) + "}")));
      if ((i + 1) % 10 == 0) {  // the oversight body saves checkpoints at sizes 10, 20, 30
        auto note = la.checkpointer->sign_now();
        ASSERT_TRUE(note);
        saved += *note;
        ASSERT_TRUE(lb.checkpointer->sign_now());
      }
    }
  }
  std::ofstream(tmp.sub("saved")) << saved;
  auto honest = dauvet("verify " + a + " --key '" + vkey + "' --since " + tmp.sub("saved"));
  EXPECT_EQ(honest.code, 0) << honest.out;
  // b verifies on its own, signed by the same key...
  EXPECT_EQ(dauvet("verify " + b + " --key '" + vkey + "'").code, 0);
  // ...but it is not the ledger the saved checkpoints saw grow: sizes 10 match, 20 does not.
  auto rebuilt = dauvet("verify " + b + " --key '" + vkey + "' --since " + tmp.sub("saved"));
  EXPECT_EQ(rebuilt.code, 1);
  EXPECT_NE(rebuilt.out.find("first differing size 20"), std::string::npos) << rebuilt.out;
}

}  // namespace
}  // namespace dauvet
