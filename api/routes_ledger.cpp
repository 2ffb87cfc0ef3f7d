// The ledger's public, verifiable surface: what other people's verifiers read, in exactly
// the formats they expect. Only hashes and signatures leave here — never entry payloads —
// so these routes need no credential.
//
//   GET /v1/ledger/checkpoint                   latest signed checkpoint note (text/plain)
//   GET /v1/ledger/key                          the verifier key string (text/plain)
//   GET /v1/ledger/leaves?start=S&end=E         ["<base64 leaf hash>", ...]  (E - S <= 1000)
//   GET /v1/ledger/proof/inclusion?index=I&size=N     {"index":I,"size":N,"hashes":[...]}
//   GET /v1/ledger/proof/consistency?from=M&to=N      {"from":M,"to":N,"hashes":[...]}
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/handler_util.hpp"
#include "api/problem.hpp"
#include "api/routes.hpp"
#include "api/services.hpp"
#include "core/checkpointer.hpp"
#include "core/identity.hpp"
#include "core/tree.hpp"
#include "crypto/base64.hpp"
#include "crypto/merkle.hpp"

namespace dauvet::api {
namespace {

constexpr std::uint64_t kMaxRange = 1000;

// A required unsigned query parameter, or the problem to answer with.
Result<std::uint64_t> number(const Request& req, std::string_view name) {
  auto text = query_param(req.target(), name);
  if (!text) return fail(Errc::invalid_argument, "the query parameter is required", std::string(name));
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (text->empty() || ec != std::errc{} || end != text->data() + text->size())
    return fail(Errc::invalid_argument, "must be a non-negative integer", std::string(name));
  return v;
}

nlohmann::json base64_list(const std::vector<crypto::Hash>& hashes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : hashes) out.push_back(crypto::base64_encode(h));
  return out;
}

}  // namespace

void add_ledger_routes(Router& router) {
  router.add(http::verb::get, "/v1/ledger/checkpoint", "ledger_checkpoint",
             [](const Request& req, const Params&, Services& s, Responder respond) {
               on_snapshot(req, s, respond, [&](const LedgerView& view, std::uint64_t) -> Result<Response> {
                 auto store = CheckpointStore::open(view.txn());
                 if (!store) return fail(store.error());
                 auto latest = store->latest(view.txn());
                 if (!latest) return fail(latest.error());
                 if (!*latest) return fail(Errc::not_found, "no checkpoint has been signed yet");
                 return make_response(req, http::status::ok, (*latest)->note, "text/plain; charset=utf-8");
               });
             });
  router.add(http::verb::get, "/v1/ledger/key", "ledger_key", [](const Request& req, const Params&, Services& s, Responder respond) {
    on_snapshot(req, s, respond, [&](const LedgerView& view, std::uint64_t) -> Result<Response> {
      auto keys = recorded_verifier_keys(view);
      if (!keys) return fail(keys.error());
      if (keys->empty()) return fail(Errc::not_found, "this ledger has no signing key");
      return make_response(req, http::status::ok, crypto::format_verifier_key(keys->back().name, keys->back().public_key) + "\n",
                           "text/plain; charset=utf-8");
    });
  });
  router.add(http::verb::get, "/v1/ledger/leaves", "ledger_leaves", [](const Request& req, const Params&, Services& s, Responder respond) {
    on_snapshot(req, s, respond, [&](const LedgerView& view, std::uint64_t size) -> Result<Response> {
      auto start = number(req, "start");
      if (!start) return fail(start.error());
      auto end = number(req, "end");
      if (!end) return fail(end.error());
      if (*start >= *end || *end > size)
        return fail(Errc::invalid_argument, "need start < end <= " + std::to_string(size), "end");
      const std::uint64_t stop = std::min(*end, *start + kMaxRange);
      TreeView tree(view.txn(), s.ledger.tree_dbi());
      nlohmann::json out = nlohmann::json::array();
      for (std::uint64_t i = *start; i < stop; ++i) {
        auto leaf = tree.node(0, i);
        if (!leaf || !*leaf) return fail(Errc::corrupt, "leaf " + std::to_string(i) + " is missing");
        out.push_back(crypto::base64_encode(**leaf));
      }
      return make_response(req, http::status::ok, out.dump());
    });
  });
  router.add(http::verb::get, "/v1/ledger/proof/inclusion", "ledger_proof_inclusion",
             [](const Request& req, const Params&, Services& s, Responder respond) {
               on_snapshot(req, s, respond, [&](const LedgerView& view, std::uint64_t size) -> Result<Response> {
                 auto index = number(req, "index");
                 if (!index) return fail(index.error());
                 auto n = number(req, "size");
                 if (!n) return fail(n.error());
                 if (*n > size) return fail(Errc::invalid_argument, "the ledger has " + std::to_string(size) + " entries", "size");
                 TreeView tree(view.txn(), s.ledger.tree_dbi());
                 auto proof = crypto::inclusion_proof(*index, *n, tree.reader());
                 if (!proof) return fail(proof.error());
                 nlohmann::json out{{"index", *index}, {"size", *n}, {"hashes", base64_list(*proof)}};
                 return make_response(req, http::status::ok, out.dump());
               });
             });
  router.add(http::verb::get, "/v1/ledger/proof/consistency", "ledger_proof_consistency",
             [](const Request& req, const Params&, Services& s, Responder respond) {
               on_snapshot(req, s, respond, [&](const LedgerView& view, std::uint64_t size) -> Result<Response> {
                 auto from = number(req, "from");
                 if (!from) return fail(from.error());
                 auto to = number(req, "to");
                 if (!to) return fail(to.error());
                 if (*to > size) return fail(Errc::invalid_argument, "the ledger has " + std::to_string(size) + " entries", "to");
                 TreeView tree(view.txn(), s.ledger.tree_dbi());
                 auto proof = crypto::consistency_proof(*from, *to, tree.reader());
                 if (!proof) return fail(proof.error());
                 nlohmann::json out{{"from", *from}, {"to", *to}, {"hashes", base64_list(*proof)}};
                 return make_response(req, http::status::ok, out.dump());
               });
             });
}

}  // namespace dauvet::api
