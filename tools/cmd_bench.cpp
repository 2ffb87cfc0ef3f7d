// bench append: the ledger's durable append throughput beside raw LMDB in the same run.
//
// Both sides write the same bytes with the same durability (a synced commit per batch):
// raw LMDB does two MDB_APPEND puts per entry (entry bytes, payload bytes) and nothing
// else; the ledger also validates, hashes, chains, indexes streams and hands results back
// through the writer thread. The ratio is what the ledger's bookkeeping costs.
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>

#include "core/entry.hpp"
#include "core/tree.hpp"
#include "crypto/merkle.hpp"
#include "core/ledger.hpp"
#include "tools/cli.hpp"

namespace dauvet::tools {
namespace {

namespace fs = std::filesystem;

std::string make_payload(std::size_t bytes) {
  // {"data":"xxxx"} padded to exactly `bytes` bytes of canonical JSON.
  const std::size_t overhead = std::string_view(R"({"data":""})").size();
  return R"({"data":")" + std::string(bytes > overhead ? bytes - overhead : 0, 'x') + R"("})";
}

// The sides are kept open across rounds and take turns, so every side writes under the
// same disk conditions: on this VM the sync latency drifts by tens of percent within
// seconds, and sides run one after the other measured the drift more than the code.
class LedgerSide {
 public:
  LedgerSide(const fs::path& dir, std::size_t batch, const std::string& payload_text, std::uint64_t streams, bool tree)
      : payload_(parsed(payload_text)), batch_(batch), streams_(streams) {
    auto ledger = Ledger::open(dir.string(), Ledger::Options{.max_batch = batch, .create = true, .maintain_tree = tree});
    if (!ledger) throw std::runtime_error(ledger.error().to_string());
    ledger_ = std::move(*ledger);
  }

  // Entries [first, first + n), two batches in flight as on a loaded server: while one
  // commits, the next is queued. max_batch keeps every commit at exactly `batch` commands.
  void run(std::uint64_t first, std::uint64_t n) {
    std::mutex mu;
    std::condition_variable cv;
    std::uint64_t acked = 0;
    std::atomic<bool> failed{false};
    for (std::uint64_t sent = 0; sent < n;) {
      const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(batch_, n - sent));
      auto commands = make_batch(first + sent, k);
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return sent - acked <= batch_; });
      }
      // Count acknowledgements without a lock; wake the producer once per finished batch.
      auto left = std::make_shared<std::atomic<std::size_t>>(k);
      ledger_->submit_batch(std::move(commands), [&, left, k](std::size_t, Result<CommandResult> r) {
        if (!r) failed = true;
        if (left->fetch_sub(1) != 1) return;
        std::lock_guard lock(mu);
        acked += k;
        cv.notify_all();
      });
      sent += k;
    }
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return acked == n; });
    if (failed) throw std::runtime_error("an append failed during the benchmark");
  }

  double commands_per_commit() const {
    return static_cast<double>(ledger_->stats().commands) / static_cast<double>(ledger_->stats().batches);
  }

 private:
  static Payload parsed(const std::string& text) {
    auto payload = Payload::parse(text);
    if (!payload) throw std::runtime_error(payload.error().to_string());
    return std::move(*payload);
  }

  std::vector<Command> make_batch(std::uint64_t first, std::size_t k) const {
    std::vector<Command> commands;
    commands.reserve(k);
    for (std::size_t i = 0; i < k; ++i) {
      AppendRequest req{"bench/" + std::to_string((first + i) % streams_), std::nullopt, "bench.appended", payload_, {}};
      commands.push_back(Command{actor_, std::nullopt, {}, [r = std::move(req)](WriteContext&) -> Result<std::vector<AppendRequest>> {
                                   return std::vector<AppendRequest>{r};
                                 }});
    }
    return commands;
  }

  Payload payload_;
  std::unique_ptr<Ledger> ledger_;
  const Actor actor_{"bench", "root", "admin"};
  std::size_t batch_;
  std::uint64_t streams_;
};

// Two MDB_APPEND puts per entry (entry bytes, payload bytes) and a synced commit per batch.
class RawSide {
 public:
  RawSide(const fs::path& dir, std::size_t batch, std::size_t entry_bytes, std::string payload)
      : batch_(batch), entry_(entry_bytes, 'e'), payload_(std::move(payload)) {
    fs::create_directories(dir);
    auto env = lmdb::Env::open(dir.string(), {});
    if (!env) throw std::runtime_error(env.error().to_string());
    env_ = std::move(*env);
    auto txn = lmdb::Txn::begin_write(env_);
    if (!txn) throw std::runtime_error(txn.error().to_string());
    entries_ = *txn->open_db("entries", MDB_CREATE);
    payloads_ = *txn->open_db("payloads", MDB_CREATE);
    if (auto r = txn->commit(); !r) throw std::runtime_error(r.error().to_string());
  }

  void run(std::uint64_t first, std::uint64_t n) {
    for (std::uint64_t done = 0; done < n;) {
      const std::uint64_t k = std::min<std::uint64_t>(batch_, n - done);
      auto txn = lmdb::Txn::begin_write(env_);
      if (!txn) throw std::runtime_error(txn.error().to_string());
      for (std::uint64_t i = 0; i < k; ++i) {
        const std::string key = keys::u64(first + done + i);
        if (!txn->put(entries_, key, entry_, MDB_APPEND) || !txn->put(payloads_, key, payload_, MDB_APPEND))
          throw std::runtime_error("raw LMDB put failed (map full?)");
      }
      if (auto r = txn->commit(); !r) throw std::runtime_error(r.error().to_string());
      done += k;
    }
  }

 private:
  lmdb::Env env_;
  MDB_dbi entries_ = 0, payloads_ = 0;
  std::size_t batch_;
  std::string entry_, payload_;
};

}  // namespace

int cmd_bench_append(const Args& args) {
  const Usage usage{"bench append", "[--entries N] [--batch1-entries N] [--batch SIZE...] [--round-batches N] [--payload-bytes B] [--dir D]",
                    "Appends N entries at batch sizes 1, 100 and 1000 with durable commits, and raw\n"
                    "LMDB MDB_APPEND puts of the same bytes, and prints a Markdown table. Raw LMDB, the\n"
                    "ledger without its Merkle tree and the ledger take turns in rounds, so all three\n"
                    "write under the same disk conditions."};
  po::options_description options("options");
  options.add_options()("entries", po::value<std::uint64_t>()->default_value(1'000'000), "entries per batch size")(
      "batch1-entries", po::value<std::uint64_t>()->default_value(20'000),
      "entries at batch size 1 (every one a synced commit)")(
      "payload-bytes", po::value<std::size_t>()->default_value(400), "payload size")(
      "streams", po::value<std::uint64_t>()->default_value(1000), "entries go round-robin to this many streams")(
      "batch", po::value<std::vector<std::size_t>>()->multitoken()->default_value({1, 100, 1000}, "1 100 1000"),
      "batch sizes to run")(
      "round-batches", po::value<std::uint64_t>()->default_value(50),
      "batches each side writes before the next side's turn")(
      "keep", po::bool_switch(), "keep the last ledger (in DIR/ledger) for verify and read benchmarks")(
      "dir", po::value<std::string>()->default_value((fs::temp_directory_path() / "dauvet-bench").string()),
      "scratch directory (emptied)");
  int code = 0;
  auto vm = parse_args(args, usage, options, {}, &code);
  if (!vm) return code;
  const fs::path root = (*vm)["dir"].as<std::string>();
  const std::string payload = make_payload((*vm)["payload-bytes"].as<std::size_t>());
  // A representative entry, to give raw LMDB the same number of bytes to store.
  Entry sample{999'999, "bench/999", 1000, "bench.appended", {"bench", "root", "admin"}, "2026-11-23T00:00:00.000Z"};
  const std::size_t entry_bytes = entry::encode(sample).size();

  std::cout << "| batch | entries | ledger entries/s | raw LMDB entries/s | ledger / raw | commands per commit "
               "| ledger without Merkle tree, entries/s | tree cost |\n"
            << "|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (std::size_t batch : (*vm)["batch"].as<std::vector<std::size_t>>()) {
    if (batch == 0) {
      std::cerr << "bench append: a batch size must be at least 1\n";
      return 2;
    }
    const std::uint64_t n = batch == 1 ? (*vm)["batch1-entries"].as<std::uint64_t>() : (*vm)["entries"].as<std::uint64_t>();
    fs::remove_all(root);
    const std::uint64_t streams = std::max<std::uint64_t>(1, (*vm)["streams"].as<std::uint64_t>());
    const std::uint64_t round = batch * (*vm)["round-batches"].as<std::uint64_t>();
    double raw = 0, no_tree = 0, led = 0, cpc = 0;
    {
      RawSide raw_side(root / "raw", batch, entry_bytes, payload);
      LedgerSide bare(root / "no-tree", batch, payload, streams, false);
      LedgerSide full(root / "ledger", batch, payload, streams, true);
      const std::array<std::function<void(std::uint64_t, std::uint64_t)>, 3> sides = {
          [&](std::uint64_t f, std::uint64_t k) { raw_side.run(f, k); },
          [&](std::uint64_t f, std::uint64_t k) { bare.run(f, k); },
          [&](std::uint64_t f, std::uint64_t k) { full.run(f, k); }};
      std::array<double*, 3> seconds = {&raw, &no_tree, &led};
      for (std::uint64_t first = 0, r = 0; first < n; first += round, ++r) {
        const std::uint64_t k = std::min(round, n - first);
        for (std::size_t s = 0; s < sides.size(); ++s) {
          const std::size_t which = r % 2 == 0 ? s : sides.size() - 1 - s;  // nobody always goes first
          const auto start = std::chrono::steady_clock::now();
          sides[which](first, k);
          *seconds[which] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
      }
      cpc = full.commands_per_commit();
    }
    fs::remove_all(root / "raw");
    fs::remove_all(root / "no-tree");
    if (!(*vm)["keep"].as<bool>() || batch != 1000) fs::remove_all(root);
    const double raw_rate = static_cast<double>(n) / raw, led_rate = static_cast<double>(n) / led;
    std::cout << std::fixed << std::setprecision(0) << "| " << batch << " | " << n << " | " << led_rate << " | "
              << raw_rate << " | " << std::setprecision(2) << led_rate / raw_rate << " | " << std::setprecision(0)
              << cpc << " | " << static_cast<double>(n) / no_tree << " | " << std::setprecision(1)
              << 100.0 * (1.0 - no_tree / led) << "% |" << std::endl;
  }
  return 0;
}

int cmd_bench_proofs(const Args& args) {
  const Usage usage{"bench proofs", "DIR [--count N]",
                    "Inclusion proofs for random entries of the ledger in DIR against its full size,\n"
                    "read from the stored tree nodes (each in its own read transaction, as the API\n"
                    "serves them), and their verification; prints proofs per second."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "count", po::value<std::uint64_t>()->default_value(200'000), "proofs to make");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  auto ledger = Ledger::open((*vm)["dir"].as<std::string>(), Ledger::Options{.writer = false});
  if (!ledger) throw std::runtime_error(ledger.error().to_string());
  const std::uint64_t n = (*vm)["count"].as<std::uint64_t>();
  std::uint64_t size = 0;
  crypto::Hash root{};
  {
    auto snap = (*ledger)->read();
    size = *snap->view().size();
    TreeView tree(snap->view().txn(), (*ledger)->tree_dbi());
    root = *crypto::root_at(size, tree.reader());
  }
  std::mt19937_64 rng(42);
  std::vector<std::pair<std::uint64_t, std::vector<crypto::Hash>>> proofs;
  proofs.reserve(n);
  const auto start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < n; ++i) {
    auto snap = (*ledger)->read();
    TreeView tree(snap->view().txn(), (*ledger)->tree_dbi());
    const std::uint64_t index = rng() % size;
    auto proof = crypto::inclusion_proof(index, size, tree.reader());
    if (!proof) throw std::runtime_error(proof.error().to_string());
    proofs.emplace_back(index, std::move(*proof));
  }
  const double made = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<crypto::Hash> leaves;
  {
    auto snap = (*ledger)->read();
    TreeView tree(snap->view().txn(), (*ledger)->tree_dbi());
    for (const auto& [index, proof] : proofs) leaves.push_back(**tree.node(0, index));
  }
  const auto vstart = std::chrono::steady_clock::now();
  std::uint64_t good = 0;
  for (std::size_t i = 0; i < proofs.size(); ++i)
    good += crypto::verify_inclusion(leaves[i], proofs[i].first, size, proofs[i].second, root) ? 1 : 0;
  const double checked = std::chrono::duration<double>(std::chrono::steady_clock::now() - vstart).count();
  if (good != n) throw std::runtime_error("a proof did not verify");
  std::cout << std::fixed << std::setprecision(0) << "| ledger size | proofs | made per second | verified per second |\n"
            << "|---:|---:|---:|---:|\n| " << size << " | " << n << " | " << static_cast<double>(n) / made << " | "
            << static_cast<double>(n) / checked << " |\n";
  return 0;
}

int cmd_bench(const Args& args) {
  if (!args.empty() && args[0] == "append") return cmd_bench_append(Args(args.begin() + 1, args.end()));
  if (!args.empty() && args[0] == "proofs") return cmd_bench_proofs(Args(args.begin() + 1, args.end()));
  if (!args.empty() && args[0] == "domain") return cmd_bench_domain(Args(args.begin() + 1, args.end()));
  if (!args.empty() && args[0] == "generate") return cmd_bench_generate(Args(args.begin() + 1, args.end()));
  std::cerr << "usage: dauvet bench append|proofs|domain|generate [--help]\n";
  return args.empty() || args[0] == "--help" ? (args.empty() ? 2 : 0) : 2;
}

}  // namespace dauvet::tools
