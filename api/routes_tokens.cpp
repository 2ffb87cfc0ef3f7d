// Issuing and revoking bearer tokens through the API (admins only); `dauvet token` does the
// same on the ledger's host, with or without a running server.
//
//   POST   /v1/tokens            {"actor":ID,"unit":U,"role":R,"note"?}
//          201 {"token":"dvt_…","sha256":"<hex>","actor":…,"unit":…,"role":…,"index":I}
//          The token appears in this response only; the ledger keeps its SHA-256.
//   DELETE /v1/tokens/{sha256}   200 {"sha256":…,"revoked":true,"index":I}; 404 if unknown
//
// Both answer after the commit, when TokenStore already reflects it: a revoked token fails
// from the very next request.
#include <nlohmann/json.hpp>

#include "api/handler_util.hpp"
#include "api/routes.hpp"
#include "api/services.hpp"
#include "api/tokens.hpp"
#include "core/canonical_json.hpp"
#include "base/hex.hpp"
#include "projections/domain_writer.hpp"

namespace dauvet::api {
namespace {

Result<void> require_admin(const Principal& who) {
  if (who.actor.role != events::role_name(events::Role::admin))
    return fail(Errc::forbidden, "only an admin issues or revokes tokens");
  return {};
}

// Appends one entry as `who`, then answers with ok(index) or the error.
void submit_one(const Request& req, const Principal& who, Services& s, AppendRequest request, Responder respond,
                std::function<Response(const Request&, std::uint64_t)> ok) {
  Command c;
  c.actor = projections::to_ledger_actor(who.actor);
  c.decide = [request = std::move(request)](WriteContext&) -> Result<std::vector<AppendRequest>> {
    return std::vector<AppendRequest>{request};
  };
  s.ledger.submit(std::move(c), [shell = detached(req), respond = std::move(respond), ok = std::move(ok)](
                                    Result<CommandResult> r) {
    if (!r) return respond(problem(shell, r.error()));
    if (r->entries.empty()) return respond(problem(shell, Error{Errc::internal, "nothing was appended"}));
    Response res = ok(shell, r->entries.front().index);
    res.set("X-Ledger-Index", std::to_string(r->entries.back().index));
    respond(std::move(res));
  });
}

void post_token(const Request& req, const Principal& who, Services& s, Responder respond) {
  if (auto r = require_admin(who); !r) return respond(problem(req, r.error()));
  const auto parsed = canonical::parse_input(req.body());
  if (!parsed) return respond(problem(req, http::status::bad_request, "malformed_json", parsed.error().message));
  const nlohmann::json& body = *parsed;
  if (!body.is_object())
    return respond(problem(req, http::status::bad_request, "malformed_json", "the body must be a JSON object"));
  events::Actor holder;
  std::string note;
  for (const auto& [key, value] : body.items()) {
    if (!value.is_string())
      return respond(problem(req, Error{Errc::invalid_argument, "must be a string", key}));
    if (key == "actor") holder.id = value.get<std::string>();
    else if (key == "unit") holder.unit = value.get<std::string>();
    else if (key == "role") holder.role = value.get<std::string>();
    else if (key == "note") note = value.get<std::string>();
    else return respond(problem(req, Error{Errc::invalid_argument, "unknown field", key}));
  }
  auto token = generate_token();
  if (!token) return respond(problem(req, token.error()));
  auto request = token_issued_request(token->sha256, holder, note);
  if (!request) return respond(problem(req, request.error()));
  submit_one(req, who, s, std::move(*request), std::move(respond),
             [t = std::move(*token), holder](const Request& shell, std::uint64_t index) {
               nlohmann::json out{{"token", t.token}, {"sha256", t.sha256}, {"actor", holder.id},
                                  {"unit", holder.unit},  {"role", holder.role},  {"index", index}};
               Response res = make_response(shell, http::status::created, out.dump());
               res.set(http::field::cache_control, "no-store");
               return res;
             });
}

void delete_token(const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
  if (auto r = require_admin(who); !r) return respond(problem(req, r.error()));
  const std::string& hex = params.at("sha256");
  crypto::Hash h{};
  if (!from_hex_into(hex, h))
    return respond(problem(req, Error{Errc::invalid_argument, "must be 64 lowercase hex digits", "sha256"}));
  if (auto store = std::dynamic_pointer_cast<const TokenStore>(s.auth); store && !store->active(h))
    return respond(problem(req, http::status::not_found, "not_found", "no active token has this SHA-256"));
  auto request = token_revoked_request(hex);
  if (!request) return respond(problem(req, request.error()));
  submit_one(req, who, s, std::move(*request), std::move(respond), [hex](const Request& shell, std::uint64_t index) {
    return make_response(shell, http::status::ok,
                         nlohmann::json{{"sha256", hex}, {"revoked", true}, {"index", index}}.dump());
  });
}

}  // namespace

void add_token_routes(Router& router) {
  router.add(http::verb::post, "/v1/tokens", "token_issue", Access::writer,
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               post_token(req, who, s, naming_actor(std::move(respond), who));
             });
  router.add(http::verb::delete_, "/v1/tokens/{sha256}", "token_revoke", Access::writer,
             [](const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
               delete_token(req, params, who, s, naming_actor(std::move(respond), who));
             });
}

}  // namespace dauvet::api
