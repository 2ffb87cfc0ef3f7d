// Small pieces the authenticated route groups share.
#pragma once

#include <charconv>
#include <optional>

#include "api/auth.hpp"
#include "api/http.hpp"
#include "api/problem.hpp"
#include "api/services.hpp"
#include "base/result.hpp"

namespace dauvet::api {

// What make_response needs from a request (version, keep-alive), for answers built after
// the handler returned: the session does not keep the request alive that long.
inline Request detached(const Request& req) {
  Request out;
  out.version(req.version());
  out.keep_alive(req.keep_alive());
  return out;
}

// Every answer of an authenticated route names its actor for the access log (the session
// takes the header off before writing).
inline Responder naming_actor(Responder respond, const Principal& who) {
  return [respond = std::move(respond), id = who.actor.id](Response res) {
    res.set("X-Dauvet-Actor", id);
    respond(std::move(res));
  };
}

// An unsigned query parameter: nullopt when absent, invalid_argument when not a number.
inline Result<std::optional<std::uint64_t>> uint_query(const Request& req, std::string_view name) {
  auto text = query_param(req.target(), name);
  if (!text) return std::optional<std::uint64_t>{};
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (text->empty() || ec != std::errc{} || end != text->data() + text->size())
    return fail(Errc::invalid_argument, "must be a non-negative integer", std::string(name));
  return std::optional<std::uint64_t>{v};
}

// Answers from one snapshot: fn(view, size) -> Result<Response>, or its error as a problem.
// X-Ledger-Index is the snapshot's last index unless fn named an earlier one (as-of answers).
template <class Fn>
void on_snapshot(const Request& req, Services& s, const Responder& respond, Fn&& fn) {
  auto snap = s.ledger.read();
  if (!snap) return respond(problem(req, snap.error()));
  auto size = snap->view().size();
  if (!size) return respond(problem(req, size.error()));
  Result<Response> res = fn(snap->view(), *size);
  if (!res) return respond(problem(req, res.error()));
  if (res->find("X-Ledger-Index") == res->end()) res->set("X-Ledger-Index", ledger_index_header(*size));
  respond(std::move(*res));
}

// on_snapshot with the projection tables current in that snapshot: fn(view, tables, size).
template <class Fn>
void on_projections(const Request& req, Services& s, const Responder& respond, Fn&& fn) {
  if (!s.projector) return respond(problem(req, Error{Errc::unavailable, "this server keeps no projections"}));
  on_snapshot(req, s, respond, [&](const LedgerView& view, std::uint64_t size) -> Result<Response> {
    auto tables = s.projector->tables_for(view.txn());
    if (!tables) return fail(tables.error());
    return fn(view, *tables, size);
  });
}

}  // namespace dauvet::api
