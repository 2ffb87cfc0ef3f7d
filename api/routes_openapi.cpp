// GET /v1/openapi.json: generated from the router's own table, so the document cannot
// list a route the server lacks or miss one it has; schemas of the main bodies are
// written by hand below and attached by route name.
#include <nlohmann/json.hpp>

#include "api/routes.hpp"
#include "api/services.hpp"
#include "events/commands.hpp"

namespace dauvet::api {
namespace {

nlohmann::json ref(std::string_view name) { return {{"$ref", "#/components/schemas/" + std::string(name)}}; }

nlohmann::json json_content(nlohmann::json schema) { return {{"application/json", {{"schema", std::move(schema)}}}}; }

nlohmann::json schemas() {
  const nlohmann::json str{{"type", "string"}};
  const nlohmann::json uint{{"type", "integer"}, {"minimum", 0}};
  const nlohmann::json hex{{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}};
  nlohmann::json roles{{"type", "string"}, {"enum", {"admin", "issuer", "clerk", "inspector", "oversight", "verifier"}}};
  nlohmann::json s;
  s["Problem"] = {{"type", "object"},
                  {"required", {"type", "title", "status", "detail"}},
                  {"properties",
                   {{"type", str}, {"title", str}, {"status", {{"type", "integer"}}}, {"detail", str}, {"field", str},
                    {"current_version", uint}, {"stream", str}}}};
  s["Appended"] = {{"type", "object"},
                   {"required", {"index", "stream", "version", "recorded_at"}},
                   {"properties", {{"index", uint}, {"stream", str}, {"version", uint}, {"recorded_at", str}}}};
  s["CommandResult"] = {{"type", "object"},
                        {"required", {"entries", "duplicate"}},
                        {"properties", {{"entries", {{"type", "array"}, {"items", ref("Appended")}}},
                                        {"duplicate", {{"type", "boolean"}}}}}};
  s["Command"] = {{"type", "object"},
                  {"description", "the fields of the command type named in the path (see events/commands.hpp)"}};
  s["TokenRequest"] = {{"type", "object"},
                       {"required", {"actor", "unit", "role"}},
                       {"additionalProperties", false},
                       {"properties", {{"actor", str}, {"unit", str}, {"role", roles}, {"note", str}}}};
  s["TokenIssued"] = {{"type", "object"},
                      {"properties", {{"token", str}, {"sha256", hex}, {"actor", str}, {"unit", str}, {"role", roles},
                                      {"index", uint}}}};
  s["TokenRevoked"] = {{"type", "object"},
                       {"properties", {{"sha256", hex}, {"revoked", {{"type", "boolean"}}}, {"index", uint}}}};
  s["BlobStored"] = {{"type", "object"}, {"properties", {{"sha256", hex}, {"size", uint}}}};
  s["LedgerEntry"] = {{"type", "object"},
                      {"required", {"index", "entry", "payload"}},
                      {"properties", {{"index", uint},
                                      {"entry", {{"type", "string"}, {"format", "byte"}}},
                                      {"payload", {{"type", {"string", "null"}}, {"format", "byte"}}}}}};
  s["Event"] = {{"type", "object"},
                {"properties", {{"index", uint}, {"stream", str}, {"version", uint}, {"type", str},
                                {"actor", {{"type", "object"}, {"properties", {{"id", str}, {"unit", str}, {"role", roles}}}}},
                                {"recorded_at", str},
                                {"payload", {{"type", {"object", "null"}}}}}}};
  s["EventPage"] = {{"type", "object"},
                    {"properties", {{"events", {{"type", "array"}, {"items", ref("Event")}}},
                                    {"next_after", {{"type", {"integer", "null"}}}}}}};
  s["Hashes"] = {{"type", "object"},
                 {"properties", {{"hashes", {{"type", "array"}, {"items", {{"type", "string"}, {"format", "byte"}}}}}}}};
  return s;
}

// Per route name: request body schema, success status, success content.
struct Shape {
  std::optional<nlohmann::json> request;
  std::string status = "200";
  nlohmann::json content;
  std::string description;                          // of the operation, when it needs one
  nlohmann::json parameters = nlohmann::json::array();  // query and header parameters
};

// What an EventSource client needs to know (routes_feed.cpp has the full story).
Shape event_stream_shape() {
  auto param = [](std::string_view name, std::string_view in, nlohmann::json schema, std::string_view text) {
    return nlohmann::json{{"name", name}, {"in", in}, {"required", false}, {"schema", std::move(schema)}, {"description", text}};
  };
  const nlohmann::json index{{"type", "integer"}, {"minimum", 0}};
  return {std::nullopt, "200", {{"text/event-stream", {{"schema", {{"type", "string"}}}}}},
          "One long-lived chunked response: \"retry: 1000\", every entry after Last-Event-ID, then each new "
          "entry as soon as it is committed (event id = entry index, event type = entry type, data = the event "
          "as in /v1/events), and a \": keep-alive\" comment every 15 s while idle. It runs until the client "
          "leaves or the server stops (which ends it cleanly); an EventSource reconnects with the last id it saw "
          "and misses nothing. The stream occupies its connection: requests pipelined behind it are answered "
          "once it ends. With wait=S it ends after S seconds without a new entry (wait=0: what there is, then "
          "the end), as the former long poll did.",
          nlohmann::json::array(
              {param("Last-Event-ID", "header", index, "resume after this entry index"),
               param("last_event_id", "query", index, "the same, for clients that cannot set headers"),
               param("wait", "query", {{"type", "integer"}, {"minimum", 0}, {"maximum", 25}},
                     "end the stream after this many seconds without a new entry (default: never)")})};
}

Shape shape_of(std::string_view name) {
  if (name == "command") return {json_content(ref("Command")), "201", json_content(ref("CommandResult"))};
  if (name == "token_issue") return {json_content(ref("TokenRequest")), "201", json_content(ref("TokenIssued"))};
  if (name == "token_revoke") return {std::nullopt, "200", json_content(ref("TokenRevoked"))};
  if (name == "blob_put")
    return {nlohmann::json{{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}, "201",
            json_content(ref("BlobStored"))};
  if (name == "blob_get")
    return {std::nullopt, "200", {{"application/octet-stream", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}};
  if (name == "ledger_entries")
    return {std::nullopt, "200", json_content({{"type", "array"}, {"items", ref("LedgerEntry")}})};
  if (name == "ledger_leaves")
    return {std::nullopt, "200", json_content({{"type", "array"}, {"items", {{"type", "string"}, {"format", "byte"}}}})};
  if (name == "ledger_proof_inclusion" || name == "ledger_proof_consistency")
    return {std::nullopt, "200", json_content(ref("Hashes"))};
  if (name == "ledger_checkpoint" || name == "ledger_key" || name == "metrics")
    return {std::nullopt, "200", {{"text/plain", {{"schema", {{"type", "string"}}}}}}};
  if (name == "events") return {std::nullopt, "200", json_content(ref("EventPage"))};
  if (name == "events_stream") return event_stream_shape();
  return {std::nullopt, "200", json_content({{"type", "object"}})};
}

std::string_view access_name(Access a) {
  switch (a) {
    case Access::verifier: return "verifier";
    case Access::reader: return "reader";
    case Access::writer: return "writer";
  }
  return "verifier";
}

}  // namespace

nlohmann::json openapi_document(const Router& router) {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& r : router.routes()) {
    nlohmann::json op{{"operationId", r.name}};
    nlohmann::json parameters = nlohmann::json::array();
    for (std::size_t open = r.pattern.find('{'); open != std::string::npos; open = r.pattern.find('{', open + 1)) {
      const std::size_t close = r.pattern.find('}', open);
      const std::string param = r.pattern.substr(open + 1, close - open - 1);
      nlohmann::json schema{{"type", "string"}};
      if (param == "type") {
        schema["enum"] = nlohmann::json::array();
        for (auto t : events::command_types()) schema["enum"].push_back(std::string(t));
      }
      parameters.push_back({{"name", param}, {"in", "path"}, {"required", true}, {"schema", schema}});
    }
    Shape shape = shape_of(r.name);
    for (auto& p : shape.parameters) parameters.push_back(std::move(p));
    if (!parameters.empty()) op["parameters"] = std::move(parameters);
    if (!shape.description.empty()) op["description"] = shape.description;
    if (r.streams) op["x-dauvet-stream"] = true;
    if (shape.request) op["requestBody"] = {{"required", true}, {"content", *shape.request}};
    op["responses"][shape.status] = {{"description", "success"}, {"content", shape.content}};
    op["responses"]["default"] = {{"description", "an RFC 9457 problem document"},
                                  {"content", {{"application/problem+json", {{"schema", ref("Problem")}}}}}};
    if (r.access) {
      op["security"] = nlohmann::json::array({{{"bearer", nlohmann::json::array()}}});
      op["x-dauvet-access"] = std::string(access_name(*r.access));
    }
    std::string method(http::to_string(r.method));
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    paths[r.pattern][method] = std::move(op);
  }
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "dauvet"}, {"version", "1"},
                    {"description", "Event-sourced audit ledger: commands, views, verifiable ledger, live feed."}}},
          {"paths", std::move(paths)},
          {"components",
           {{"schemas", schemas()},
            {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

void add_openapi_route(Router& router) {
  auto document = std::make_shared<std::string>();
  router.add(http::verb::get, "/v1/openapi.json", "openapi",
             [document](const Request& req, const Params&, Services&, Responder respond) {
               respond(make_response(req, http::status::ok, *document));
             });
  // Generated once the route exists, so the document also lists itself; routes added after
  // this call would be missing, which the OpenAPI test catches.
  *document = openapi_document(router).dump();
}

}  // namespace dauvet::api
