// Planning the import of a task table (BIỂU PHÂN CÔNG NHIỆM VỤ, task_table.hpp) into the
// ledger: which commands to run, and what a person must look at before or after.
//
//   auto table = read_task_table(text);
//   auto plan = plan_import(*table, {.symbol = "26-CTr/TU", .issuer = "tinh-uy"}, world);
//   for (const auto& c : plan->commands) decide + append   // or print to_json(plan->summary)
//
// Pure: it reads the World and returns commands; running them is the caller's business,
// in order, as an admin (unit.create is admin-only), against the world it was planned from:
// then every command passes decide(), so a dry run says what a real run will do.
//
// Rules:
//   - Units are matched by unit_key (vn_text.hpp): "Văn phòng Tỉnh ủy" and "Văn Phòng Tỉnh
//     ủy" are one unit. Existing units are looked for in the issuer's subtree, by current
//     or former name, nearest to the issuer first, so another province's "Văn phòng Tỉnh ủy"
//     is never taken for this one. A name not found becomes a unit.create under the issuer,
//     with an id slugged from the name ("van-phong-tinh-uy"), suffixed "-2", "-3", ... when
//     that id already belongs to a body of another name or to one outside the subtree.
//   - The directive is issued when the issuer has no directive of that symbol; then kind,
//     date, title and signer must be given. Its date is the reference of the deadline
//     grammar, so "Quý I" falls in the right year.
//   - One task.create per row whose item is not in the ledger yet; rows already imported
//     are skipped, so running the same file twice plans nothing the second time.
//   - The first body of the lead cell leads. TaskCreate has a single lead, so further
//     bodies of that cell (co-leads) coordinate, and the lead cell as written goes into
//     the notes whenever it says more than the lead's name: nothing written is dropped.
//   - A lead cell naming no body (only "các đoàn thể ...") gives a task without a lead, to
//     be assigned later, and an unreadable entry saying so.
//   - Unreadable: every problem read_task_table reported, every time frame whose schedule
//     needs review (kept raw, never guessed), every lead cell without a body, and every row
//     whose task.create fails the command's field checks (that row is left out).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "events/commands.hpp"
#include "events/task_table.hpp"
#include "events/world.hpp"

namespace dauvet::events {

struct ImportOptions {
  std::string symbol;           // as written: "26-CTr/TU"
  std::string issuer = "root";  // the issuing unit's id
  // Only read when the directive must be issued.
  std::string kind;             // directive_kinds(): "chuong_trinh"
  std::string date;             // YYYY-MM-DD
  std::string title;
  std::string signer;
};

// A cell (or row) the import could not read.
struct Unreadable {
  std::size_t line = 0;    // 1-based line of the input where the row starts
  // 1-based position, as read_task_table reports it; 0 for a cell whose position the parsed
  // table no longer knows (columns are found by header name), which `cell` then names.
  std::size_t column = 0;
  std::string cell;        // "Thời gian thực hiện", "Cơ quan chủ trì"; empty for table problems
  std::string item;        // "II.7"; empty when the row was not read
  std::string text;        // the cell as written
  std::string reason;
};

struct ImportSummary {
  std::size_t tasks = 0;             // task.create commands planned
  std::vector<std::string> units;    // names of the units to create, as first written
  std::vector<Unreadable> unreadable;
  bool directive_created = false;
  std::vector<std::string> skipped;  // items already in the ledger
};

struct ImportPlan {
  std::vector<Command> commands;  // unit.create..., directive.issue?, task.create...
  ImportSummary summary;
};

// Refuses (naming the option as the field) an issuer that is not an active unit, a symbol
// that is not one, and a directive to be issued without its kind, date, title or signer.
Result<ImportPlan> plan_import(const TaskTable& table, const ImportOptions& options, const World& world);

// {"tasks": N, "units": [...], "unreadable": [{"line", "column", "cell", "item", "text",
// "reason"}], "directive_created": bool, "skipped": [...]}
nlohmann::json to_json(const ImportSummary& summary);

}  // namespace dauvet::events
