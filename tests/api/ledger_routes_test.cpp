// The ledger routes through handle(), without a network: what a third-party verifier
// fetches must verify with nothing but that verifier's own code.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <future>

#include "api/routes.hpp"
#include "api/services.hpp"
#include "core/checkpointer.hpp"
#include "core/identity.hpp"
#include "crypto/base64.hpp"
#include "crypto/checkpoint.hpp"
#include "crypto/merkle.hpp"
#include "support/temp_dir.hpp"

namespace dauvet::api {
namespace {

class LedgerRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    auto l = Ledger::open(dir_.str(), Ledger::Options{.hooks = {checkpointer_}, .create = true});
    ASSERT_TRUE(l);
    ledger_ = std::move(*l);
    ASSERT_TRUE(create_identity(*ledger_, "dauvet.test/ledger"));
    for (int i = 0; i < 40; ++i) {
      AppendRequest r{"s/" + std::to_string(i % 3), std::nullopt, "t", *Payload::parse("{\"i\":" + std::to_string(i) + "}"), {}};
      ASSERT_TRUE(ledger_->append(std::move(r), Actor{"a", "root", "admin"}).get());
    }
    auto snap = ledger_->read();
    auto signer = load_signer(dir_.str(), snap->view());
    ASSERT_TRUE(signer);
    snap = fail(Error{});
    ASSERT_TRUE(checkpointer_->start(*ledger_, std::move(*signer)));
    services_ = std::make_unique<Services>(*ledger_);
  }
  void TearDown() override { checkpointer_->stop(); }

  Response get(const std::string& target) {
    Request req{http::verb::get, target, 11};
    std::promise<Response> p;
    router_.handle(req, *services_, [&](Response r) { p.set_value(std::move(r)); });
    return p.get_future().get();
  }

  static crypto::Hash hash_of(const nlohmann::json& b64) {
    auto bytes = crypto::base64_decode(b64.get<std::string>());
    crypto::Hash h{};
    std::copy(bytes->begin(), bytes->end(), h.begin());
    return h;
  }
  static std::vector<crypto::Hash> hashes(const nlohmann::json& arr) {
    std::vector<crypto::Hash> out;
    for (const auto& x : arr) out.push_back(hash_of(x));
    return out;
  }

  testing::TempDir dir_;
  std::shared_ptr<Checkpointer> checkpointer_ = std::make_shared<Checkpointer>(Checkpointer::Options{});
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<Services> services_;
  Router router_ = make_router();
};

TEST_F(LedgerRoutes, CheckpointKeyLeavesAndProofsVerifyIndependently) {
  const Response key = get("/v1/ledger/key");
  ASSERT_EQ(key.result(), http::status::ok);
  auto vkey = crypto::parse_verifier_key(key.body().substr(0, key.body().size() - 1));
  ASSERT_TRUE(vkey) << key.body();
  const Response cp_res = get("/v1/ledger/checkpoint");
  ASSERT_EQ(cp_res.result(), http::status::ok);
  EXPECT_EQ(cp_res[http::field::content_type], "text/plain; charset=utf-8");
  auto cp = crypto::open_checkpoint(cp_res.body(), "dauvet.test/ledger", {*vkey});
  ASSERT_TRUE(cp) << cp.error().to_string();
  EXPECT_EQ(cp->size, 41u);
  EXPECT_EQ(cp_res["X-Ledger-Index"], "40");

  const auto leaves = nlohmann::json::parse(get("/v1/ledger/leaves?start=0&end=41").body());
  ASSERT_EQ(leaves.size(), 41u);
  EXPECT_EQ(crypto::root_of(hashes(leaves)), cp->root);
  for (std::uint64_t i : {0u, 17u, 40u}) {
    const auto body = nlohmann::json::parse(get("/v1/ledger/proof/inclusion?index=" + std::to_string(i) + "&size=41").body());
    EXPECT_EQ(body["index"], i);
    EXPECT_TRUE(crypto::verify_inclusion(hash_of(leaves[i]), i, 41, hashes(body["hashes"]), cp->root)) << i;
  }
  const auto all = hashes(leaves);
  const std::vector<crypto::Hash> leaves10(all.begin(), all.begin() + 10);
  const auto c = nlohmann::json::parse(get("/v1/ledger/proof/consistency?from=10&to=41").body());
  EXPECT_TRUE(crypto::verify_consistency(10, 41, crypto::root_of(leaves10), cp->root, hashes(c["hashes"])));
}

TEST_F(LedgerRoutes, BadParametersGetProblemDocuments) {
  auto expect_problem = [&](const std::string& target, http::status status, const std::string& field) {
    const Response r = get(target);
    EXPECT_EQ(r.result(), status) << target;
    EXPECT_EQ(r[http::field::content_type], "application/problem+json") << target;
    const auto body = nlohmann::json::parse(r.body());
    EXPECT_EQ(body["status"], static_cast<int>(status));
    if (!field.empty()) {
      EXPECT_EQ(body["field"], field) << target;
    }
  };
  expect_problem("/v1/ledger/proof/inclusion?size=41", http::status::bad_request, "index");
  expect_problem("/v1/ledger/proof/inclusion?index=41&size=41", http::status::bad_request, "index");
  expect_problem("/v1/ledger/proof/inclusion?index=-1&size=41", http::status::bad_request, "index");
  expect_problem("/v1/ledger/proof/inclusion?index=1&size=99", http::status::bad_request, "size");
  expect_problem("/v1/ledger/proof/consistency?from=9&to=5", http::status::bad_request, "from");
  expect_problem("/v1/ledger/leaves?start=5&end=5", http::status::bad_request, "end");
  expect_problem("/v1/ledger/nothing", http::status::not_found, "");
}

}  // namespace
}  // namespace dauvet::api
