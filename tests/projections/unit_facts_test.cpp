// The unit_facts table (tables.hpp): a task's facts live under its lead and move with it;
// an inspection's under every unit it relates to; each as of any index.
#include <limits>

#include "ledger_run.hpp"

namespace dauvet::projections::testing {
namespace {

using events::testing::kIssuer;
constexpr auto kLatest = std::numeric_limits<std::uint64_t>::max();

// The rows of `stream` under `unit` in the unit_facts table, oldest first: (index, value).
std::vector<std::pair<std::uint64_t, std::string>> rows_under(const Snapshot& snap, const Tables& tables,
                                                              const std::string& unit, const std::string& stream) {
  std::vector<std::pair<std::uint64_t, std::string>> out;
  auto cursor = lmdb::Cursor::open(snap.view().txn(), tables.unit_facts);
  EXPECT_TRUE(cursor);
  const std::string prefix = pkeys::prefix(unit) + stream + '\0';
  for (auto item = cursor->seek(prefix); item && *item && (*item)->key.starts_with(prefix); item = cursor->next()) {
    if ((*item)->key.size() != prefix.size() + 8) continue;  // a longer stream name
    out.emplace_back(pkeys::read_u64((*item)->key.substr(prefix.size())), std::string((*item)->value));
  }
  return out;
}

std::optional<Facts> find(const std::vector<std::pair<std::string, Facts>>& facts, const std::string& stream) {
  for (const auto& [s, f] : facts) {
    if (s == stream) return f;
  }
  return std::nullopt;
}

bool holds(const std::vector<std::pair<std::string, Facts>>& facts, const std::string& stream) {
  return find(facts, stream).has_value();
}

TEST_F(LedgerRun, ATasksFactsMoveWithItsLeadAndStayUnderTheFormerOneForThePast) {
  prepare();
  const std::string btc = events::unit_stream("btc-tu"), btg = events::unit_stream("btg-tu");
  const auto moved = ok(kIssuer, "task.reassign", ref("A.assigned", {{"lead", "btg-tu"}, {"reason", "r"}}));
  const std::string& stream = moved[0].stream;
  const std::uint64_t at = moved[0].index;

  auto snap = snapshot();
  auto tables = projector->tables_for(snap.view().txn());
  ASSERT_TRUE(tables);
  const auto under_btc = rows_under(snap, *tables, btc, stream);
  ASSERT_GE(under_btc.size(), 2u);
  EXPECT_EQ(under_btc.back(), std::make_pair(at, std::string())) << "the former lead stops holding it";
  const auto under_btg = rows_under(snap, *tables, btg, stream);
  ASSERT_EQ(under_btg.size(), 1u);
  EXPECT_EQ(under_btg[0].first, at);

  Reader reader(snap.view(), *tables);
  EXPECT_TRUE(holds(read_unit_facts(reader, btc, at - 1), stream));
  EXPECT_FALSE(holds(read_unit_facts(reader, btg, at - 1), stream));
  EXPECT_FALSE(holds(read_unit_facts(reader, btc, kLatest), stream));
  const auto led = find(read_unit_facts(reader, btg, kLatest), stream);
  ASSERT_TRUE(led);
  EXPECT_EQ(led->lead, "btg-tu");
  // Coordinating units and the issuer count the task on no dashboard: no rows.
  EXPECT_TRUE(rows_under(snap, *tables, events::unit_stream("tinh-uy"), stream).empty());
}

TEST_F(LedgerRun, AnInspectionsFactsAreKeptUnderItsBodyAndEachUnitItConcerns) {
  prepare();
  const std::string stream = events::inspection_stream("insp");
  auto snap = snapshot();
  auto tables = projector->tables_for(snap.view().txn());
  ASSERT_TRUE(tables);
  Reader reader(snap.view(), *tables);
  for (const char* unit : {"ubkt-tu", "btc-tu"}) {
    const auto facts = find(read_unit_facts(reader, events::unit_stream(unit), kLatest), stream);
    ASSERT_TRUE(facts) << unit;
    EXPECT_TRUE(facts->inspection_open()) << unit;
  }
  const auto opened = rows_under(snap, *tables, events::unit_stream("btc-tu"), stream);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_FALSE(holds(read_unit_facts(reader, events::unit_stream("btc-tu"), opened[0].first - 1), stream))
      << "not before it was opened";
}

}  // namespace
}  // namespace dauvet::projections::testing
