// rebuild, exec: the domain from the shell. `exec` runs domain commands from an NDJSON
// file through the same decide() the API uses; the demo data of the README's run command
// is made this way.
#include <chrono>
#include <fstream>
#include <iostream>
#include <limits>

#include "core/canonical_json.hpp"
#include "events/state_json.hpp"
#include "projections/domain_writer.hpp"
#include "projections/reader.hpp"
#include "tools/cli.hpp"
#include "tools/writer.hpp"

namespace dauvet::tools {

int cmd_rebuild(const Args& args) {
  const Usage usage{"rebuild", "DIR",
                    "Fills a fresh generation of the projection tables from every entry of the ledger,\n"
                    "then switches to it in one transaction; readers use the old tables until then.\n"
                    "Needs the writer lock: stop a server writing to DIR first. Prints progress to\n"
                    "stderr and `rebuilt N entries in S s (R entries/s)`."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  auto w = open_writer((*vm)["dir"].as<std::string>(), {}, {}, stderr_progress());
  if (!w) {
    std::cerr << "dauvet rebuild: " << w.error().to_string() << '\n';
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  std::uint64_t total = 0;
  auto progress = stderr_progress();
  auto r = w->projector->rebuild(*w->ledger, [&](const projections::RebuildProgress& p) {
    total = p.total;
    progress(p);
  });
  if (!r) {
    std::cerr << "dauvet rebuild: " << r.error().to_string() << '\n';
    return 1;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "rebuilt " << total << " entries in " << s << " s ("
            << static_cast<std::uint64_t>(s > 0 ? static_cast<double>(total) / s : 0) << " entries/s)\n";
  return 0;
}

namespace {

// "as": a registered actor id; its unit and role come from the register, not from the file.
Result<events::Actor> resolve_actor(const Writer& w, const std::string& id) {
  auto snap = w.ledger->read();
  if (!snap) return fail(snap.error());
  auto tables = w.projector->tables_for(snap->view().txn());
  if (!tables) return fail(tables.error());
  projections::Reader reader(snap->view(), *tables);
  auto state = reader.get<events::ActorState>(events::actor_stream(id), std::numeric_limits<std::uint64_t>::max());
  if (!state) return fail(state.error());
  if (!*state) return fail(Errc::not_found, "actor '" + id + "' is not registered", "as");
  return events::Actor{id, (*state)->unit, (*state)->role};
}

}  // namespace

int cmd_exec(const Args& args) {
  const Usage usage{"exec", "DIR FILE",
                    "Runs domain commands from FILE, one JSON object per line:\n"
                    "  {\"type\": \"task.acknowledge\", \"body\": {...}, \"as\": \"clerk-1\", \"key\": \"...\"}\n"
                    "`as` names a registered actor (unit and role come from the register); without\n"
                    "it the command runs as the local operator (admin of root). `key` is an\n"
                    "Idempotency-Key: a file run twice with keys writes nothing the second time.\n"
                    "Stops at the first refused command and names its line; `-` reads stdin."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "file", po::value<std::string>()->required(), "NDJSON commands");
  po::positional_options_description pos;
  pos.add("dir", 1).add("file", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  const std::string file = (*vm)["file"].as<std::string>();
  std::ifstream in_file;
  if (file != "-") {
    in_file.open(file);
    if (!in_file) {
      std::cerr << "dauvet exec: cannot read '" << file << "'\n";
      return 1;
    }
  }
  std::istream& in = file == "-" ? std::cin : in_file;
  auto w = open_writer((*vm)["dir"].as<std::string>(), {}, {}, stderr_progress());
  if (!w) {
    std::cerr << "dauvet exec: " << w.error().to_string() << '\n';
    return 1;
  }
  std::string line;
  std::size_t n = 0, written = 0, repeated = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line.front() == '#') continue;
    auto refuse = [&](const std::string& why) {
      std::cerr << "dauvet exec: line " << n << ": " << why << '\n';
      return 1;
    };
    auto parsed = canonical::parse_input(line);
    if (!parsed) return refuse(parsed.error().message);
    nlohmann::json& j = *parsed;
    if (!j.is_object()) return refuse("not a JSON object");
    if (!j.contains("type") || !j["type"].is_string()) return refuse("\"type\" must be a command type");
    const std::string type = j["type"];
    auto command = events::decode_command(type, j.value("body", nlohmann::json::object()));
    if (!command) return refuse(command.error().to_string());
    const Actor op = operator_actor();
    events::Actor actor{op.id, op.unit, op.role};
    if (j.contains("as")) {
      if (!j["as"].is_string()) return refuse("\"as\" must be an actor id");
      auto resolved = resolve_actor(*w, j["as"]);
      if (!resolved) return refuse(resolved.error().to_string());
      actor = *resolved;
    }
    projections::DomainCommand dc{actor, std::move(*command), {}, {}, {}};
    if (j.contains("key")) {
      if (!j["key"].is_string()) return refuse("\"key\" must be a string");
      dc.idempotency_key = j["key"].get<std::string>();
      dc.fingerprint = projections::fingerprint_of(type, j.value("body", nlohmann::json::object()));
    }
    auto ledger_command = projections::to_ledger_command(w->projector, std::move(dc));
    if (!ledger_command) return refuse(ledger_command.error().to_string());
    auto result = w->ledger->submit(std::move(*ledger_command)).get();
    if (!result) return refuse(result.error().to_string());
    (result->duplicate ? repeated : written) += result->entries.size();
  }
  std::cout << "ok " << written << " entries written, " << repeated << " already there\n";
  return 0;
}

}  // namespace dauvet::tools
