// Attachments (scanned decisions, reports): content-addressed bytes beside the entries.
//
//   PUT /v1/blobs            writer; raw body (at most the server's body limit)
//                            201 {"sha256":"<hex>","size":N}; the same bytes again: 201, same hash
//   GET /v1/blobs/{sha256}   reader; the bytes, application/octet-stream
//
// An entry refers to a blob by its hash; storing one writes no entry.
#include <nlohmann/json.hpp>

#include "api/handler_util.hpp"
#include "api/routes.hpp"
#include "api/services.hpp"
#include "base/hex.hpp"
#include "projections/domain_writer.hpp"

namespace dauvet::api {
namespace {

void put_blob(const Request& req, const Principal& who, Services& s, Responder respond) {
  if (req.body().empty())
    return respond(problem(req, http::status::bad_request, "empty_blob", "the body holds no bytes to store"));
  // Hashed here, off the writer thread; put_blob's own hash must agree.
  const crypto::Hash h = crypto::sha256(req.body());
  auto bytes = std::make_shared<const std::string>(req.body());
  Command c;
  c.actor = projections::to_ledger_actor(who.actor);
  c.decide = [bytes, h](WriteContext& ctx) -> Result<std::vector<AppendRequest>> {
    auto stored = ctx.put_blob(*bytes);
    if (!stored) return fail(stored.error());
    if (*stored != h) return fail(Errc::internal, "the blob's hash changed on the way to the writer");
    return std::vector<AppendRequest>{};
  };
  s.ledger.submit(std::move(c), [shell = detached(req), respond = std::move(respond), h, size = bytes->size()](
                                    Result<CommandResult> r) {
    if (!r) return respond(problem(shell, r.error()));
    Response res = make_response(shell, http::status::created, nlohmann::json{{"sha256", to_hex(h)}, {"size", size}}.dump());
    res.set(http::field::location, "/v1/blobs/" + to_hex(h));
    respond(std::move(res));
  });
}

void get_blob(const Request& req, const Params& params, Services& s, Responder respond) {
  crypto::Hash h{};
  if (!from_hex_into(params.at("sha256"), h))
    return respond(problem(req, Error{Errc::invalid_argument, "must be 64 lowercase hex digits", "sha256"}));
  auto snap = s.ledger.read();
  if (!snap) return respond(problem(req, snap.error()));
  auto blob = snap->view().blob(h);
  if (!blob) return respond(problem(req, blob.error()));
  if (!*blob) return respond(problem(req, http::status::not_found, "not_found", "no blob has this SHA-256"));
  Response res = make_response(req, http::status::ok, std::string(**blob), "application/octet-stream");
  res.set(http::field::etag, "\"" + params.at("sha256") + "\"");
  res.set(http::field::cache_control, "private, max-age=31536000, immutable");
  respond(std::move(res));
}

}  // namespace

void add_blob_routes(Router& router) {
  router.add(http::verb::put, "/v1/blobs", "blob_put", Access::writer,
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               put_blob(req, who, s, naming_actor(std::move(respond), who));
             });
  router.add(http::verb::get, "/v1/blobs/{sha256}", "blob_get", Access::reader,
             [](const Request& req, const Params& params, const Principal& who, Services& s, Responder respond) {
               get_blob(req, params, s, naming_actor(std::move(respond), who));
             });
}

}  // namespace dauvet::api
