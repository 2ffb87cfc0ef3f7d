// The projections over HTTP, as of any moment (readers):
//
//   GET /v1/state?stream=S[&as_of=A]             {"stream","index","version_index","state"}
//        the state of one aggregate (task/..., unit/..., report/..., ...) as the record
//        showed it; tasks add "overdue" and "due", judged at that moment
//   GET /v1/timeline?subject=S[&as_of=A][&after=I][&limit=N]
//        {"subject","index","items":[{index,stream,type,actor,recorded_at}],"next_after"}
//        every entry that touched S, in order
//   GET /v1/actors/{id}/activity[?as_of&after&limit]   the same shape, everything id wrote
//   GET /v1/units/{id}/dashboard[?as_of=A]       the unit and its subtree as of A: tasks by
//        status, overdue tasks (listed), on-time completion, report obligations on time /
//        late / missing, open inspections and discipline decisions about its units
//
// as_of is a ledger index or an RFC 3339 time. The rule (projections/reader.hpp): entries
// after that moment do not exist for the answer; a time means the last entry recorded at
// or before it, and "overdue" is judged at that time (at the recorded time of the entry
// when an index is given, at the request's time when as_of is absent). "index" in every
// answer, and X-Ledger-Index, is the last entry the answer reflects.
#include <charconv>
#include <limits>
#include <map>
#include <set>

#include "api/handler_util.hpp"
#include "api/problem.hpp"
#include "api/routes.hpp"
#include "api/services.hpp"
#include "core/clock.hpp"
#include "core/entry.hpp"
#include "events/calendar.hpp"
#include "events/state_json.hpp"
#include "events/streams.hpp"
#include "projections/reader.hpp"

namespace dauvet::api {
namespace {

constexpr std::uint64_t kMaxPage = 1000;

struct Moment {
  std::uint64_t at = 0;        // the last index reflected
  std::int64_t judged_ms = 0;  // when "overdue" is judged
};

Result<std::int64_t> recorded_ms(const LedgerView& view, std::uint64_t index) {
  auto e = view.entry(index);
  if (!e) return fail(e.error());
  return clock::parse_utc_ms(e->recorded_at).value_or(0);
}

Result<Moment> moment_of(const Request& req, const LedgerView& view, std::uint64_t size) {
  const auto as_of = query_param(req.target(), "as_of");
  if (size == 0) return fail(Errc::not_found, "the ledger has no entries yet", "as_of");
  if (!as_of) return Moment{size - 1, clock::system_ms()};
  std::uint64_t index = 0;
  auto [end, ec] = std::from_chars(as_of->data(), as_of->data() + as_of->size(), index);
  if (ec == std::errc{} && end == as_of->data() + as_of->size()) {
    if (index >= size) return fail(Errc::not_found, "the ledger has no entry " + std::to_string(index) + " yet", "as_of");
    auto ms = recorded_ms(view, index);
    if (!ms) return fail(ms.error());
    return Moment{index, *ms};
  }
  const auto ms = clock::parse_rfc3339(*as_of);
  if (!ms) return fail(Errc::invalid_argument, "must be a ledger index or an RFC 3339 time", "as_of");
  auto at = projections::index_at_time(view, *ms);
  if (!at) return fail(at.error());
  if (!*at) return fail(Errc::not_found, "nothing was recorded at or before " + *as_of, "as_of");
  return Moment{**at, *ms};
}

// A task is overdue at T when its due date in force ended (end of day, Vietnam time)
// before T and it was not completed by then (DESIGN.md "Time and deadlines").
void add_task_judgement(nlohmann::json& out, const events::TaskState& t, std::int64_t judged_ms) {
  const auto due = t.due();
  out["due"] = due ? nlohmann::json(*due) : nlohmann::json(nullptr);
  bool overdue = false;
  if (due && due->size() == 10 && events::task_open(t.status)) {
    const int y = std::stoi(due->substr(0, 4));
    const auto m = static_cast<unsigned>(std::stoi(due->substr(5, 2)));
    const auto d = static_cast<unsigned>(std::stoi(due->substr(8, 2)));
    const std::int64_t end_ms = (events::calendar::days_from_civil(y, m, d) + 1) * 86'400'000 -
                                events::calendar::kVietnamOffsetMs;
    overdue = judged_ms >= end_ms;
  }
  out["overdue"] = overdue;
}

Result<Response> state(const Request& req, const LedgerView& view, const projections::Tables& tables,
                       std::uint64_t size) {
  const auto stream = query_param(req.target(), "stream");
  if (!stream || stream->empty()) return fail(Errc::invalid_argument, "the query parameter is required", "stream");
  auto when = moment_of(req, view, size);
  if (!when) return fail(when.error());
  auto v = projections::Reader(view, tables).state_at(*stream, when->at);
  if (!v) return fail(v.error());
  if (!*v) return fail(Errc::not_found, "'" + *stream + "' had no state as of index " + std::to_string(when->at), "stream");
  nlohmann::json out = {{"stream", *stream}, {"index", when->at}, {"version_index", (*v)->index}};
  out["state"] = std::visit([](const auto& s) { return events::state_to_json(s); }, (*v)->state);
  if (const auto* t = std::get_if<events::TaskState>(&(*v)->state)) add_task_judgement(out, *t, when->judged_ms);
  Response res = make_response(req, http::status::ok, out.dump());
  res.set("X-Ledger-Index", std::to_string(when->at));
  return res;
}

Result<Response> page(const Request& req, const LedgerView& view, const projections::Tables& tables,
                      std::uint64_t size, const std::string& name, bool activity) {
  auto when = moment_of(req, view, size);
  if (!when) return fail(when.error());
  auto after = uint_query(req, "after");
  if (!after) return fail(after.error());
  auto limit = uint_query(req, "limit");
  if (!limit) return fail(limit.error());
  const std::uint64_t n = limit->value_or(100);
  if (n == 0 || n > kMaxPage) return fail(Errc::invalid_argument, "must be between 1 and 1000", "limit");
  projections::Reader reader(view, tables);
  auto p = activity ? reader.activity(name, when->at, *after, n) : reader.timeline(name, when->at, *after, n);
  if (!p) return fail(p.error());
  nlohmann::json items = nlohmann::json::array();
  for (std::uint64_t i : p->indexes) {
    auto e = view.entry(i);
    if (!e) return fail(e.error());
    items.push_back({{"index", i}, {"stream", e->stream}, {"type", e->type},
                     {"actor", {{"id", e->actor.id}, {"unit", e->actor.unit}, {"role", e->actor.role}}},
                     {"recorded_at", e->recorded_at}});
  }
  nlohmann::json out = {{activity ? "actor" : "subject", name},
                        {"index", when->at},
                        {"items", std::move(items)},
                        {"next_after", p->next_after ? nlohmann::json(*p->next_after) : nlohmann::json(nullptr)}};
  Response res = make_response(req, http::status::ok, out.dump());
  res.set("X-Ledger-Index", std::to_string(when->at));
  return res;
}

// The unit and every unit below it as of `at` (parents as the record showed them then).
Result<std::vector<std::string>> subtree(const projections::Reader& reader, const std::string& root, std::uint64_t at) {
  std::vector<std::string> out{root};
  for (std::size_t i = 0; i < out.size() && out.size() < 10'000; ++i) {
    auto children = reader.linked(events::unit_stream(out[i]), "unit/", at);
    if (!children) return fail(children.error());
    for (const auto& c : *children) {
      auto u = reader.get<events::UnitState>(c, at);
      if (!u) return fail(u.error());
      if (*u && (*u)->parent == out[i]) out.emplace_back(events::stream_id(c));
    }
  }
  return out;
}

Result<Response> dashboard(const Request& req, const LedgerView& view, const projections::Tables& tables,
                           std::uint64_t size, const std::string& id) {
  auto when = moment_of(req, view, size);
  if (!when) return fail(when.error());
  projections::Reader reader(view, tables);
  auto root = reader.get<events::UnitState>(events::unit_stream(id), when->at);
  if (!root) return fail(root.error());
  if (!*root) return fail(Errc::not_found, "unit '" + id + "' did not exist as of index " + std::to_string(when->at), "id");
  auto units = subtree(reader, id, when->at);
  if (!units) return fail(units.error());
  const std::int64_t judged_day = (when->judged_ms + events::calendar::kVietnamOffsetMs) / 86'400'000;
  std::map<std::string, std::uint64_t> by_status;
  nlohmann::json overdue = nlohmann::json::array();
  std::uint64_t completed = 0, on_time = 0, reports_on_time = 0, reports_late = 0, reports_missing = 0,
                inspections_open = 0, decisions = 0;
  std::set<std::string> seen;
  for (const auto& unit : *units) {
    const std::string us = events::unit_stream(unit);
    for (const char* prefix : {"task/", "report/", "inspection/", "case/"}) {
      auto linked = reader.linked(us, prefix, when->at);
      if (!linked) return fail(linked.error());
      for (const auto& stream : *linked) {
        auto v = reader.state_at(stream, when->at);
        if (!v) return fail(v.error());
        if (!*v) continue;
        if (const auto* t = std::get_if<events::TaskState>(&(*v)->state)) {
          if (t->lead != unit || !seen.insert(stream).second) continue;
          ++by_status[std::string(events::task_status_name(t->status))];
          nlohmann::json j;
          add_task_judgement(j, *t, when->judged_ms);
          if (j["overdue"] == true) overdue.push_back({{"stream", stream}, {"lead", unit}, {"due", j["due"]}});
          if (t->completed_ms != 0 && (t->status == events::TaskStatus::completed || t->status == events::TaskStatus::verified)) {
            ++completed;
            const auto due = t->due();
            if (!due || clock::format_utc_ms(t->completed_ms + events::calendar::kVietnamOffsetMs).substr(0, 10) <= *due)
              ++on_time;
          }
        } else if (const auto* r = std::get_if<events::ReportState>(&(*v)->state)) {
          const auto* o = r->obligation(unit);
          if (o == nullptr || o->status == events::ObligationStatus::moved) continue;
          if (o->submissions == 0) {
            const bool due_passed = r->due.size() == 10 &&
                                    clock::format_utc_ms(judged_day * 86'400'000).substr(0, 10) > r->due;
            if (due_passed) ++reports_missing;
          } else {
            ++(o->late ? reports_late : reports_on_time);
          }
        } else if (const auto* i = std::get_if<events::InspectionState>(&(*v)->state)) {
          if (seen.insert(stream).second && i->status == events::InspectionStatus::open) ++inspections_open;
        } else if (const auto* c = std::get_if<events::CaseState>(&(*v)->state)) {
          if (seen.insert(stream).second && !c->form.empty()) ++decisions;
        }
      }
    }
  }
  nlohmann::json out = {{"unit", id},
                        {"name", (*root)->name},
                        {"index", when->at},
                        {"units", *units},
                        {"tasks", by_status},
                        {"overdue", std::move(overdue)},
                        {"completed", completed},
                        {"completed_on_time", on_time},
                        {"reports", {{"on_time", reports_on_time}, {"late", reports_late}, {"missing", reports_missing}}},
                        {"open_inspections", inspections_open},
                        {"discipline_decisions", decisions}};
  Response res = make_response(req, http::status::ok, out.dump());
  res.set("X-Ledger-Index", std::to_string(when->at));
  return res;
}

}  // namespace

void add_state_routes(Router& router) {
  router.add(http::verb::get, "/v1/state", "state", Access::reader,
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               on_projections(req, s, r, [&](const LedgerView& v, const projections::Tables& t, std::uint64_t n) {
                 return state(req, v, t, n);
               });
             });
  router.add(http::verb::get, "/v1/timeline", "timeline", Access::reader,
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               const auto subject = query_param(req.target(), "subject");
               if (!subject || subject->empty())
                 return r(problem(req, Error{Errc::invalid_argument, "the query parameter is required", "subject"}));
               on_projections(req, s, r, [&](const LedgerView& v, const projections::Tables& t, std::uint64_t n) {
                 return page(req, v, t, n, *subject, false);
               });
             });
  router.add(http::verb::get, "/v1/units/{id}/dashboard", "unit_dashboard", Access::reader,
             [](const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               const std::string id = params.at("id");
               on_projections(req, s, r, [&](const LedgerView& v, const projections::Tables& t, std::uint64_t n) {
                 return dashboard(req, v, t, n, id);
               });
             });
  router.add(http::verb::get, "/v1/actors/{id}/activity", "actor_activity", Access::reader,
             [](const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               const std::string id = params.at("id");
               on_projections(req, s, r, [&](const LedgerView& v, const projections::Tables& t, std::uint64_t n) {
                 return page(req, v, t, n, id, true);
               });
             });
}

}  // namespace dauvet::api
