// The projector's per-entry CPU without LMDB: folding an event into its aggregate and
// encoding the state row that every entry writes. A rebuild and the online writer both pay
// this for each entry, so it bounds them; `dauvet bench domain` measures the whole.
#include <benchmark/benchmark.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "events/calendar.hpp"
#include "events/commands.hpp"
#include "events/memory_world.hpp"
#include "events/province.hpp"
#include "projections/aggregate.hpp"

namespace {

using namespace dauvet;

// One province-year of the bench workload, decided against an in-memory world: ~36,000
// events of every kind, in the order the ledger would hold them.
const std::vector<events::RecordedEvent>& province_log() {
  static const std::vector<events::RecordedEvent> log = [] {
    const events::ProvinceYear year(events::ProvinceYear::Options{.seed = 1}, 0);
    auto steps = year.setup();
    for (auto& s : year.steps()) steps.push_back(std::move(s));
    events::MemoryWorld world;
    const events::Actor admin{"quan-tri", "tw", "admin"};
    std::int64_t now = events::Date{2022, 12, 31}.days() * 86'400'000;
    if (!world.execute(admin, now, events::UnitCreate{"root", "Trung ương", "trung_uong", ""}))
      throw std::runtime_error("the root unit was refused");
    for (const auto& s : steps) {
      auto command = events::decode_command(s.step.type, s.step.body);
      if (!command) throw std::runtime_error(s.step.type + ": " + command.error().message);
      const std::int64_t day = (s.day.days() * 86'400 + 9 * 3600) * 1000 - events::calendar::kVietnamOffsetMs;
      now = std::max(now + 1000, day);
      (void)world.execute(s.step.actor, now, *command);  // a few are refused, as in the ledger
    }
    return world.log();
  }();
  return log;
}

using States = std::map<std::string, projections::AggregateState, std::less<>>;

// The event folded into its stream's state, as the projector does; nullptr for a stream
// without an aggregate.
const projections::AggregateState* fold(States& states, const events::RecordedEvent& event) {
  auto it = states.find(event.stream);
  if (it == states.end()) {
    auto empty = projections::empty_state(event.stream);
    if (!empty) return nullptr;
    it = states.emplace(event.stream, std::move(*empty)).first;
  }
  projections::apply_event(it->second, event);
  return &it->second;
}

// Every event folded into its stream's state, and that state encoded, as the projector
// does for each entry.
void BM_FoldAndEncode(benchmark::State& state) {
  const auto& log = province_log();
  std::size_t bytes = 0;
  for (auto _ : state) {
    States states;
    for (const auto& event : log) {
      const projections::AggregateState* folded = fold(states, event);
      if (folded == nullptr) continue;
      const std::string row = projections::encode_state(*folded);
      bytes += row.size();
      benchmark::DoNotOptimize(row.data());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * log.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_FoldAndEncode)->Unit(benchmark::kMillisecond);

// Encoding alone, of every aggregate as the year left it.
void BM_EncodeFinalStates(benchmark::State& state) {
  std::vector<projections::AggregateState> finals;
  {
    States states;
    for (const auto& event : province_log()) (void)fold(states, event);
    for (auto& [stream, s] : states) finals.push_back(std::move(s));
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& s : finals) {
      const std::string row = projections::encode_state(s);
      bytes += row.size();
      benchmark::DoNotOptimize(row.data());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * finals.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_EncodeFinalStates)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
