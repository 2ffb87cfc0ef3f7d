#include "api/problem.hpp"

namespace dauvet::api {

http::status status_of(Errc code) {
  switch (code) {
    case Errc::invalid_argument: return http::status::bad_request;
    case Errc::unauthorized: return http::status::unauthorized;
    case Errc::forbidden: return http::status::forbidden;
    case Errc::not_found: return http::status::not_found;
    case Errc::conflict:
    case Errc::invalid_state: return http::status::conflict;
    case Errc::too_large: return http::status::payload_too_large;
    case Errc::storage_full:
    case Errc::map_full: return http::status::insufficient_storage;
    case Errc::unavailable: return http::status::service_unavailable;
    case Errc::corrupt:
    case Errc::io:
    case Errc::internal: return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

Response problem(const Request& req, http::status status, std::string_view kind, std::string detail,
                 nlohmann::json extra) {
  nlohmann::json body = std::move(extra);
  body["type"] = "urn:dauvet:problem:" + std::string(kind);
  body["title"] = std::string(http::obsolete_reason(status));
  body["status"] = static_cast<int>(status);
  body["detail"] = std::move(detail);
  Response res = make_response(req, status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                               "application/problem+json");
  if (status == http::status::unauthorized) res.set(http::field::www_authenticate, "Bearer realm=\"dauvet\"");
  return res;
}

Response problem(const Request& req, const Error& error) {
  nlohmann::json extra = nlohmann::json::object();
  if (!error.field.empty()) extra["field"] = error.field;
  // Internal details (paths, LMDB codes) stay in the server log, not in the response.
  const bool internal = error.code == Errc::corrupt || error.code == Errc::io || error.code == Errc::internal;
  std::string detail = internal ? "the server could not complete the request; see its log" : error.message;
  if (error.code == Errc::storage_full || error.code == Errc::map_full)
    detail = "the ledger's disk is full; writes resume when space is freed";
  return problem(req, status_of(error.code), errc_name(error.code), std::move(detail), std::move(extra));
}

}  // namespace dauvet::api
