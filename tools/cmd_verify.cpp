// verify: the offline check an oversight body runs without trusting the server.
#include <chrono>
#include <iomanip>
#include <iostream>

#include "core/ledger.hpp"
#include "core/verify.hpp"
#include "tools/cli.hpp"

namespace dauvet::tools {

int cmd_verify(const Args& args) {
  const Usage usage{"verify", "DIR [--threads N] [--stats]",
                    "Recomputes every leaf hash, chain link and payload hash from the stored bytes.\n"
                    "Prints \"ok N entries\" and exits 0, or names the first bad index and why and\n"
                    "exits 1. Safe to run while a server is writing: it checks a snapshot."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "threads", po::value<unsigned>()->default_value(0), "hashing threads (0: one per core)")(
      "stats", po::bool_switch(), "print throughput to stderr");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;

  auto ledger = Ledger::open((*vm)["dir"].as<std::string>(), Ledger::Options{.writer = false});
  if (!ledger) {
    std::cerr << "dauvet verify: " << ledger.error().to_string() << '\n';
    return 1;
  }
  auto snap = (*ledger)->read();
  if (!snap) {
    std::cerr << "dauvet verify: " << snap.error().to_string() << '\n';
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  auto report = verify_ledger(snap->view(), VerifyOptions{.threads = (*vm)["threads"].as<unsigned>()});
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!report) {
    std::cerr << "dauvet verify: cannot read the ledger: " << report.error().to_string() << '\n';
    return 1;
  }
  if ((*vm)["stats"].as<bool>()) {
    std::cerr << std::fixed << std::setprecision(0) << "verified " << report->entries << " entries, "
              << static_cast<double>(report->bytes) / 1e6 << " MB in " << std::setprecision(3) << secs << " s: "
              << std::setprecision(0) << static_cast<double>(report->entries) / secs << " entries/s, "
              << static_cast<double>(report->bytes) / 1e6 / secs << " MB/s\n";
  }
  if (!report->ok()) {
    std::cout << "bad " << report->problem << '\n';
    return 1;
  }
  std::cout << "ok " << report->entries << " entries\n";
  return 0;
}

}  // namespace dauvet::tools
