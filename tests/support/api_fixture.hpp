// A ledger with projections and a TokenStore, the full router, and tokens per role: the
// API driven through Router::handle without a network.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <future>
#include <map>

#include "api/routes.hpp"
#include "api/services.hpp"
#include "api/tokens.hpp"
#include "support/temp_dir.hpp"

namespace dauvet::api::test {

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void open() {
    projector_ = std::make_shared<projections::Projector>();
    tokens_ = std::make_shared<TokenStore>();
    commits_ = std::make_shared<CommitSignal>();
    auto l = Ledger::open(dir_.str(), Ledger::Options{.hooks = {projector_, tokens_, commits_}, .create = true});
    ASSERT_TRUE(l) << l.error().to_string();
    ledger_ = std::move(*l);
    services_ = std::make_unique<Services>(*ledger_);
    services_->projector = projector_;
    services_->auth = tokens_;
    services_->commits = commits_;
  }

  void close() {
    commits_->close();
    services_.reset();
    ledger_.reset();
  }

  // Records a token as `dauvet token create` does and returns it.
  std::string issue(const std::string& actor, const std::string& role, const std::string& unit) {
    auto t = generate_token();
    EXPECT_TRUE(t);
    auto req = token_issued_request(t->sha256, events::Actor{actor, unit, role});
    EXPECT_TRUE(req) << req.error().to_string();
    auto r = ledger_->append(std::move(*req), Actor{"operator:test", "root", "admin"}).get();
    EXPECT_TRUE(r) << r.error().to_string();
    return t->token;
  }

  Response call(http::verb verb, const std::string& target, const std::string& token, std::string body = {},
                const std::map<std::string, std::string>& headers = {}) {
    Request req{verb, target, 11};
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = std::move(body);
    req.prepare_payload();
    std::promise<Response> p;
    router_.handle(req, *services_, [&](Response r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  Response command(const std::string& type, const nlohmann::json& body, const std::string& token,
                   const std::map<std::string, std::string>& headers = {}) {
    return call(http::verb::post, "/v1/commands/" + type, token, body.dump(), headers);
  }

  static nlohmann::json json_of(const Response& r) { return nlohmann::json::parse(r.body(), nullptr, false); }
  static std::string problem_type(const Response& r) { return json_of(r).value("type", std::string()); }

  std::uint64_t ledger_size() {
    auto snap = ledger_->read();
    return snap ? snap->view().size().value_or(0) : 0;
  }

  dauvet::testing::TempDir dir_;
  std::shared_ptr<projections::Projector> projector_;
  std::shared_ptr<TokenStore> tokens_;
  std::shared_ptr<CommitSignal> commits_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<Services> services_;
  Router router_ = make_router();
};

}  // namespace dauvet::api::test
