// The projector against the reference: the same commands through MemoryWorld and through
// the LMDB writer give the same verdicts, the same states at every index, and tables that a
// rebuild reproduces byte for byte.
#include "ledger_run.hpp"

namespace dauvet::projections::testing {
namespace {

using events::testing::kAdmin;
using events::testing::kClerkBtc;
using events::testing::kInspector;
using events::testing::kIssuer;

constexpr auto kLatest = std::numeric_limits<std::uint64_t>::max();

TEST_F(LedgerRun, EverySampleCommandGetsTheReferenceVerdictAndState) {
  prepare();
  for (const auto& s : events::testing::samples(prepared)) {
    if (s.type == "payload.erase") continue;  // MemoryWorld does not refold; see the erasure test
    exec(kAdmin, s.type, s.body);
  }
  ASSERT_GT(world.log().size(), 80u);
  for (std::uint64_t at = 0; at < world.log().size(); ++at) expect_states_match(at);
}

TEST_F(LedgerRun, RacingCommandsInOneBatchCannotBothPassAUniqueRule) {
  seed_units();
  at("2024-06-01");
  std::vector<Command> commands;
  for (int i = 0; i < 2; ++i) {
    auto c = events::decode_command("directive.issue", {{"issuer", "tinh-uy"}, {"symbol", "99-CT/TU"},
                                                        {"kind", "chi_thi"}, {"date", "2024-01-02"},
                                                        {"signer", "A"}, {"title", "T" + std::to_string(i)}});
    ASSERT_TRUE(c);
    auto lc = to_ledger_command(projector, DomainCommand{kIssuer, *c});
    ASSERT_TRUE(lc);
    commands.push_back(std::move(*lc));
  }
  std::vector<Result<CommandResult>> results(2, fail(Errc::internal, "not run"));
  std::promise<void> done;
  int left = 2;
  ledger->submit_batch(std::move(commands), [&](std::size_t i, Result<CommandResult> r) {
    results[i] = std::move(r);
    if (--left == 0) done.set_value();
  });
  done.get_future().wait();
  ASSERT_TRUE(results[0]) << results[0].error().to_string();
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().code, Errc::conflict);
}

TEST_F(LedgerRun, AsOfReadsSeeEachVersionAndNothingAfterIt) {
  prepare();
  const std::string stream = events::task_stream("tinh-uy", "26-CTr/TU", "A.ext");
  auto snap = snapshot();
  auto tables = projector->tables_for(snap.view().txn());
  ASSERT_TRUE(tables);
  Reader reader(snap.view(), *tables);
  auto latest = reader.get<events::TaskState>(stream, kLatest);
  ASSERT_TRUE(latest && *latest);
  const auto& meta = (*latest)->meta;
  auto before = reader.get<events::TaskState>(stream, meta.first_index - 1);
  ASSERT_TRUE(before);
  EXPECT_FALSE(*before) << "the task did not exist before its creation entry";
  auto created = reader.get<events::TaskState>(stream, meta.first_index);
  ASSERT_TRUE(created && *created);
  EXPECT_EQ((*created)->status, events::TaskStatus::assigned);
  EXPECT_EQ((*created)->meta.version, 1u);
  // The timeline of the lead unit holds the task's entries, and none past `at`.
  auto page = reader.timeline(events::unit_stream("btc-tu"), meta.first_index, std::nullopt, 1000);
  ASSERT_TRUE(page);
  ASSERT_FALSE(page->indexes.empty());
  EXPECT_EQ(page->indexes.back(), meta.first_index);
  auto tasks = reader.linked(events::unit_stream("btc-tu"), "task/", meta.first_index - 1);
  ASSERT_TRUE(tasks);
  EXPECT_EQ(std::count(tasks->begin(), tasks->end(), stream), 0);
  tasks = reader.linked(events::unit_stream("btc-tu"), "task/", kLatest);
  ASSERT_TRUE(tasks);
  EXPECT_EQ(std::count(tasks->begin(), tasks->end(), stream), 1);
  // Activity pages chain through next_after without gaps or repeats.
  std::vector<std::uint64_t> all;
  std::optional<std::uint64_t> after;
  do {
    auto p = reader.activity(kClerkBtc.id, kLatest, after, 3);
    ASSERT_TRUE(p);
    all.insert(all.end(), p->indexes.begin(), p->indexes.end());
    after = p->next_after;
  } while (after);
  std::vector<std::uint64_t> want;
  for (const auto& e : world.log()) {
    if (e.actor.id == kClerkBtc.id) want.push_back(e.index);
  }
  EXPECT_EQ(all, want);
}

TEST_F(LedgerRun, ARebuildReproducesTheOnlineTablesByteForByte) {
  prepare();
  for (const auto& s : events::testing::samples(prepared)) exec(kAdmin, s.type, s.body);
  const auto online = dump_tables();
  ASSERT_GT(online.at("state").size(), 50u);
  auto r = projector->rebuild(*ledger, {}, 7);  // small chunks: many transactions
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(dump_tables(), online);
  // Writing goes on into the rebuilt generation.
  ok(kAdmin, "unit.create", {{"id", "after"}, {"name", "Đơn vị mới"}, {"kind", "khac"}, {"parent", "tw"}});
  expect_states_match(world.log().size() - 1);
}

// A map too small for the new generation fills on the write thread: what was not committed
// is abandoned, the map grown and the rebuild begun again, with nothing lost or doubled.
// With `room` ballast rows freed first, it fills some chunks in, with a commit in flight,
// and what was queued behind it is abandoned too.
// With `held` bytes of held rows, they are written every few entries instead of at the
// end, mostly in place rather than appended.
struct MapFullCase {
  int room;
  std::size_t held;
};
class RebuildMapFull : public LedgerRun, public ::testing::WithParamInterface<MapFullCase> {};

TEST_P(RebuildMapFull, ARebuildThatFillsTheMapGrowsItAndStillMatches) {
  const auto [room, held] = GetParam();
  prepare();
  for (const auto& s : events::testing::samples(prepared)) exec(kAdmin, s.type, s.body);
  const auto online = dump_tables();
  map_size = 64 * 1024;  // reopened at the file's own size
  open();
  // The pages the online commits freed would hold the new generation: fill them first, so
  // the map is full when the rebuild begins.
  for (int i = 0;; ++i) {
    auto txn = lmdb::Txn::begin_write(ledger->env());
    ASSERT_TRUE(txn);
    auto ballast = txn->open_db("test.ballast", MDB_CREATE);
    ASSERT_TRUE(ballast);
    auto put = txn->put(*ballast, std::to_string(i), std::string(3000, 'b'));
    if (!put) {
      ASSERT_TRUE(lmdb::is_map_full(put.error())) << put.error().to_string();
      break;
    }
    auto committed = txn->commit();
    if (!committed) {
      ASSERT_TRUE(lmdb::is_map_full(committed.error())) << committed.error().to_string();
      break;
    }
    ASSERT_LT(i, 10'000) << "the map never filled";
  }
  if (room > 0) {
    auto txn = lmdb::Txn::begin_write(ledger->env());
    ASSERT_TRUE(txn);
    auto ballast = txn->open_db("test.ballast", 0);
    ASSERT_TRUE(ballast);
    for (int i = 0; i < room; ++i) ASSERT_TRUE(txn->del(*ballast, std::to_string(i)));
    ASSERT_TRUE(txn->commit());
  }
  const std::size_t before = ledger->env().map_size();
  std::uint64_t committed_before_growth = 0;
  auto r = projector->rebuild(
      *ledger,
      [&](const RebuildProgress& p) {
        if (ledger->env().map_size() == before) committed_before_growth = p.done;
      },
      room > 0 ? 20 : 400, held);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_GT(ledger->env().map_size(), before);
  if (room > 0) {
    EXPECT_GT(committed_before_growth, 0u) << "the map filled only after some chunks were committed";
  }
  EXPECT_EQ(dump_tables(), online);
}

constexpr std::size_t kAllHeld = Projector::kDefaultHeldBytes;
INSTANTIATE_TEST_SUITE_P(Room, RebuildMapFull,
                         ::testing::Values(MapFullCase{0, kAllHeld}, MapFullCase{20, kAllHeld},
                                           MapFullCase{20, 2'000}, MapFullCase{0, 1}),
                         [](const ::testing::TestParamInfo<MapFullCase>& param) {
                           const auto& c = param.param;
                           return "room" + std::to_string(c.room) + "_held" +
                                  (c.held == kAllHeld ? std::string("all") : std::to_string(c.held));
                         });

TEST_F(LedgerRun, ErasureRemovesPersonalDataFromEveryVersionAndTheRebuildAgrees) {
  prepare();
  const std::string stream = events::person_stream("p1");
  ok(kAdmin, "payload.erase", {{"indexes", {prepared.person}}, {"legal_basis", "Nghị định 13/2023/NĐ-CP"},
                               {"reason", "yêu cầu của chủ thể dữ liệu"}});
  auto snap = snapshot();
  auto tables = projector->tables_for(snap.view().txn());
  ASSERT_TRUE(tables);
  Reader reader(snap.view(), *tables);
  auto at_registration = reader.get<events::PersonState>(stream, prepared.person);
  ASSERT_TRUE(at_registration && *at_registration);
  EXPECT_TRUE((*at_registration)->erased);
  EXPECT_EQ((*at_registration)->name, "");
  const auto online = dump_tables();
  for (const auto& [key, value] : online.at("state")) {
    EXPECT_EQ(value.find("Trần Văn B"), std::string::npos) << "a stored state still holds the erased name";
  }
  ASSERT_TRUE(projector->rebuild(*ledger));
  EXPECT_EQ(dump_tables(), online);
}

// A rebuild reads the whole ledger: an erasure's refold must not fold versions the stream
// gained after the erasure, which the rebuild projects again when it reaches them.
TEST_F(LedgerRun, AStreamThatGoesOnAfterAnErasureIsRebuiltAsItWasKeptOnline) {
  prepare();
  const auto progress = ok(kClerkBtc, "task.report_progress", ref("A.prog", {{"note", "Trần Văn B gọi điện"}}))[0];
  ok(kAdmin, "payload.erase", {{"indexes", {progress.index}}, {"legal_basis", "Nghị định 13/2023/NĐ-CP"},
                               {"reason", "yêu cầu của chủ thể dữ liệu"}});
  ok(kClerkBtc, "task.report_progress", ref("A.prog", {{"note", "sau khi xoá"}}));
  ok(kClerkBtc, "task.complete", ref("A.prog", {{"evidence", {{"blob_sha256", std::string(64, 'e')}}}}));
  const auto online = dump_tables();
  for (const auto& [key, value] : online.at("state")) {
    EXPECT_EQ(value.find("Trần Văn B gọi"), std::string::npos) << "a stored state still holds the erased note";
  }
  for (std::uint64_t chunk : {Projector::kDefaultChunk, std::uint64_t{3}}) {
    ASSERT_TRUE(projector->rebuild(*ledger, {}, chunk));
    EXPECT_EQ(dump_tables(), online) << "chunk " << chunk;
  }
}

TEST_F(LedgerRun, ALedgerReopenedWithoutProjectionsIsRebuiltBeforeWriting) {
  seed_units();
  ledger.reset();
  {
    // Someone writes with no projector: the tables fall behind.
    auto plain = Ledger::open(dir.str(), Ledger::Options{});
    ASSERT_TRUE(plain);
    Actor op{"operator:test", "root", "admin"};
    auto p = Payload::parse(R"({"note":"raw"})");
    ASSERT_TRUE(p);
    ASSERT_TRUE((*plain)->append(AppendRequest{"notes/raw", std::nullopt, "note", *p, {}}, op).get());
  }
  open();
  ASSERT_TRUE(projector->needs_rebuild());
  auto refused = ledger->append(AppendRequest{"notes/raw", std::nullopt, "note", *Payload::parse("{}"), {}},
                                Actor{"operator:test", "root", "admin"})
                     .get();
  ASSERT_FALSE(refused) << "the projector must refuse an entry it cannot place";
  ASSERT_TRUE(projector->rebuild(*ledger));
  EXPECT_FALSE(projector->needs_rebuild());
  // The reference has no raw entry, so the ledger is driven directly from here on.
  auto c = events::decode_command("unit.create", {{"id", "later"}, {"name", "Đơn vị"}, {"kind", "khac"}, {"parent", "tw"}});
  ASSERT_TRUE(c);
  auto lc = to_ledger_command(projector, DomainCommand{kAdmin, *c});
  ASSERT_TRUE(lc);
  auto written = ledger->submit(std::move(*lc)).get();
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_EQ(written->entries.front().index, world.log().size() + 1);
}

TEST_F(LedgerRun, ACorruptStoredStateIsReportedNotGuessedAt) {
  seed_units();
  const std::string stream = events::unit_stream("btc-tu");
  {
    auto txn = lmdb::Txn::begin_write(ledger->env());
    ASSERT_TRUE(txn);
    auto g = projector->tables_for(*txn);
    ASSERT_TRUE(g);
    std::string key, value;
    {
      // A write transaction's cursor must close before the commit, which frees it.
      auto cursor = lmdb::Cursor::open(*txn, g->state);
      ASSERT_TRUE(cursor);
      auto item = cursor->seek(pkeys::prefix(stream));
      ASSERT_TRUE(item && *item);
      key = std::string((*item)->key);
      value = std::string((*item)->value);
    }
    value.replace(value.find("\"name\""), 6, "\"nome\"");
    ASSERT_TRUE(txn->put(g->state, key, value));
    ASSERT_TRUE(txn->commit());
  }
  auto snap = snapshot();
  auto tables = projector->tables_for(snap.view().txn());
  ASSERT_TRUE(tables);
  auto got = Reader(snap.view(), *tables).state_at(stream, kLatest);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, Errc::corrupt);
}

}  // namespace
}  // namespace dauvet::projections::testing
