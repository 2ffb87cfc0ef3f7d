// Facts (projections/facts.hpp): the stored layout, its rejections, when rows are written,
// and reading tables of the former schema, which have none.
#include <limits>

#include "ledger_run.hpp"
#include "projections/facts.hpp"

namespace dauvet::projections::testing {
namespace {

using events::testing::kClerkBtc;
using namespace std::string_literals;
constexpr auto kLatest = std::numeric_limits<std::uint64_t>::max();

Facts task_facts() {
  return Facts{.kind = Facts::Kind::task,
               .status = static_cast<std::uint8_t>(events::TaskStatus::completed),
               .completed_ms = 0x0102030405060708,
               .lead = "btc-tu",
               .due = "2024-12-31",
               .parent = {}};
}

TEST(Facts, ATaskIsStoredInTheLayoutDrawnInTheHeader) {
  const std::string want = "t\x05\x01\x02\x03\x04\x05\x06\x07\x08"s + "\x00\x06"s + "btc-tu" + "\x00\x0a"s + "2024-12-31";
  EXPECT_EQ(encode_facts(task_facts()), want);
  const Facts unit{.kind = Facts::Kind::unit, .status = 1, .parent = "tinh-uy"};
  EXPECT_EQ(encode_facts(unit), "u\x01\x00\x07tinh-uy"s);
  EXPECT_EQ(encode_facts(Facts{.kind = Facts::Kind::inspection, .status = 1}), "i\x01"s);
  EXPECT_EQ(encode_facts(Facts{.kind = Facts::Kind::discipline_case, .status = 1}), "c\x01"s);
}

TEST(Facts, EveryKindDecodesToWhatWasEncoded) {
  const std::vector<Facts> all = {
      task_facts(),
      Facts{.kind = Facts::Kind::task, .status = 0, .completed_ms = -1, .lead = "", .due = "", .parent = {}},
      Facts{.kind = Facts::Kind::task, .status = 3, .lead = std::string(300, 'x'), .due = "2025-01-01"},
      Facts{.kind = Facts::Kind::unit, .status = 2, .parent = ""},
      Facts{.kind = Facts::Kind::inspection, .status = 0},
      Facts{.kind = Facts::Kind::discipline_case, .status = 0}};
  for (const auto& f : all) {
    auto back = decode_facts(encode_facts(f));
    ASSERT_TRUE(back) << back.error().to_string();
    EXPECT_EQ(*back, f);
  }
}

TEST(Facts, BytesThatAreNoLayoutAreCorrupt) {
  const std::string task = encode_facts(task_facts());
  std::vector<std::string> bad = {"", "x\x01"s, task + "!", "t\x08"s + task.substr(2), "i\x02"s, "c\x02"s, "u\x03\x00\x00"s,
                                  "i"};
  for (std::size_t n = 1; n < task.size(); ++n) bad.push_back(task.substr(0, n));  // cut at every byte
  for (const auto& bytes : bad) {
    auto got = decode_facts(bytes);
    ASSERT_FALSE(got) << "accepted " << ::testing::PrintToString(bytes);
    EXPECT_EQ(got.error().code, Errc::corrupt);
  }
}

// The rows of one stream in the facts table, oldest first.
std::vector<std::uint64_t> fact_rows(const Snapshot& snap, const Tables& tables, const std::string& stream) {
  std::vector<std::uint64_t> out;
  auto cursor = lmdb::Cursor::open(snap.view().txn(), tables.facts);
  EXPECT_TRUE(cursor);
  const std::string prefix = pkeys::prefix(stream);
  for (auto item = cursor->seek(prefix); item && *item && (*item)->key.starts_with(prefix); item = cursor->next()) {
    out.push_back(pkeys::read_u64((*item)->key.substr(prefix.size())));
  }
  return out;
}

TEST_F(LedgerRun, AFactsRowIsWrittenOnlyWhenWhatADashboardCountsChanges) {
  prepare();
  const std::string stream = ok(kClerkBtc, "task.report_progress", ref("A.prog", {{"note", "n"}}))[0].stream;
  std::vector<std::uint64_t> before;
  {
    auto snap = snapshot();
    auto tables = projector->tables_for(snap.view().txn());
    ASSERT_TRUE(tables);
    before = fact_rows(snap, *tables, stream);
  }
  ASSERT_EQ(before.size(), 3u) << "created, acknowledged, started";

  ok(kClerkBtc, "task.report_progress", ref("A.prog", {{"note", "again"}}));
  const auto done = ok(kClerkBtc, "task.complete", ref("A.prog", {{"evidence", {{"blob_sha256", std::string(64, 'f')}}}}));
  auto snap = snapshot();
  auto tables = projector->tables_for(snap.view().txn());
  ASSERT_TRUE(tables);
  auto after = fact_rows(snap, *tables, stream);
  ASSERT_EQ(after.size(), 4u) << "progress changes no fact; completion does";
  EXPECT_EQ(after.back(), done[0].index);

  Reader reader(snap.view(), *tables);
  auto then = reader.facts_at(stream, done[0].index - 1);
  auto latest = reader.facts_at(stream, kLatest);
  ASSERT_TRUE(then && *then && latest && *latest);
  EXPECT_EQ((*then)->task_status(), events::TaskStatus::in_progress);
  EXPECT_EQ((*latest)->task_status(), events::TaskStatus::completed);
  EXPECT_EQ((*latest)->lead, "btc-tu");
  EXPECT_EQ((*latest)->due, "2024-12-31");
  auto none = reader.facts_at(stream, before.front() - 1);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none) << "the task did not exist yet";
}

TEST_F(LedgerRun, EachAggregateKeepsWhatADashboardCountsOfIt) {
  prepare();
  auto snap = snapshot();
  auto tables = projector->tables_for(snap.view().txn());
  ASSERT_TRUE(tables);
  Reader reader(snap.view(), *tables);
  auto facts = [&](const std::string& stream) {
    auto f = reader.facts_at(stream, kLatest);
    EXPECT_TRUE(f && *f) << stream;
    return f && *f ? **f : Facts{};
  };
  EXPECT_EQ(facts(events::unit_stream("btc-tu")).parent, "tinh-uy");
  EXPECT_EQ(facts(events::unit_stream("btc-tu")).kind, Facts::Kind::unit);
  EXPECT_TRUE(facts(events::inspection_stream("insp")).inspection_open());
  EXPECT_FALSE(facts(events::case_stream("c.open")).decided());
  EXPECT_TRUE(facts(events::case_stream("c.decided")).decided());
  const auto verified = facts(events::task_stream("tinh-uy", "26-CTr/TU", "A.verified"));
  EXPECT_EQ(verified.task_status(), events::TaskStatus::verified);
  EXPECT_NE(verified.completed_ms, 0);
  EXPECT_EQ(facts(events::task_stream("tinh-uy", "26-CTr/TU", "A.created")).lead, "");
  auto report = reader.facts_at(events::report_stream("r.pending"), kLatest);
  ASSERT_TRUE(report);
  EXPECT_FALSE(*report) << "report requests are read whole";
}

class FormerSchema : public LedgerRun, public ::testing::WithParamInterface<std::uint32_t> {};

// What a ledger written by an older schema holds: the same tables without the newer ones
// (schema 1 had no facts, schema 2 no unit_facts). Its readers get the same answers,
// derived from the states, until the rebuild restores the tables.
TEST_P(FormerSchema, TablesAreReadWithoutTheNewerOnesUntilTheRebuild) {
  const std::uint32_t schema = GetParam();
  prepare();
  const auto current = dump_tables();
  std::set<std::string> streams;
  for (const auto& e : world.log()) streams.insert(e.stream);
  {
    auto txn = lmdb::Txn::begin_write(ledger->env());
    ASSERT_TRUE(txn);
    auto meta = open_meta(*txn);
    ASSERT_TRUE(meta && *meta);
    auto tables = projector->tables_for(*txn);
    ASSERT_TRUE(tables);
    if (schema < 2) {
      ASSERT_TRUE(txn->drop(tables->facts, true));
    }
    ASSERT_TRUE(txn->drop(tables->unit_facts, true));
    auto info = generation_info(*txn, **meta, tables->generation);
    ASSERT_TRUE(info && *info);
    ASSERT_TRUE(set_generation_info(*txn, **meta, tables->generation, GenerationInfo{schema, (*info)->applied}));
    ASSERT_TRUE(txn->commit());
  }
  open();
  ASSERT_TRUE(projector->needs_rebuild());
  {
    auto snap = snapshot();
    auto tables = projector->tables_for(snap.view().txn());
    ASSERT_TRUE(tables);
    EXPECT_EQ(tables->facts == 0, schema < 2);
    EXPECT_EQ(tables->unit_facts, 0u);
    Reader reader(snap.view(), *tables);
    std::map<std::string, std::optional<AggregateState>> states;
    for (const auto& stream : streams) {
      auto state = reader.state_at(stream, kLatest);
      auto facts = reader.facts_at(stream, kLatest);
      ASSERT_TRUE(state && facts) << stream;
      EXPECT_EQ(*facts, *state ? facts_of((*state)->state) : std::nullopt) << stream;
      states.emplace(stream, *state ? std::optional<AggregateState>((*state)->state) : std::nullopt);
    }
    std::size_t counted = 0;
    for (const auto& stream : streams) {
      if (!stream.starts_with("unit/")) continue;
      const auto want = model_unit_facts(states, stream);
      EXPECT_EQ(read_unit_facts(reader, stream, kLatest), want) << stream;
      counted += want.size();
    }
    EXPECT_GT(counted, 10u);
  }
  ASSERT_TRUE(projector->rebuild(*ledger));
  EXPECT_EQ(dump_tables(), current);
}

INSTANTIATE_TEST_SUITE_P(Schemas, FormerSchema, ::testing::Values(1u, 2u));

}  // namespace
}  // namespace dauvet::projections::testing
