// RFC 9457 problem documents: every error the API returns is one.
//
//   HTTP/1.1 409 Conflict
//   Content-Type: application/problem+json
//   {"detail":"stream 'task/…' is at version 4, the request expected 3",
//    "field":"expected_version","status":409,"title":"Conflict",
//    "type":"urn:dauvet:problem:conflict"}
//
// `type` is stable per kind of error (clients branch on it); `detail` is for people.
#pragma once

#include <nlohmann/json.hpp>

#include "api/http.hpp"
#include "base/result.hpp"

namespace dauvet::api {

http::status status_of(Errc code);

// From a domain or storage error.
Response problem(const Request& req, const Error& error);

// From the HTTP layer itself: `kind` becomes "urn:dauvet:problem:<kind>".
Response problem(const Request& req, http::status status, std::string_view kind, std::string detail,
                 nlohmann::json extra = nlohmann::json::object());

}  // namespace dauvet::api
