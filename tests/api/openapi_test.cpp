// The OpenAPI document lists exactly the routes the router has.
#include "support/api_fixture.hpp"

namespace dauvet::api {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class OpenApi : public test::ApiTest {};

TEST_F(OpenApi, ServedDocumentMatchesTheRouterBothWays) {
  auto r = call(http::verb::get, "/v1/openapi.json", "");
  ASSERT_EQ(r.result(), http::status::ok);
  const auto doc = json_of(r);
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::set<std::pair<std::string, std::string>> routes, documented;
  for (const Route& route : router_.routes()) {
    routes.emplace(lower(http::to_string(route.method)), route.pattern);
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    const auto& op = doc["paths"][route.pattern][lower(http::to_string(route.method))];
    ASSERT_TRUE(op.is_object()) << route.name;
    EXPECT_EQ(op["operationId"], route.name);
    EXPECT_EQ(op.contains("security"), route.access.has_value()) << route.name;
    EXPECT_EQ(op.value("x-dauvet-stream", false), route.streams) << route.name;
  }
  for (const auto& [path, methods] : doc["paths"].items())
    for (const auto& [method, op] : methods.items()) documented.emplace(method, path);
  EXPECT_EQ(routes, documented);
  // Every $ref resolves.
  const std::string text = r.body();
  for (auto p = text.find("#/components/schemas/"); p != std::string::npos; p = text.find("#/components/schemas/", p + 1)) {
    const auto start = p + std::string_view("#/components/schemas/").size();
    const std::string name = text.substr(start, text.find('"', start) - start);
    EXPECT_TRUE(doc["components"]["schemas"].contains(name)) << name;
  }
}

TEST_F(OpenApi, ARouteAddedAfterTheDocumentIsMissingFromIt) {
  // Guards the test above: a stale document must be detectable.
  Router router = make_router();
  router.add(http::verb::get, "/v1/late", "late", [](const Request&, const Params&, Services&, Responder) {});
  const auto doc = openapi_document(make_router());
  EXPECT_FALSE(doc["paths"].contains("/v1/late"));
  EXPECT_TRUE(openapi_document(router)["paths"].contains("/v1/late"));
}

TEST_F(OpenApi, TheEventStreamSaysItStaysOpenAndHowToResume) {
  const auto doc = openapi_document(router_);
  const auto& op = doc["paths"]["/v1/events/stream"]["get"];
  EXPECT_TRUE(op.value("x-dauvet-stream", false));
  EXPECT_NE(op.value("description", std::string()).find("long-lived"), std::string::npos);
  std::set<std::string> params;
  for (const auto& p : op["parameters"]) params.insert(p["name"].get<std::string>() + "@" + p["in"].get<std::string>());
  EXPECT_EQ(params, (std::set<std::string>{"Last-Event-ID@header", "last_event_id@query", "wait@query"}));
}

TEST_F(OpenApi, CommandTypesAreListed) {
  const auto doc = openapi_document(router_);
  const auto& params = doc["paths"]["/v1/commands/{type}"]["post"]["parameters"];
  ASSERT_EQ(params.size(), 1u);
  const auto& types = params[0]["schema"]["enum"];
  EXPECT_NE(std::find(types.begin(), types.end(), "task.create"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "payload.erase"), types.end());
}

}  // namespace
}  // namespace dauvet::api
