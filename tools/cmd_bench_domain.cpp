// dauvet bench domain: a ledger of N entries of province-years (events/province.hpp),
// written through decide and the projector; then the projections' rebuild speed beside a raw LMDB scan of
// the same entries, and the latency of current and as-of reads.
#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <future>
#include <iomanip>
#include <iostream>
#include <limits>
#include <optional>
#include <random>

#include <sys/resource.h>

#include "api/routes.hpp"
#include "api/services.hpp"
#include "api/tokens.hpp"
#include "events/streams.hpp"
#include "core/clock.hpp"
#include "events/calendar.hpp"
#include "events/province.hpp"
#include "projections/domain_writer.hpp"
#include "projections/projector.hpp"
#include "projections/reader.hpp"
#include "tools/cli.hpp"
#include "tools/province_steps.hpp"

namespace dauvet::tools {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kSeed = 1;  // of the province-years written

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Latency {
  std::vector<double> us;
  void add(Clock::time_point t) { us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t).count()); }
  double pct(double p) {
    std::sort(us.begin(), us.end());
    return us.empty() ? 0 : us[std::min(us.size() - 1, static_cast<std::size_t>(p * static_cast<double>(us.size())))];
  }
};

// Writes province-years (events/province.hpp) until the ledger holds `entries`; returns
// commands refused. The years end last year, so every document is dated in the past; the
// entries are recorded now, so a live ledger's judgement of them is "late" throughout.
std::uint64_t fill(Ledger& ledger, const std::shared_ptr<projections::Projector>& projector, std::uint64_t entries,
                   std::size_t batch) {
  constexpr int kMaxYears = 60;
  const int first_year = std::stoi(events::calendar::vn_date(clock::system_ms()).substr(0, 4)) - kMaxYears;
  std::uint64_t refused = 0, written = 0;
  for (int y = 0; written < entries; ++y) {
    if (y == kMaxYears) throw std::runtime_error(std::to_string(kMaxYears) + " province-years hold fewer entries than asked");
    const events::ProvinceYear year(events::ProvinceYear::Options{.seed = kSeed, .parent = "", .first_year = first_year}, y);
    std::vector<events::DatedStep> steps = y == 0 ? year.setup() : std::vector<events::DatedStep>{};
    for (auto& s : year.steps()) steps.push_back(std::move(s));
    for (std::size_t from = 0; from < steps.size() && written < entries; from += batch) {
      submit_steps(ledger, projector, steps, from, std::min(steps.size(), from + batch),
                   [&](std::size_t, const Result<CommandResult>& r) { refused += r ? 0 : 1; });
      written = *(*ledger.read())->size();
    }
  }
  return refused;
}

struct Written {
  std::uint64_t refused = 0;
  double write_s = 0, scan_s = 0, rebuild_s = 0;
  double rebuild_cpu_s = 0;  // user + system time of every thread of the process
};

double process_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

// Times a raw scan of the ledger and a rebuild of its projections.
void scan_and_rebuild(Ledger& ledger, const std::shared_ptr<projections::Projector>& projector, std::uint64_t chunk,
                      Written& out) {
  const std::uint64_t size = *(*ledger.read())->size();
  // Baseline: what any rebuild must at least do — read every entry and payload, parse both.
  auto t = Clock::now();
  {
    auto snap = ledger.read();
    std::size_t sink = 0;
    for (std::uint64_t i = 0; i < size; ++i) {
      auto e = snap->view().entry_bytes(i);
      auto p = snap->view().payload(i);
      sink += nlohmann::json::parse(**e).size();
      if (*p) sink += nlohmann::json::parse(**p).size();
    }
    if (sink == 0) throw std::runtime_error("nothing was scanned");
  }
  out.scan_s = seconds_since(t);
  t = Clock::now();
  const double cpu = process_cpu_s();
  if (auto r = projector->rebuild(ledger, nullptr, chunk); !r) throw std::runtime_error(r.error().to_string());
  out.rebuild_s = seconds_since(t);
  out.rebuild_cpu_s = process_cpu_s() - cpu;
}

// Dashboards through the real router and token check, as the server answers them (minus
// the socket): [0] a random unit now, [1] a random unit as of a random index, [2] the root.
std::array<Latency, 3> time_dashboards(Ledger& ledger, const std::shared_ptr<projections::Projector>& projector,
                                       const std::shared_ptr<api::TokenStore>& tokens,
                                       const std::vector<std::string>& units, const std::string& province,
                                       std::uint64_t size, std::size_t n) {
  auto token = api::generate_token();
  if (!token) throw std::runtime_error(token.error().to_string());
  auto issued = api::token_issued_request(token->sha256, events::Actor{"bench", province, "oversight"}, "bench");
  if (!issued) throw std::runtime_error(issued.error().to_string());
  if (auto r = ledger.append(std::move(*issued), Actor{"operator:bench", province, "admin"}).get(); !r)
    throw std::runtime_error(r.error().to_string());
  api::Services services(ledger);
  services.projector = projector;
  services.auth = tokens;
  const api::Router router = api::make_router();
  std::mt19937_64 rng(5);
  std::array<Latency, 3> out;
  // Dashboards of districts and base organisations; the whole province only three times.
  for (std::size_t i = 0; i < n * 3; ++i) {
    const int kind = static_cast<int>(i % 3);
    if (kind == 2 && i / 3 >= 3) continue;  // the whole province
    const std::string unit = kind == 2 ? province : std::string(events::stream_id(units[rng() % units.size()]));
    std::string target = "/v1/units/" + unit + "/dashboard";
    if (kind == 1) target += "?as_of=" + std::to_string(rng() % size);
    api::Request req{api::http::verb::get, target, 11};
    req.set(api::http::field::authorization, "Bearer " + token->token);
    const auto start = Clock::now();
    unsigned status = 0;
    router.handle(req, services, [&](api::Response res) { status = res.result_int(); });
    out[static_cast<std::size_t>(kind)].add(start);
    // 404: the unit did not exist yet at that index
    if (status != 200 && !(kind == 1 && status == 404)) throw std::runtime_error(target + " answered " + std::to_string(status));
  }
  return out;
}

}  // namespace

int cmd_bench_domain(const Args& args) {
  const Usage usage{"bench domain", "DIR [--entries N] [--reads N] [--reads-only | --rebuild-only [--rebuilds N]]",
                    "Creates a ledger in DIR (must not exist) of province-years (bench generate's), written through\n"
                    "decide and the projector in batches; then times a full rebuild of the projections\n"
                    "beside a raw LMDB scan that reads and parses the same entries and payloads, and the\n"
                    "latency of current and as-of reads of single tasks, timeline pages and unit dashboards.\n"
                    "Prints Markdown tables for BENCHMARKS.md. On a ledger an earlier run left, --reads-only\n"
                    "times the reads alone and --rebuild-only the scan and rebuild alone."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory to create")(
      "entries", po::value<std::uint64_t>()->default_value(1'000'000), "ledger size to reach")(
      "batch", po::value<std::size_t>()->default_value(1000), "commands per submitted batch")(
      "reads", po::value<std::size_t>()->default_value(20'000), "reads to time per kind")(
      "reads-only", "time only the reads, on a ledger an earlier bench domain left in DIR")(
      "rebuild-only", "time only the raw scan and the rebuild, on a ledger an earlier bench domain left in DIR")(
      "rebuilds", po::value<std::size_t>()->default_value(1), "with --rebuild-only: scans and rebuilds to time, one after another")(
      "chunk", po::value<std::uint64_t>()->default_value(projections::Projector::kDefaultChunk), "entries the rebuild projects per transaction");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  const std::string dir = (*vm)["dir"].as<std::string>();
  const bool rebuild_only = vm->count("rebuild-only") > 0;
  const bool reads_only = vm->count("reads-only") > 0;
  if (reads_only && rebuild_only) throw std::runtime_error("--reads-only and --rebuild-only exclude each other");
  const bool existing = reads_only || rebuild_only;
  if (existing != std::filesystem::exists(dir))
    throw std::runtime_error(dir + (existing ? " does not exist; --reads-only and --rebuild-only need a ledger bench domain wrote"
                                             : " exists; give a new directory"));
  auto projector = std::make_shared<projections::Projector>();
  auto tokens = std::make_shared<api::TokenStore>();
  auto opened =
      Ledger::open(dir, Ledger::Options{.map_size = std::size_t{8} << 30, .hooks = {projector, tokens}, .create = !existing});
  if (!opened) throw std::runtime_error(opened.error().to_string());
  Ledger& ledger = **opened;

  // The tree depends on the seed alone, so a ledger left by an earlier run has this root.
  const std::string province = events::ProvinceYear(events::ProvinceYear::Options{.seed = kSeed}, 0).tree().province;
  if (rebuild_only) {
    const std::uint64_t size = *(*ledger.read())->size();
    std::cout << std::fixed << std::setprecision(0) << "| entries | raw scan + parse (entries/s) | rebuild (entries/s) | "
              << "rebuild / raw scan | rebuild CPU (cores busy) |\n|---:|---:|---:|---:|---:|\n";
    for (std::size_t i = 0; i < (*vm)["rebuilds"].as<std::size_t>(); ++i) {
      Written w;
      scan_and_rebuild(ledger, projector, (*vm)["chunk"].as<std::uint64_t>(), w);
      std::cout << std::setprecision(0) << "| " << size << " | " << static_cast<double>(size) / w.scan_s << " | "
                << static_cast<double>(size) / w.rebuild_s << " | " << std::setprecision(2) << w.scan_s / w.rebuild_s
                << " | " << w.rebuild_cpu_s / w.rebuild_s << " |" << std::endl;
    }
    return 0;
  }
  std::optional<Written> written;
  if (!reads_only) {
    written.emplace();
    const auto t = Clock::now();
    written->refused = fill(ledger, projector, (*vm)["entries"].as<std::uint64_t>(), (*vm)["batch"].as<std::size_t>());
    written->write_s = seconds_since(t);
    scan_and_rebuild(ledger, projector, (*vm)["chunk"].as<std::uint64_t>(), *written);
  }
  if (reads_only && projector->needs_rebuild()) {  // written by another schema
    const auto t = Clock::now();
    if (auto r = projector->rebuild(ledger); !r) throw std::runtime_error(r.error().to_string());
    std::cout << "rebuilt the projections of another schema in " << seconds_since(t) << " s\n\n";
  }
  const std::uint64_t size = *(*ledger.read())->size();

  // Reads, each in its own snapshot as a request would.
  std::vector<std::string> tasks, units;
  {
    auto snap = ledger.read();
    projections::Reader reader(snap->view(), *projector->tables_for(snap->view().txn()));
    tasks = *reader.linked("@task", "task/", size);
    units = *reader.linked("@unit", "unit/", size);
  }
  std::mt19937_64 rng(3);
  const std::size_t reads = (*vm)["reads"].as<std::size_t>();
  Latency task_now, task_past, timeline_now, timeline_past;
  for (std::size_t i = 0; i < reads; ++i) {
    const std::string& task = tasks[rng() % tasks.size()];
    const std::string& unit = units[rng() % units.size()];
    const std::uint64_t past = rng() % size;
    for (int k = 0; k < 4; ++k) {
      const auto start = Clock::now();
      auto snap = ledger.read();
      projections::Reader reader(snap->view(), *projector->tables_for(snap->view().txn()));
      if (k < 2) {
        auto s = reader.state_at(task, k == 0 ? std::numeric_limits<std::uint64_t>::max() : past);
        if (!s) throw std::runtime_error(s.error().to_string());
        (k == 0 ? task_now : task_past).add(start);
      } else {
        auto p = reader.timeline(unit, k == 2 ? size : past, std::nullopt, 50);
        if (!p) throw std::runtime_error(p.error().to_string());
        for (auto index : p->indexes) (void)snap->view().entry_bytes(index);
        (k == 2 ? timeline_now : timeline_past).add(start);
      }
    }
  }
  auto dashboards = time_dashboards(ledger, projector, tokens, units, province, size, 300);
  if (written) {
    std::cout << std::fixed << std::setprecision(0) << "| entries | written through decide (entries/s) | refused commands | "
              << "raw scan + parse (entries/s) | rebuild (entries/s) | rebuild / raw scan |\n|---:|---:|---:|---:|---:|---:|\n| "
              << size << " | " << static_cast<double>(size) / written->write_s << " | " << written->refused << " | "
              << static_cast<double>(size) / written->scan_s << " | " << static_cast<double>(size) / written->rebuild_s << " | "
              << std::setprecision(2) << written->scan_s / written->rebuild_s << " |\n\n";
  }
  std::cout << std::fixed << std::setprecision(1) << "| read (" << size << " entries, " << tasks.size() << " tasks, " << units.size()
            << " units) | p50 µs | p99 µs |\n|---|---:|---:|\n"
            << "| one task, current | " << task_now.pct(0.5) << " | " << task_now.pct(0.99) << " |\n"
            << "| one task, as of a random index | " << task_past.pct(0.5) << " | " << task_past.pct(0.99) << " |\n"
            << "| unit timeline page (50), current | " << timeline_now.pct(0.5) << " | " << timeline_now.pct(0.99) << " |\n"
            << "| unit timeline page (50), as of a random index | " << timeline_past.pct(0.5) << " | "
            << timeline_past.pct(0.99) << " |\n"
            << "| unit dashboard over HTTP handler, current | " << dashboards[0].pct(0.5) << " | " << dashboards[0].pct(0.99) << " |\n"
            << "| unit dashboard over HTTP handler, as of a random index | " << dashboards[1].pct(0.5) << " | "
            << dashboards[1].pct(0.99) << " |\n"
            << "| province (root) dashboard, current | " << dashboards[2].pct(0.5) << " | " << dashboards[2].pct(0.99) << " |\n";
  return 0;
}

}  // namespace dauvet::tools
