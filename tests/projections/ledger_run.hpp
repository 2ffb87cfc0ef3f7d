// The domain scenarios of tests/events, run twice: through MemoryWorld (the reference) and
// through the real writer (decide against LedgerWorld in the LMDB transaction, projector
// hook). Every command must get the same verdict from both, and the projected tables can
// then be compared with the reference at any index.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>

#include "core/ledger.hpp"
#include "events/command_samples.hpp"
#include "projections/domain_writer.hpp"
#include "projections/projector.hpp"
#include "projections/reader.hpp"
#include "support/projection_tables.hpp"
#include "support/temp_dir.hpp"

namespace dauvet::projections::testing {

using events::testing::json;

// The reference state of a stream in a MemoryWorld, as a projection would hold it.
inline std::optional<AggregateState> model_state(const events::MemoryWorld& w, const std::string& stream) {
  namespace ev = events;
  const auto aggregate = ev::aggregate_of(stream);
  if (!aggregate) return std::nullopt;
  const std::string id(ev::stream_id(stream));
  auto wrap = [](auto s) -> std::optional<AggregateState> {
    if (!s) return std::nullopt;
    return AggregateState{std::move(*s)};
  };
  switch (*aggregate) {
    case ev::Aggregate::unit: return wrap(w.unit(id));
    case ev::Aggregate::actor: return wrap(w.actor(id));
    case ev::Aggregate::person: return wrap(w.person(id));
    case ev::Aggregate::directive: {
      auto key = ev::parse_directive_stream(stream);
      return key ? wrap(w.directive(key->issuer, key->symbol)) : std::nullopt;
    }
    case ev::Aggregate::task: return wrap(w.task(stream));
    case ev::Aggregate::report: return wrap(w.report(id));
    case ev::Aggregate::indicator: return wrap(w.indicator(id));
    case ev::Aggregate::inspection: return wrap(w.inspection(id));
    case ev::Aggregate::discipline_case: return wrap(w.discipline_case(id));
    case ev::Aggregate::erasures: return std::nullopt;
  }
  return std::nullopt;
}

// What Reader::unit_facts must answer for `unit` (a unit stream), from reference states:
// the tasks it leads, the inspections and cases related to it, in stream name order.
inline std::vector<std::pair<std::string, Facts>> model_unit_facts(
    const std::map<std::string, std::optional<AggregateState>>& states, const std::string& unit) {
  std::vector<std::pair<std::string, Facts>> out;
  for (const auto& [stream, state] : states) {
    if (!state) continue;
    auto facts = facts_of(*state);
    if (!facts || !by_unit(*facts)) continue;
    const auto related = related_streams(*state);
    const bool holds = facts->kind == Facts::Kind::task
                           ? events::unit_stream(facts->lead) == unit
                           : std::find(related.begin(), related.end(), unit) != related.end();
    if (holds) out.emplace_back(stream, *facts);
  }
  return out;
}

inline std::vector<std::pair<std::string, Facts>> read_unit_facts(const Reader& reader, const std::string& unit,
                                                                   std::uint64_t at) {
  std::vector<StreamFacts> got;
  auto r = reader.unit_facts(unit, at, got);
  EXPECT_TRUE(r) << r.error().to_string();
  std::vector<std::pair<std::string, Facts>> out;
  for (auto& f : got) out.emplace_back(std::string(f.stream), std::move(f.facts));
  return out;
}

class LedgerRun : public events::testing::PreparedTest {
 protected:
  dauvet::testing::TempDir dir;
  std::shared_ptr<Projector> projector = std::make_shared<Projector>();
  std::unique_ptr<Ledger> ledger;
  std::size_t map_size = std::size_t{1} << 30;  // for open(); LMDB never maps less than the file

  void SetUp() override { open(); }

  void open() {
    ledger.reset();
    projector = std::make_shared<Projector>();
    auto l = Ledger::open(dir.str(), Ledger::Options{.map_size = map_size, .clock = [this] { return now; },
                                                     .hooks = {projector}, .create = true});
    ASSERT_TRUE(l) << l.error().to_string();
    ledger = std::move(*l);
  }

  Result<std::vector<events::RecordedEvent>> exec(const events::Actor& actor, std::string_view type,
                                                  const json& body) override {
    auto command = events::decode_command(type, body);
    if (!command) return tl::unexpected(command.error());
    now += 1000;
    auto expected = world.execute(actor, now, *command);
    auto c = to_ledger_command(projector, DomainCommand{actor, *command});
    if (!c) return tl::unexpected(c.error());
    auto got = ledger->submit(std::move(*c)).get();
    EXPECT_EQ(bool(expected), bool(got)) << type << ": reference "
                                         << (expected ? "accepted" : expected.error().to_string()) << ", ledger "
                                         << (got ? "accepted" : got.error().to_string());
    if (expected && got) {
      EXPECT_EQ(expected->size(), got->entries.size()) << type;
      if (!expected->empty() && !got->entries.empty()) {
        EXPECT_EQ(expected->front().index, got->entries.front().index);
      }
    } else if (!expected && !got) {
      EXPECT_EQ(expected.error().code, got.error().code) << type << ": " << got.error().to_string();
    }
    return expected;
  }

  Snapshot snapshot() const {
    auto s = ledger->read();
    EXPECT_TRUE(s);
    return std::move(*s);
  }

  // Every stream's projected state at index `at` against the reference replayed to `at`.
  void expect_states_match(std::uint64_t at) {
    const auto& log = world.log();
    std::vector<events::RecordedEvent> prefix(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(at + 1));
    const auto model = events::MemoryWorld::replay(prefix);
    auto snap = snapshot();
    auto tables = projector->tables_for(snap.view().txn());
    ASSERT_TRUE(tables) << tables.error().to_string();
    Reader reader(snap.view(), *tables);
    std::set<std::string> streams;
    for (const auto& e : log) streams.insert(e.stream);
    std::map<std::string, std::optional<AggregateState>> states;
    for (const auto& stream : streams) {
      auto got = reader.state_at(stream, at);
      ASSERT_TRUE(got) << got.error().to_string();
      auto want = model_state(model, stream);
      ASSERT_EQ(want.has_value(), got->has_value()) << stream << " at " << at;
      if (want) {
        EXPECT_TRUE(*want == (*got)->state) << stream << " differs at index " << at;
      }
      // The facts row in force agrees with the reference state (facts.hpp).
      auto facts = reader.facts_at(stream, at);
      ASSERT_TRUE(facts) << facts.error().to_string();
      EXPECT_EQ(*facts, want ? facts_of(*want) : std::nullopt) << stream << "'s facts differ at index " << at;
      states.emplace(stream, std::move(want));
    }
    // What each unit's dashboard reads, from its unit_facts rows and, as tables of an older
    // schema would give it, from the states.
    Tables derived = *tables;
    derived.unit_facts = 0;
    const Reader from_states(snap.view(), derived);
    for (const auto& stream : streams) {
      if (!stream.starts_with("unit/")) continue;
      const auto want = model_unit_facts(states, stream);
      EXPECT_EQ(read_unit_facts(reader, stream, at), want) << stream << "'s unit facts differ at index " << at;
      EXPECT_EQ(read_unit_facts(from_states, stream, at), want) << stream << " derives other unit facts at " << at;
    }
  }

  // Every key and value of the active generation's tables.
  dauvet::testing::TableDump dump_tables() const { return dauvet::testing::dump_tables(*ledger, *projector); }
};

}  // namespace dauvet::projections::testing
