// HTTP vocabulary shared by the api layer: requests and responses are plain Beast
// messages, and every handler answers through a Responder exactly once, from any thread.
//
// Handlers never touch sockets, so the whole API can be driven in tests by calling
// handle() (router.hpp) with a request and collecting the response.
#pragma once

#include <boost/beast/http.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dauvet::api {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Called once with the response; safe to call from the writer thread: the session
// posts it back onto its own strand.
using Responder = std::function<void(Response)>;

// A response with the request's version and keep-alive, a body and a content type.
Response make_response(const Request& req, http::status status, std::string body,
                       std::string_view content_type = "application/json");

// Query-string value of `name`, percent-decoded; empty optional if absent.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

// The path part of a request target, without the query.
std::string_view path_of(std::string_view target);

}  // namespace dauvet::api
