// The inspection views over HTTP, as of any moment (readers; as_of: api/moment.hpp):
//
//   GET /v1/units/{id}/dashboard[?as_of=A]
//        the unit and its subtree as the record showed them: tasks by status, overdue
//        tasks (listed, with days overdue), completion on time, report obligations on
//        time / late / missing / not yet due, open inspections, discipline decisions
//   GET /v1/reports/{id}/compliance[?as_of=A]
//        every obliged unit of one report request: its status (pending, submitted,
//        returned, accepted, moved), on_time / late / missing / not_due, days late,
//        submissions and returns, with counts
//   GET /v1/indicators/{id}/progress[?as_of=A]
//        every reported value (unit, period) against the target: the value as a decimal,
//        met or not; scope units that reported nothing
//
// Nothing here is stored: each answer folds the temporal state rows of the moment (for
// tasks, inspections and cases, their facts rows kept under each unit: projections/facts.hpp,
// tables.hpp) and judges dates and targets with events/judgement.hpp, so "late" never goes
// stale.
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "api/handler_util.hpp"
#include "api/moment.hpp"
#include "api/routes.hpp"
#include "api/scope.hpp"
#include "events/calendar.hpp"
#include "events/judgement.hpp"
#include "events/state_json.hpp"
#include "events/streams.hpp"
#include "projections/reader.hpp"

namespace dauvet::api {
namespace {

Response view_response(const Request& req, const nlohmann::json& out, std::uint64_t at) {
  Response res = make_response(req, http::status::ok, out.dump());
  res.set("X-Ledger-Index", std::to_string(at));
  return res;
}

// The unit and every unit below it as of `at` (parents as the record showed them then).
Result<std::vector<std::string>> subtree(const projections::Reader& reader, const std::string& root, std::uint64_t at) {
  std::vector<std::string> out{root};
  for (std::size_t i = 0; i < out.size() && out.size() < 10'000; ++i) {
    auto children = reader.linked(events::unit_stream(out[i]), "unit/", at);
    if (!children) return fail(children.error());
    for (const auto& c : *children) {
      auto u = reader.facts_at(c, at);
      if (!u) return fail(u.error());
      if (*u && (*u)->kind == projections::Facts::Kind::unit && (*u)->parent == out[i]) {
        out.emplace_back(events::stream_id(c));
      }
    }
  }
  return out;
}

struct DashboardCounts {
  std::array<std::uint64_t, events::kTaskStatusCount> tasks_by_status{};
  std::map<std::string, std::uint64_t> reports;
  nlohmann::json overdue = nlohmann::json::array();
  std::uint64_t completed = 0, on_time = 0, inspections_open = 0, decisions = 0;
};

void count_task(DashboardCounts& c, std::string_view stream, const projections::Facts& t, std::int64_t judged_ms) {
  ++c.tasks_by_status[static_cast<std::size_t>(t.task_status())];
  const auto j = events::judge_task(t.task_status(), t.due.empty() ? std::nullopt : std::optional<std::string>(t.due),
                                    t.completed_ms, judged_ms);
  if (j.overdue) c.overdue.push_back({{"stream", stream}, {"lead", t.lead}, {"due", *j.due}, {"days_overdue", j.days_overdue}});
  if (j.completed) {
    ++c.completed;
    // Work with no single due date (recurring, undated) cannot be late.
    if (j.completed_on_time.value_or(true)) ++c.on_time;
  }
}

Result<Response> dashboard(const Request& req, const Principal& who, const LedgerView& view, const projections::Tables& tables,
                           std::uint64_t size, const std::string& id) {
  auto when = moment_of(req, view, size);
  if (!when) return fail(when.error());
  projections::Reader reader(view, tables);
  if (auto in = ReadScope(who, reader, when->at).check_unit(id); !in) return fail(in.error());
  auto root = reader.get<events::UnitState>(events::unit_stream(id), when->at);
  if (!root) return fail(root.error());
  if (!*root) return fail(Errc::not_found, "unit '" + id + "' did not exist as of index " + std::to_string(when->at), "id");
  auto units = subtree(reader, id, when->at);
  if (!units) return fail(units.error());
  DashboardCounts c;
  for (auto name : events::kTimelinessNames) c.reports[std::string(name)] = 0;
  const std::set<std::string, std::less<>> members(units->begin(), units->end());
  // Tasks, inspections and cases by the facts kept under each unit: one scan of the unit's
  // rows, a few bytes each. A task is kept under its lead alone; an inspection or a case
  // that relates to several units of the subtree is counted once.
  std::vector<projections::StreamFacts> facts;
  std::vector<std::pair<std::string_view, bool>> others;  // inspection open, case decided
  for (const auto& unit : *units) {
    facts.clear();
    if (auto r = reader.unit_facts(events::unit_stream(unit), when->at, facts); !r) return fail(r.error());
    for (const auto& [stream, f] : facts) {
      switch (f.kind) {
        case projections::Facts::Kind::task: count_task(c, stream, f, when->judged_ms); break;
        case projections::Facts::Kind::inspection: others.emplace_back(stream, f.inspection_open()); break;
        case projections::Facts::Kind::discipline_case: others.emplace_back(stream, f.decided()); break;
        case projections::Facts::Kind::unit: break;
      }
    }
  }
  if (units->size() > 1) {
    std::sort(others.begin(), others.end());
    others.erase(std::unique(others.begin(), others.end()), others.end());
    // One list in stream order, as for a single unit.
    std::sort(c.overdue.begin(), c.overdue.end(),
              [](const nlohmann::json& a, const nlohmann::json& b) { return a["stream"] < b["stream"]; });
  }
  for (const auto& [stream, yes] : others) {
    if (!yes) continue;
    ++(stream.starts_with("inspection/") ? c.inspections_open : c.decisions);
  }
  // Report requests whole, since their obligations are what is counted; each once, though
  // a province's obliges hundreds of units.
  std::vector<std::string_view> reports;
  for (const auto& unit : *units) {
    if (auto r = reader.linked_views(events::unit_stream(unit), "report/", when->at, reports); !r) return fail(r.error());
  }
  if (units->size() > 1) {
    std::sort(reports.begin(), reports.end());
    reports.erase(std::unique(reports.begin(), reports.end()), reports.end());
  }
  for (const auto stream : reports) {
    auto r = reader.get<events::ReportState>(stream, when->at);
    if (!r) return fail(r.error());
    if (!*r) continue;
    for (const auto& [unit, o] : (*r)->obligations) {
      if (!members.contains(unit)) continue;
      ++c.reports[std::string(events::timeliness_name(events::judge_obligation((*r)->due, o, when->judged_ms).timeliness))];
    }
  }
  c.reports.erase("moved");  // passed on to a successor unit: counted there
  std::map<std::string, std::uint64_t> tasks_by_status;  // the statuses seen, by name
  for (std::size_t s = 0; s < c.tasks_by_status.size(); ++s) {
    const auto status = static_cast<events::TaskStatus>(s);
    if (c.tasks_by_status[s] > 0) tasks_by_status[std::string(events::task_status_name(status))] = c.tasks_by_status[s];
  }
  const nlohmann::json out = {{"unit", id},
                              {"name", (*root)->name},
                              {"index", when->at},
                              {"units", *units},
                              {"tasks", tasks_by_status},
                              {"overdue", std::move(c.overdue)},
                              {"completed", c.completed},
                              {"completed_on_time", c.on_time},
                              {"reports", c.reports},
                              {"open_inspections", c.inspections_open},
                              {"discipline_decisions", c.decisions}};
  return view_response(req, out, when->at);
}

Result<Response> report_compliance(const Request& req, const Principal& who, const LedgerView& view, const projections::Tables& tables,
                                   std::uint64_t size, const std::string& id) {
  auto when = moment_of(req, view, size);
  if (!when) return fail(when.error());
  projections::Reader reader(view, tables);
  if (auto in = ReadScope(who, reader, when->at).check_stream(events::report_stream(id)); !in) return fail(in.error());
  auto r = reader.get<events::ReportState>(events::report_stream(id), when->at);
  if (!r) return fail(r.error());
  if (!*r) return fail(Errc::not_found, "report request '" + id + "' did not exist as of index " + std::to_string(when->at), "id");
  const events::ReportState& report = **r;
  std::map<std::string, std::uint64_t> counts;
  for (auto name : events::kTimelinessNames) counts[std::string(name)] = 0;
  std::uint64_t returned = 0, accepted = 0;
  nlohmann::json units = nlohmann::json::array();
  for (const auto& [unit, o] : report.obligations) {
    const auto j = events::judge_obligation(report.due, o, when->judged_ms);
    ++counts[std::string(events::timeliness_name(j.timeliness))];
    returned += o.status == events::ObligationStatus::returned ? 1 : 0;
    accepted += o.status == events::ObligationStatus::accepted ? 1 : 0;
    nlohmann::json u = {{"unit", unit},
                        {"status", events::obligation_status_name(o.status)},
                        {"timeliness", events::timeliness_name(j.timeliness)},
                        {"days_late", j.days_late},
                        {"submissions", o.submissions},
                        {"returns", o.returns}};
    if (o.submissions > 0) {
      u["first_submitted"] = events::calendar::vn_date(o.first_submitted_ms);
      u["last_submitted"] = events::calendar::vn_date(o.last_submitted_ms);
      u["last_submission_index"] = o.last_submission_index;
      u["number"] = o.number;
    }
    if (!o.moved_to.empty()) u["moved_to"] = o.moved_to;
    units.push_back(std::move(u));
  }
  counts["returned"] = returned;
  counts["accepted"] = accepted;
  const nlohmann::json out = {{"report", id},         {"kind", report.kind}, {"title", report.title},
                              {"period", report.period}, {"due", report.due},   {"to", report.to},
                              {"index", when->at},     {"judged_on", events::calendar::vn_date(when->judged_ms)},
                              {"counts", counts},      {"units", std::move(units)}};
  return view_response(req, out, when->at);
}

Result<Response> indicator_progress(const Request& req, const Principal& who, const LedgerView& view, const projections::Tables& tables,
                                    std::uint64_t size, const std::string& id) {
  auto when = moment_of(req, view, size);
  if (!when) return fail(when.error());
  projections::Reader reader(view, tables);
  if (auto in = ReadScope(who, reader, when->at).check_stream(events::indicator_stream(id)); !in) return fail(in.error());
  auto s = reader.get<events::IndicatorState>(events::indicator_stream(id), when->at);
  if (!s) return fail(s.error());
  if (!*s) return fail(Errc::not_found, "indicator '" + id + "' did not exist as of index " + std::to_string(when->at), "id");
  const events::IndicatorState& ind = **s;
  std::uint64_t met = 0, not_met = 0;
  std::set<std::string> reporting;
  nlohmann::json values = nlohmann::json::array();
  for (const auto& [key, v] : ind.values) {
    const bool ok = events::meets_target(ind, v.value);
    ++(ok ? met : not_met);
    reporting.insert(v.unit);
    values.push_back({{"unit", v.unit},
                      {"period", v.period},
                      {"value", events::to_json(v.value)},
                      {"decimal", events::decimal_text(events::as_fraction(v.value, ind.unit_of_measure), 2)},
                      {"met", ok},
                      {"index", v.index},
                      {"restatements", v.restatements},
                      {"report", v.report}});
  }
  nlohmann::json silent = nlohmann::json::array();
  for (const auto& u : ind.scope_units)
    if (!reporting.contains(u)) silent.push_back(u);
  const nlohmann::json out = {
      {"indicator", id},
      {"title", ind.title},
      {"comparator", ind.comparator},
      {"target", events::to_json(ind.target)},
      {"target_decimal", events::decimal_text(events::as_fraction(ind.target, ind.unit_of_measure), 2)},
      {"unit_of_measure", ind.unit_of_measure},
      {"period", ind.period},
      {"index", when->at},
      {"counts", {{"met", met}, {"not_met", not_met}}},
      {"values", std::move(values)},
      {"not_reported", std::move(silent)}};
  return view_response(req, out, when->at);
}

using ViewFn = Result<Response> (*)(const Request&, const Principal&, const LedgerView&, const projections::Tables&, std::uint64_t,
                                    const std::string&);

void add_view(Router& router, const char* pattern, const char* name, ViewFn fn) {
  router.add(http::verb::get, pattern, name, Access::reader,
             [fn](const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               const std::string id = params.at("id");
               on_projections(req, s, r, [&](const LedgerView& v, const projections::Tables& t, std::uint64_t n) {
                 return fn(req, who, v, t, n, id);
               });
             });
}

}  // namespace

void add_view_routes(Router& router) {
  add_view(router, "/v1/units/{id}/dashboard", "unit_dashboard", dashboard);
  add_view(router, "/v1/reports/{id}/compliance", "report_compliance", report_compliance);
  add_view(router, "/v1/indicators/{id}/progress", "indicator_progress", indicator_progress);
}

}  // namespace dauvet::api
