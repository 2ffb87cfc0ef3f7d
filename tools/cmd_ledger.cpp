// init, append, log: creating a ledger and working with its entries from the shell.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "core/canonical_json.hpp"
#include "core/identity.hpp"
#include "core/ledger.hpp"
#include "tools/writer.hpp"
#include "tools/cli.hpp"

namespace dauvet::tools {

int cmd_init(const Args& args) {
  const Usage usage{"init", "DIR [--origin NAME]",
                    "Creates a new ledger in DIR (made if missing) with an Ed25519 signing key\n"
                    "(DIR/signing.key, mode 0600), records the key as the ledger's first entry,\n"
                    "signs the first checkpoint and prints the verifier key to publish:\n"
                    "  NAME+KEYID+BASE64KEY\n"
                    "It also records the root unit (id `root`) and a first admin actor (id `admin`),\n"
                    "so the ledger can be used at once (tokens: dauvet token create).\n"
                    "Refuses a directory that already holds a ledger."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "origin", po::value<std::string>()->default_value("dauvet.example/ledger"),
      "checkpoint origin and key name, e.g. dauvet.hungyen.example/ledger")(
      "root-name", po::value<std::string>()->default_value("Tỉnh ủy"), "the root unit's name as written")(
      "root-kind", po::value<std::string>()->default_value("cap_uy"), "the root unit's kind");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  const std::string dir = (*vm)["dir"].as<std::string>();
  if (std::filesystem::exists(std::filesystem::path(dir) / "data.mdb")) {
    std::cerr << "dauvet init: '" << dir << "' already holds a ledger\n";
    return 1;
  }
  auto w = open_writer(dir, {}, (*vm)["origin"].as<std::string>());
  if (!w) {
    std::cerr << "dauvet init: " << w.error().to_string() << '\n';
    return 1;
  }
  if (auto r = record_root(*w, (*vm)["root-name"].as<std::string>(), (*vm)["root-kind"].as<std::string>()); !r) {
    std::cerr << "dauvet init: " << r.error().to_string() << '\n';
    return 1;
  }
  auto snap = w->ledger->read();
  auto keys = snap ? recorded_verifier_keys(snap->view()) : fail(snap.error());
  if (!keys || keys->empty()) {
    std::cerr << "dauvet init: the key was not recorded\n";
    return 1;
  }
  std::cout << crypto::format_verifier_key(keys->back().name, keys->back().public_key) << '\n';
  return 0;
}

int cmd_append(const Args& args) {
  const Usage usage{"append", "DIR --stream S --type T --payload JSON [--expected-version N] [--idempotency-key K]",
                    "Appends one entry as the local operator and prints its index, stream version and\n"
                    "time as JSON. The payload must be JSON without floats or duplicate keys; it is\n"
                    "stored in canonical form. Fails (exit 1) if another process is writing."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "stream", po::value<std::string>()->required(), "stream name, e.g. task/26-CTr/TU/I.3")(
      "type", po::value<std::string>()->required(), "event type, e.g. task.started")(
      "payload", po::value<std::string>()->required(), "payload JSON")(
      "expected-version", po::value<std::uint64_t>(), "refuse unless the stream is at this version (0: new)")(
      "idempotency-key", po::value<std::string>(), "a repeat with the same key writes nothing");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;

  auto payload = Payload::parse((*vm)["payload"].as<std::string>());
  if (!payload) {
    std::cerr << "dauvet append: " << payload.error().to_string() << '\n';
    return 2;
  }
  auto w = open_writer((*vm)["dir"].as<std::string>(), {});
  if (!w) {
    std::cerr << "dauvet append: " << w.error().to_string() << '\n';
    return 1;
  }
  AppendRequest req{(*vm)["stream"].as<std::string>(), std::nullopt, (*vm)["type"].as<std::string>(),
                    std::move(*payload), {}};
  if (vm->count("expected-version") != 0u) req.expected_version = (*vm)["expected-version"].as<std::uint64_t>();
  std::optional<std::string> key;
  if (vm->count("idempotency-key") != 0u) key = (*vm)["idempotency-key"].as<std::string>();
  auto result = w->ledger->append(std::move(req), operator_actor(), key).get();
  if (!result) {
    std::cerr << "dauvet append: " << result.error().to_string() << '\n';
    return 1;
  }
  const Appended& a = result->entries.front();
  nlohmann::json out{{"index", a.index}, {"version", a.version}, {"stream", a.stream},
                     {"recorded_at", a.recorded_at}, {"duplicate", result->duplicate}};
  std::cout << out.dump() << '\n';
  return 0;
}

int cmd_log(const Args& args) {
  const Usage usage{"log", "DIR [--from I] [--limit N]",
                    "Prints entries in ledger order, one JSON object per line:\n"
                    "  {\"entry\":<entry, as stored>,\"payload\":<payload, or null once erased>}"};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "from", po::value<std::uint64_t>()->default_value(0), "first index")(
      "limit", po::value<std::uint64_t>(), "at most this many entries");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  auto ledger = Ledger::open((*vm)["dir"].as<std::string>(), Ledger::Options{.writer = false});
  if (!ledger) {
    std::cerr << "dauvet log: " << ledger.error().to_string() << '\n';
    return 1;
  }
  auto snap = (*ledger)->read();
  if (!snap) {
    std::cerr << "dauvet log: " << snap.error().to_string() << '\n';
    return 1;
  }
  auto cursor = lmdb::Cursor::open(snap->view().txn(), snap->view().dbs().entries);
  std::uint64_t left = vm->count("limit") != 0u ? (*vm)["limit"].as<std::uint64_t>() : ~std::uint64_t{0};
  std::string line;
  for (auto it = cursor->seek(keys::u64((*vm)["from"].as<std::uint64_t>())); it && *it && left > 0;
       it = cursor->next(), --left) {
    auto payload = (*snap)->payload(keys::read_u64((*it)->key));
    line.assign("{\"entry\":").append((*it)->value).append(",\"payload\":");
    line.append(payload && *payload ? **payload : std::string_view("null")).append("}\n");
    std::cout << line;
  }
  return 0;
}

}  // namespace dauvet::tools
