#include "events/import_plan.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "events/deadline.hpp"
#include "events/fields.hpp"
#include "events/streams.hpp"
#include "events/vn_text.hpp"

namespace dauvet::events {

namespace {

// Leaves room under field::kIdMax for a "-NN" suffix.
constexpr std::size_t kSlugMax = 48;

// "Văn phòng Tỉnh ủy" -> "van-phong-tinh-uy": an id a person can read in a URL or a log.
std::string slug(std::string_view name) {
  std::string out;
  for (const char c : fold_ascii(name)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  if (out.size() > kSlugMax) {
    // Cut at a word boundary when there is one, so the id does not end mid-word.
    const std::size_t cut = out.rfind('-', kSlugMax);
    out.resize(cut != std::string::npos && cut > kSlugMax / 2 ? cut : kSlugMax);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "don-vi" : out;
}

struct KindRule {
  std::string_view prefix;  // folded, a whole word or words
  std::string_view kind;
};

// The kind only describes a unit (no rule depends on it), so a name nothing matches is
// "khac" rather than a guess; first match wins, most specific first.
constexpr auto kKindRules = std::to_array<KindRule>({
    {"uy ban kiem tra", "uy_ban_kiem_tra"}, {"uy ban nhan dan", "ubnd"},   {"ubnd", "ubnd"},
    {"hoi dong nhan dan", "hdnd"},          {"hdnd", "hdnd"},              {"ban chi dao", "ban_chi_dao"},
    {"dang doan", "to_chuc_dang"},          {"ban can su dang", "to_chuc_dang"},
    {"dang uy", "to_chuc_dang"},            {"dang bo", "to_chuc_dang"},   {"chi bo", "to_chuc_dang"},
    {"tinh uy", "cap_uy"},                  {"huyen uy", "cap_uy"},        {"thanh uy", "cap_uy"},
    {"thi uy", "cap_uy"},                   {"mat tran", "mttq_doan_the"}, {"ubmttq", "mttq_doan_the"},
    {"ban thuong vu tinh doan", "mttq_doan_the"}, {"tinh doan", "mttq_doan_the"},
    {"lien doan lao dong", "mttq_doan_the"}, {"hoi", "mttq_doan_the"},    {"so", "co_quan_nha_nuoc"},
    {"cong an", "co_quan_nha_nuoc"},        {"thanh tra", "co_quan_nha_nuoc"},
    {"truong", "don_vi_su_nghiep"},         {"trung tam", "don_vi_su_nghiep"}, {"bao", "bao_chi"},
    {"dai", "bao_chi"},                     {"cong ty", "doanh_nghiep"},   {"tong cong ty", "doanh_nghiep"},
});

bool starts_with_words(const std::string& folded, std::string_view words) {
  return folded.starts_with(words) && (folded.size() == words.size() || folded[words.size()] == ' ');
}

std::string unit_kind(std::string_view name) {
  const std::string f = fold_ascii(name);
  // "Ban Tổ chức Tỉnh ủy", "Văn phòng Tỉnh ủy": the committee's own departments.
  const bool of_committee = f.ends_with(" uy") || f.find(" uy ") != std::string::npos;
  if ((starts_with_words(f, "ban") || starts_with_words(f, "van phong")) && of_committee &&
      f.find("uy ban") == std::string::npos && !starts_with_words(f, "ban thuong vu")) {
    return "ban_dang";
  }
  for (const auto& rule : kKindRules) {
    if (starts_with_words(f, rule.prefix)) return std::string(rule.kind);
  }
  return "khac";
}

// Finds or plans the unit each name in the table stands for; see the header for the rules.
class UnitResolver {
 public:
  UnitResolver(const World& world, std::string issuer) : world_(world), issuer_(std::move(issuer)) {
    // Breadth first from the issuer: of two units with one name, the nearer one wins.
    std::deque<std::string> queue{issuer_};
    std::set<std::string> visited;
    while (!queue.empty()) {
      std::string id = std::move(queue.front());
      queue.pop_front();
      if (!visited.insert(id).second) continue;
      if (const auto unit = world_.unit(id)) {
        known_.emplace(unit_key(unit->name), id);
        for (const auto& former : unit->former_names) known_.emplace(unit_key(former), id);
      }
      for (auto& child : world_.children(id)) queue.push_back(std::move(child));
    }
  }

  // The unit id for a name; nullopt when the name cannot be a unit's name.
  std::optional<std::string> resolve(const std::string& name) {
    const std::string key = unit_key(name);
    if (const auto it = known_.find(key); it != known_.end()) return it->second;
    if (!field::line(name, "name")) return std::nullopt;
    const std::string base = slug(name);
    std::string id = base;
    for (int n = 2; planned_ids_.count(id) > 0 || world_.unit(id); ++n) id = base + "-" + std::to_string(n);
    planned_ids_.insert(id);
    known_.emplace(key, id);
    creates_.push_back(UnitCreate{id, name, unit_kind(name), issuer_});
    return id;
  }

  const std::vector<UnitCreate>& creates() const { return creates_; }

 private:
  const World& world_;
  std::string issuer_;
  std::map<std::string, std::string> known_;  // unit_key -> id, existing and planned
  std::set<std::string> planned_ids_;
  std::vector<UnitCreate> creates_;
};

Unreadable cell_problem(const TaskRow& row, std::string_view cell, const std::string& text, std::string reason) {
  return Unreadable{row.line, 0, std::string(cell), row.item, text, std::move(reason)};
}

// A schedule for the row, or null when the time frame is empty; reports what needs review.
nlohmann::json schedule_of(const TaskRow& row, const std::optional<Date>& reference, ImportSummary& summary) {
  constexpr std::string_view kCell = "Thời gian thực hiện";
  if (row.time_frame.empty()) {
    summary.unreadable.push_back(cell_problem(row, kCell, row.time_frame, "no time frame: the task has no deadline"));
    return nullptr;
  }
  const Schedule s = parse_deadline(row.time_frame, reference);
  if (s.needs_review) {
    summary.unreadable.push_back(cell_problem(row, kCell, row.time_frame,
                                              "the time frame needs review (kept as written): " + s.review_reason));
  }
  return to_json(s);
}

// The column a TaskCreate field came from, for a person fixing the spreadsheet.
std::pair<std::string_view, std::string> cell_of(const TaskRow& row, std::string_view field) {
  if (field == "content") return {"Nội dung nhiệm vụ", row.content};
  if (field == "coordinators_text") return {"Cơ quan phối hợp", row.coordinating};
  if (field.starts_with("time_frame")) return {"Thời gian thực hiện", row.time_frame};
  if (field == "notes") return {"Ghi chú", row.notes};
  return {"TT", row.item};
}

void add_unique(std::vector<std::string>& ids, const std::string& id, const std::string& lead) {
  if (id != lead && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

// The lead, co-leads and coordinators of a row, as unit ids.
void fill_units(const TaskRow& row, UnitResolver& units, TaskCreate& task, ImportSummary& summary) {
  std::vector<std::string> bodies;  // of the lead cell, in order
  for (const auto& name : row.lead_units) {
    if (auto id = units.resolve(name)) {
      bodies.push_back(std::move(*id));
    } else {
      summary.unreadable.push_back(cell_problem(row, "Cơ quan chủ trì", name, "not a unit name"));
    }
  }
  if (!bodies.empty()) task.lead = bodies.front();
  for (std::size_t i = 1; i < bodies.size(); ++i) add_unique(task.coordinators, bodies[i], task.lead);
  for (const auto& name : row.coordinating_units) {
    if (auto id = units.resolve(name)) {
      add_unique(task.coordinators, *id, task.lead);
    } else {
      summary.unreadable.push_back(cell_problem(row, "Cơ quan phối hợp", name, "not a unit name"));
    }
  }
  const bool only_the_lead = row.lead_units.size() == 1 && row.lead_free_text.empty();
  if (!row.lead.empty() && !only_the_lead) {
    task.notes += (task.notes.empty() ? "" : "\n") + std::string("Cơ quan chủ trì: ") + row.lead;
  }
}

Result<std::optional<DirectiveState>> find_directive(const ImportOptions& o, const World& world) {
  const auto issuer = world.unit(o.issuer);
  if (!issuer) return fail(Errc::not_found, "unit '" + o.issuer + "' is not in the ledger", "issuer");
  if (!issuer->active()) {
    return fail(Errc::invalid_state, "unit '" + o.issuer + "' was " + std::string(unit_status_name(issuer->status)),
                "issuer");
  }
  DAUVET_TRY(field::symbol(o.symbol, "symbol"));
  return world.directive(o.issuer, o.symbol);
}

}  // namespace

Result<ImportPlan> plan_import(const TaskTable& table, const ImportOptions& options, const World& world) {
  auto directive = find_directive(options, world);
  if (!directive) return fail(directive.error());
  ImportPlan plan;
  ImportSummary& summary = plan.summary;
  std::optional<DirectiveIssue> issue;
  std::optional<Date> reference;
  if (*directive) {
    reference = Date::parse_iso((*directive)->date);
  } else {
    issue.emplace();
    issue->issuer = options.issuer;
    issue->symbol = options.symbol;
    issue->kind = options.kind;
    issue->date = options.date;
    issue->title = options.title;
    issue->signer = options.signer;
    DAUVET_TRY(check_command(Command{*issue}));
    reference = Date::parse_iso(options.date);
    summary.directive_created = true;
  }

  for (const auto& p : table.problems) summary.unreadable.push_back(Unreadable{p.line, p.column, {}, {}, {}, p.message});
  UnitResolver units(world, options.issuer);
  std::vector<Command> tasks;
  for (const auto& row : table.rows) {
    TaskCreate task;
    task.task = TaskRef{options.issuer, options.symbol, row.item};
    task.section = row.section;
    task.content = row.content;
    task.coordinators_text = row.coordinating;
    task.time_frame_raw = row.time_frame;
    task.notes = row.notes;
    task.schedule = schedule_of(row, reference, summary);
    if (row.lead_units.empty()) {
      summary.unreadable.push_back(cell_problem(row, "Cơ quan chủ trì", row.lead,
                                                "no unit named as lead: the task is created without one; assign it"));
    }
    if (*directive && world.task(task.task.stream())) {
      summary.skipped.push_back(row.item);
      continue;
    }
    // Checked before units are resolved, so a row left out plans no unit for itself.
    if (auto ok = check_command(Command{task}); !ok) {
      const auto [cell, text] = cell_of(row, ok.error().field);
      summary.unreadable.push_back(
          Unreadable{row.line, 0, std::string(cell), row.item, text, "the row is not imported: " + ok.error().message});
      continue;
    }
    fill_units(row, units, task, summary);
    tasks.emplace_back(std::move(task));
  }

  // One reading order for table problems and cell problems, as a person goes down the file.
  std::stable_sort(summary.unreadable.begin(), summary.unreadable.end(),
                   [](const Unreadable& a, const Unreadable& b) { return a.line < b.line; });
  for (const auto& create : units.creates()) {
    summary.units.push_back(create.name);
    plan.commands.emplace_back(create);
  }
  if (issue) plan.commands.emplace_back(std::move(*issue));
  summary.tasks = tasks.size();
  for (auto& t : tasks) plan.commands.push_back(std::move(t));
  return plan;
}

nlohmann::json to_json(const ImportSummary& s) {
  nlohmann::json unreadable = nlohmann::json::array();
  for (const auto& u : s.unreadable) {
    unreadable.push_back({{"line", u.line}, {"column", u.column}, {"cell", u.cell}, {"item", u.item},
                          {"text", u.text}, {"reason", u.reason}});
  }
  return {{"tasks", s.tasks}, {"units", s.units}, {"unreadable", std::move(unreadable)},
          {"directive_created", s.directive_created}, {"skipped", s.skipped}};
}

}  // namespace dauvet::events
