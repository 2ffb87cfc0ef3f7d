// dauvet import: a directive's task table (BIỂU PHÂN CÔNG NHIỆM VỤ) into the ledger.
#include <fstream>
#include <iostream>
#include <sstream>

#include "events/import_plan.hpp"
#include "events/task_table.hpp"
#include "projections/domain_writer.hpp"
#include "projections/ledger_world.hpp"
#include "tools/cli.hpp"
#include "tools/writer.hpp"

namespace dauvet::tools {

int cmd_import(const Args& args) {
  const Usage usage{
      "import", "DIR FILE --directive SYMBOL [--issuer UNIT] [--kind K --date D --title T --signer S] [--dry-run]",
      "Reads a task table (tab-separated as copied from Word or a spreadsheet, or CSV; repeated header\n"
      "rows, section rows I/II and multi-line cells are understood) and records what is missing: units by\n"
      "name (letter case and spacing do not make a new unit), the directive when the issuer has none of\n"
      "that symbol (then --kind, --date, --title and --signer are needed), and one task per row with its\n"
      "lead, coordinating units and parsed time frame. Importing the same file twice creates nothing.\n"
      "--dry-run prints the JSON summary {tasks, units, unreadable, ...} and writes nothing; a real run\n"
      "prints the same summary after writing."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "file", po::value<std::string>()->required(), "the task table")(
      "directive", po::value<std::string>()->required(), "the directive's symbol as written, e.g. 26-CTr/TU")(
      "issuer", po::value<std::string>()->default_value("root"), "the issuing unit's id")(
      "kind", po::value<std::string>()->default_value(""), "directive kind, when it must be created")(
      "date", po::value<std::string>()->default_value(""), "directive date YYYY-MM-DD, when it must be created")(
      "title", po::value<std::string>()->default_value(""), "directive title, when it must be created")(
      "signer", po::value<std::string>()->default_value(""), "directive signer, when it must be created")(
      "dry-run", po::bool_switch(), "print the summary, write nothing");
  po::positional_options_description pos;
  pos.add("dir", 1).add("file", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  auto arg = [&](const char* name) { return (*vm)[name].as<std::string>(); };

  std::ifstream in(arg("file"), std::ios::binary);
  if (!in) {
    std::cerr << "dauvet import: cannot read '" << arg("file") << "'\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto table = events::read_task_table(text.str());
  if (!table) {
    std::cerr << "dauvet import: " << arg("file") << ": " << table.error().to_string() << '\n';
    return 1;
  }
  auto w = open_writer(arg("dir"), {}, {}, stderr_progress());
  if (!w) {
    std::cerr << "dauvet import: " << w.error().to_string() << '\n';
    return 1;
  }
  const events::ImportOptions io{arg("directive"), arg("issuer"), arg("kind"), arg("date"), arg("title"), arg("signer")};
  Result<events::ImportPlan> plan = fail(Errc::internal, "not planned");
  {
    auto snap = w->ledger->read();
    if (!snap) return std::cerr << "dauvet import: " << snap.error().to_string() << '\n', 1;
    auto tables = w->projector->tables_for(snap->view().txn());
    if (!tables) return std::cerr << "dauvet import: " << tables.error().to_string() << '\n', 1;
    projections::LedgerWorld world(snap->view(), *tables);
    plan = events::plan_import(*table, io, world);
    if (world.error()) plan = fail(*world.error());
  }
  if (!plan) {
    std::cerr << "dauvet import: " << plan.error().to_string() << '\n';
    return 1;
  }
  if ((*vm)["dry-run"].as<bool>()) {
    std::cout << events::to_json(plan->summary).dump(2) << '\n';
    return 0;
  }
  const Actor op = operator_actor();
  const events::Actor as{op.id, op.unit, op.role};
  // One command at a time, in order: each later one depends on the units and directive the
  // earlier ones create, and a refusal stops the import where it happened.
  std::size_t n = 0;
  for (auto& command : plan->commands) {
    const std::string type(events::command_type(command));
    auto r = execute(*w, as, std::move(command));
    if (!r) {
      std::cerr << "dauvet import: command " << n + 1 << " of " << plan->commands.size() << " (" << type
                << ") refused: " << r.error().to_string() << "\n(" << n << " written before it)\n";
      return 1;
    }
    ++n;
  }
  std::cout << events::to_json(plan->summary).dump(2) << '\n';
  return 0;
}

}  // namespace dauvet::tools
