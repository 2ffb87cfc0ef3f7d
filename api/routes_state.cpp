// The projections over HTTP, as of any moment (readers):
//
//   GET /v1/state?stream=S[&as_of=A]             {"stream","index","version_index","state"}
//        the state of one aggregate (task/..., unit/..., report/..., ...) as the record
//        showed it; tasks add "due", "overdue" and "days_overdue", judged at that moment
//   GET /v1/timeline?subject=S[&as_of=A][&after=I][&limit=N]
//        {"subject","index","items":[{index,stream,type,actor,recorded_at}],"next_after"}
//        every entry that touched S, in order
//   GET /v1/actors/{id}/activity[?as_of&after&limit]   the same shape, everything id wrote
//
// as_of, and when "overdue" is judged: api/moment.hpp. The inspection views (dashboard,
// report compliance, indicator progress) are in routes_views.cpp.
#include "api/handler_util.hpp"
#include "api/moment.hpp"
#include "api/problem.hpp"
#include "api/routes.hpp"
#include "api/scope.hpp"
#include "api/services.hpp"
#include "events/judgement.hpp"
#include "projections/aggregate.hpp"
#include "events/streams.hpp"
#include "projections/reader.hpp"

namespace dauvet::api {
namespace {

constexpr std::uint64_t kMaxPage = 1000;

Result<Response> state(const Request& req, const Principal& who, const LedgerView& view,
                       const projections::Tables& tables, std::uint64_t size) {
  const auto stream = query_param(req.target(), "stream");
  if (!stream || stream->empty()) return fail(Errc::invalid_argument, "the query parameter is required", "stream");
  auto when = moment_of(req, view, size);
  if (!when) return fail(when.error());
  projections::Reader reader(view, tables);
  auto v = reader.state_at(*stream, when->at);
  if (!v) return fail(v.error());
  if (auto in = ReadScope(who, reader, when->at).check_stream(*stream, *v ? &(*v)->state : nullptr); !in)
    return fail(in.error());
  if (!*v) return fail(Errc::not_found, "'" + *stream + "' had no state as of index " + std::to_string(when->at), "stream");
  // Written out rather than built as a json tree: the stored form of a state is the same
  // bytes as state_to_json(...).dump() (events/state_json.hpp), and building and dumping
  // the tree was a fifth of the server's CPU per read. Keys in nlohmann's sorted order, so
  // the bytes are what out.dump() gave before.
  std::string out = "{";
  if (const auto* t = std::get_if<events::TaskState>(&(*v)->state)) {
    const auto j = events::judge_task(*t, when->judged_ms);
    out += "\"days_overdue\":" + std::to_string(j.days_overdue);
    out += ",\"due\":" + (j.due ? nlohmann::json(*j.due).dump() : std::string("null"));
    out += ",\"index\":" + std::to_string(when->at);
    out += std::string(",\"overdue\":") + (j.overdue ? "true" : "false") + ",";
  } else {
    out += "\"index\":" + std::to_string(when->at) + ",";
  }
  out += "\"state\":" + projections::encode_state((*v)->state);
  out += ",\"stream\":" + nlohmann::json(*stream).dump();
  out += ",\"version_index\":" + std::to_string((*v)->index) + "}";
  Response res = make_response(req, http::status::ok, std::move(out));
  res.set("X-Ledger-Index", std::to_string(when->at));
  return res;
}

Result<Response> page(const Request& req, const Principal& who, const LedgerView& view,
                      const projections::Tables& tables, std::uint64_t size, const std::string& name, bool activity) {
  auto when = moment_of(req, view, size);
  if (!when) return fail(when.error());
  auto after = uint_query(req, "after");
  if (!after) return fail(after.error());
  auto limit = uint_query(req, "limit");
  if (!limit) return fail(limit.error());
  const std::uint64_t n = limit->value_or(100);
  if (n == 0 || n > kMaxPage) return fail(Errc::invalid_argument, "must be between 1 and 1000", "limit");
  projections::Reader reader(view, tables);
  ReadScope scope(who, reader, when->at);
  if (auto in = activity ? scope.check_actor(name) : scope.check_stream(name); !in) return fail(in.error());
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

}  // namespace

void add_state_routes(Router& router) {
  router.add(http::verb::get, "/v1/state", "state", Access::reader,
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               on_projections(req, s, r, [&](const LedgerView& v, const projections::Tables& t, std::uint64_t n) {
                 return state(req, who, v, t, n);
               });
             });
  router.add(http::verb::get, "/v1/timeline", "timeline", Access::reader,
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               const auto subject = query_param(req.target(), "subject");
               if (!subject || subject->empty())
                 return r(problem(req, Error{Errc::invalid_argument, "the query parameter is required", "subject"}));
               on_projections(req, s, r, [&](const LedgerView& v, const projections::Tables& t, std::uint64_t n) {
                 return page(req, who, v, t, n, *subject, false);
               });
             });
  router.add(http::verb::get, "/v1/actors/{id}/activity", "actor_activity", Access::reader,
             [](const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               const std::string id = params.at("id");
               on_projections(req, s, r, [&](const LedgerView& v, const projections::Tables& t, std::uint64_t n) {
                 return page(req, who, v, t, n, id, true);
               });
             });
}

}  // namespace dauvet::api
