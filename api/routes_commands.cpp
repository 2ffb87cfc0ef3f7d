// Domain commands over HTTP.
//
//   POST /v1/commands/{type}          writer; body: the command's JSON object
//     If-Match: "3"                   the primary stream must be at version 3 (409 if not)
//     Idempotency-Key: K              a retry with the same body returns the first result
//   201 {"entries":[{"index":41,"stream":"task/…","version":4,"recorded_at":"…"}],
//        "duplicate":false}           ETag: "<version of the first entry>"
//
// The actor written is the token's, never one from the body. Errors: 400 malformed body or
// field (problem.field names it), 403 role or scope, 404 something named does not exist,
// 409 version conflict (problem.current_version) or uniqueness, 422 the state does not
// allow the command.
#include <regex>

#include <nlohmann/json.hpp>

#include "api/handler_util.hpp"
#include "api/routes.hpp"
#include "api/services.hpp"
#include "core/canonical_json.hpp"
#include "events/commands.hpp"
#include "projections/domain_writer.hpp"

namespace dauvet::api {
namespace {

// The state-machine refusals get their own status so clients can tell "try again with the
// right version" (409) from "this task cannot do that now" (422).
http::status command_status(Errc code) {
  return code == Errc::invalid_state ? http::status::unprocessable_entity : status_of(code);
}

Response command_problem(const Request& req, const Error& error, Services& s) {
  Response base = problem(req, error);
  if (error.code != Errc::invalid_state && error.code != Errc::conflict) return base;
  auto body = nlohmann::json::parse(base.body(), nullptr, false);
  const http::status status = command_status(error.code);
  body["status"] = static_cast<int>(status);
  body["title"] = std::string(http::obsolete_reason(status));
  if (error.code == Errc::conflict && error.field == "expected_version") {
    // The ledger says which stream refused and, when it compared versions, at which
    // version it stood; a client retries with that as If-Match after re-reading.
    static const std::regex at(R"(stream '([^']*)' is at version ([0-9]+))");
    static const std::regex named(R"(stream '([^']*)')");
    std::smatch m;
    std::optional<std::uint64_t> current;
    if (std::regex_search(error.message, m, at)) {
      body["stream"] = m[1].str();
      current = std::stoull(m[2].str());
    } else if (std::regex_search(error.message, m, named)) {
      body["stream"] = m[1].str();
      if (auto snap = s.ledger.read()) {
        if (auto v = snap->view().stream_version(m[1].str())) current = *v;
      }
    }
    if (current) body["current_version"] = *current;
    body["type"] = "urn:dauvet:problem:version_conflict";
    Response res = make_response(req, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                                 "application/problem+json");
    if (current) res.set(http::field::etag, "\"" + std::to_string(*current) + "\"");
    return res;
  }
  return make_response(req, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/problem+json");
}

// If-Match: "N", N or W/"N"; "*" asks for nothing.
Result<std::optional<std::uint64_t>> parse_if_match(const Request& req) {
  auto it = req.find(http::field::if_match);
  if (it == req.end()) return std::optional<std::uint64_t>{};
  std::string_view v = it->value();
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v == "*") return std::optional<std::uint64_t>{};
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc{} || end != v.data() + v.size())
    return fail(Errc::invalid_argument, "If-Match must be a stream version in quotes, e.g. \"3\"", "If-Match");
  return std::optional<std::uint64_t>{n};
}

nlohmann::json result_json(const CommandResult& r) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : r.entries)
    entries.push_back({{"index", e.index}, {"stream", e.stream}, {"version", e.version}, {"recorded_at", e.recorded_at}});
  return {{"entries", std::move(entries)}, {"duplicate", r.duplicate}};
}

void post_command(const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
  const std::string& type = params.at("type");
  const auto types = events::command_types();
  if (std::find(types.begin(), types.end(), type) == types.end())
    return respond(problem(req, http::status::not_found, "unknown_command",
                           "no command '" + type + "'; see /v1/openapi.json for the command types"));
  if (!s.projector)
    return respond(problem(req, http::status::service_unavailable, "unavailable", "this server keeps no projections"));
  const auto parsed = canonical::parse_input(req.body());
  if (!parsed) return respond(problem(req, http::status::bad_request, "malformed_json", parsed.error().message));
  const nlohmann::json& body = *parsed;
  if (!body.is_object())
    return respond(problem(req, http::status::bad_request, "malformed_json", "the body must be a JSON object"));
  auto command = events::decode_command(type, body);
  if (!command) return respond(problem(req, command.error()));
  auto expected = parse_if_match(req);
  if (!expected) return respond(problem(req, expected.error()));

  projections::DomainCommand dc{who.actor, std::move(*command), std::nullopt, *expected, std::nullopt};
  if (auto it = req.find("Idempotency-Key"); it != req.end()) {
    if (it->value().empty())
      return respond(problem(req, http::status::bad_request, "invalid_argument", "Idempotency-Key must not be empty",
                             nlohmann::json{{"field", "Idempotency-Key"}}));
    dc.idempotency_key = std::string(it->value());
    dc.fingerprint = projections::fingerprint_of(type, body);
  }
  auto ledger_command = projections::to_ledger_command(s.projector, std::move(dc));
  if (!ledger_command) return respond(command_problem(req, ledger_command.error(), s));
  s.ledger.submit(std::move(*ledger_command),
                  [shell = detached(req), respond = std::move(respond), &s](Result<CommandResult> r) {
                    if (!r) return respond(command_problem(shell, r.error(), s));
                    Response res = make_response(shell, http::status::created, result_json(*r).dump());
                    if (!r->entries.empty()) {
                      res.set(http::field::etag, "\"" + std::to_string(r->entries.front().version) + "\"");
                      res.set("X-Ledger-Index", std::to_string(r->entries.back().index));
                    }
                    respond(std::move(res));
                  });
}

}  // namespace

void add_command_routes(Router& router) {
  router.add(http::verb::post, "/v1/commands/{type}", "command", Access::writer,
             [](const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
               post_command(req, params, who, s, naming_actor(std::move(respond), who));
             });
}

}  // namespace dauvet::api
