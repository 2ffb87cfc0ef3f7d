// dauvet bench generate: a ledger holding N province-years of work (events/province.hpp),
// written through decide and the projector as a live server would write it, each day's
// commands recorded at 08:00 of that day (Vietnam time) so lateness is judged as the year
// judged it. The result is an ordinary ledger: `dauvet serve DIR` serves it, `dauvet
// verify` checks it, and the load and soak benchmarks run against it.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>

#include "events/calendar.hpp"
#include "events/province.hpp"
#include "tools/cli.hpp"
#include "tools/province_steps.hpp"
#include "tools/writer.hpp"

namespace dauvet::tools {

namespace {

constexpr std::size_t kBatch = 1000;

std::int64_t morning_ms(const events::Date& day) {
  return day.days() * 86'400'000 - events::calendar::kVietnamOffsetMs + 8 * 3'600'000;
}

struct Tally {
  std::map<std::string, std::uint64_t> refused;  // "type: errc" -> count
  std::map<std::string, std::string> example;    // the first reason of each
  std::uint64_t commands = 0;
};

// Submits one day's steps in order, in batches that share commits, and waits for them.
void run_day(Writer& w, const std::vector<events::DatedStep>& steps, std::size_t from, std::size_t to, Tally& tally) {
  for (std::size_t start = from; start < to; start += kBatch) {
    const std::size_t end = std::min(to, start + kBatch);
    tally.commands += end - start;
    submit_steps(*w.ledger, w.projector, steps, start, end, [&](std::size_t i, const Result<CommandResult>& r) {
      if (r) return;
      const std::string key = steps[i].step.type + ": " + std::string(errc_name(r.error().code));
      if (tally.refused[key]++ == 0) tally.example[key] = r.error().to_string();
    });
  }
}

int current_vietnam_year() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  return std::stoi(events::calendar::vn_date(ms.count()).substr(0, 4));
}

}  // namespace

int cmd_bench_generate(const Args& args) {
  const Usage usage{"bench generate", "DIR --province-years N [--seed S] [--first-year Y]",
                    "Creates a ledger in DIR (must not hold one) with N years of one province's work:\n"
                    "~550 base organisations in a 3-level unit tree, ~100 directives a year of 20-60\n"
                    "tasks each, status changes and extensions, semiannual and annual reports (on time,\n"
                    "late, returned, missing), indicator values, ~1,200 inspections and ~900\n"
                    "supervisions with findings, ~370 disciplinary decisions and some appeals.\n"
                    "Deterministic for a seed: the same commands in the same order. Every command goes\n"
                    "through decide() at 08:00 of its day, so the years must be past. Prints the\n"
                    "entry counts by type as Markdown."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory to create")(
      "province-years", po::value<int>()->required(), "years of work to write, 1..50")(
      "seed", po::value<std::uint64_t>()->default_value(1), "the generator's seed")(
      "first-year", po::value<int>()->default_value(2023), "the calendar year of the first province-year")(
      "origin", po::value<std::string>()->default_value("dauvet.bench.example/ledger"), "the checkpoint origin");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  const std::string dir = (*vm)["dir"].as<std::string>();
  const int years = (*vm)["province-years"].as<int>();
  const int first_year = (*vm)["first-year"].as<int>();
  if (years < 1 || years > 50) {
    std::cerr << "dauvet bench generate: --province-years must be 1..50, not " << years << '\n';
    return 2;
  }
  if (const int last = first_year + years - 1, now = current_vietnam_year(); last >= now) {
    std::cerr << "dauvet bench generate: " << years << " years from " << first_year << " reach " << last
              << ", which is not over yet; pass --first-year " << now - years << " or earlier\n";
    return 2;
  }
  if (std::filesystem::exists(std::filesystem::path(dir) / "data.mdb")) {
    std::cerr << "dauvet bench generate: '" << dir << "' already holds a ledger\n";
    return 1;
  }

  std::atomic<std::int64_t> now_ms{morning_ms(events::Date{first_year - 1, 12, 31})};
  auto w = open_writer(dir, {}, (*vm)["origin"].as<std::string>(), {}, [&now_ms] { return now_ms.load(); });
  if (!w) {
    std::cerr << "dauvet bench generate: " << w.error().to_string() << '\n';
    return 1;
  }
  if (auto r = record_root(*w, "Ban Chấp hành Trung ương", "trung_uong"); !r) {
    std::cerr << "dauvet bench generate: " << r.error().to_string() << '\n';
    return 1;
  }

  const auto started = std::chrono::steady_clock::now();
  Tally tally;
  const events::ProvinceYear::Options year_options{.seed = (*vm)["seed"].as<std::uint64_t>(), .first_year = first_year};
  for (int y = 0; y < years; ++y) {
    const events::ProvinceYear year(year_options, y);
    std::vector<events::DatedStep> steps = y == 0 ? year.setup() : std::vector<events::DatedStep>{};
    for (auto& s : year.steps()) steps.push_back(std::move(s));
    for (std::size_t from = 0; from < steps.size();) {
      std::size_t to = from;
      while (to < steps.size() && steps[to].day.days() == steps[from].day.days()) ++to;
      now_ms = std::max(now_ms.load(), morning_ms(steps[from].day));
      run_day(*w, steps, from, to, tally);
      from = to;
    }
    std::cerr << "dauvet bench generate: " << year.year() << " written, " << *(*w->ledger->read())->size()
              << " entries\n";
  }
  if (auto note = w->checkpointer->sign_now(); !note) {
    std::cerr << "dauvet bench generate: " << note.error().to_string() << '\n';
    return 1;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  auto snap = w->ledger->read();
  if (!snap) throw std::runtime_error(snap.error().to_string());
  const std::uint64_t size = *(*snap)->size();
  std::map<std::string, std::uint64_t> by_type;
  for (std::uint64_t i = 0; i < size; ++i) {
    auto e = (*snap)->entry(i);
    if (!e) throw std::runtime_error(e.error().to_string());
    ++by_type[e->type];
  }
  std::uint64_t refused = 0;
  for (const auto& [key, n] : tally.refused) refused += n;
  std::cout << "| " << years << " province-year(s), seed " << year_options.seed << " | entries |\n|---|---:|\n";
  for (const auto& [type, n] : by_type) std::cout << "| `" << type << "` | " << n << " |\n";
  std::cout << "| **all** | **" << size << "** |\n\n"
            << std::fixed << std::setprecision(0) << tally.commands << " commands in " << std::setprecision(1) << seconds
            << " s (" << std::setprecision(0) << static_cast<double>(tally.commands) / seconds << " commands/s); "
            << refused << " refused by decide\n";
  for (const auto& [key, n] : tally.refused) std::cout << "- " << key << ": " << n << " (" << tally.example[key] << ")\n";
  return 0;
}

}  // namespace dauvet::tools
