// token: API bearer tokens, made on the ledger's host. Works only while no server holds the
// ledger (one writer per ledger); with a server running, use POST /v1/tokens instead.
#include <iostream>

#include "api/tokens.hpp"
#include "base/hex.hpp"
#include "tools/cli.hpp"
#include "tools/writer.hpp"

namespace dauvet::tools {
namespace {

// revoked: the token being revoked, which must be active (a typo must not pass silently).
int append_one(const std::string& dir, Result<AppendRequest> request, std::string_view what,
               const std::optional<crypto::Hash>& revoked = {}) {
  if (!request) {
    std::cerr << "dauvet token " << what << ": " << request.error().to_string() << '\n';
    return 2;
  }
  auto w = open_writer(dir, {});
  if (!w) {
    std::cerr << "dauvet token " << what << ": " << w.error().to_string() << '\n';
    return 1;
  }
  if (revoked && !w->tokens->active(*revoked)) {
    std::cerr << "dauvet token " << what << ": no active token has this SHA-256\n";
    return 1;
  }
  auto result = w->ledger->append(std::move(*request), operator_actor()).get();
  if (!result) {
    std::cerr << "dauvet token " << what << ": " << result.error().to_string() << '\n';
    return 1;
  }
  return 0;
}

int token_create(const Args& args) {
  const Usage usage{"token create", "DIR --actor ID --role ROLE --unit UNIT [--note TEXT]",
                    "Issues a bearer token for the API and prints it on stdout. It is shown this once:\n"
                    "the ledger records only its SHA-256 (printed on stderr, for `token revoke`).\n"
                    "Roles: admin, issuer, clerk, inspector, oversight, verifier."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "actor", po::value<std::string>()->required(), "actor id the token writes as")(
      "role", po::value<std::string>()->required(), "role")(
      "unit", po::value<std::string>()->required(), "unit the token's rights are scoped to")(
      "note", po::value<std::string>()->default_value(""), "what the token is for");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  auto token = api::generate_token();
  if (!token) {
    std::cerr << "dauvet token create: " << token.error().to_string() << '\n';
    return 1;
  }
  const events::Actor holder{(*vm)["actor"].as<std::string>(), (*vm)["unit"].as<std::string>(),
                             (*vm)["role"].as<std::string>()};
  const int rc = append_one((*vm)["dir"].as<std::string>(),
                            api::token_issued_request(token->sha256, holder, (*vm)["note"].as<std::string>()), "create");
  if (rc != 0) return rc;
  std::cout << token->token << std::endl;
  std::cerr << "sha256: " << token->sha256 << '\n';
  return 0;
}

int token_revoke(const Args& args) {
  const Usage usage{"token revoke", "DIR --sha256 HEX",
                    "Revokes the token with this SHA-256; a running server would refuse it from the\n"
                    "commit on (here: from the next start)."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "sha256", po::value<std::string>()->required(), "the token's SHA-256, lowercase hex");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  const std::string hex = (*vm)["sha256"].as<std::string>();
  crypto::Hash h{};
  if (!from_hex_into(hex, h)) {
    std::cerr << "dauvet token revoke: --sha256 must be 64 lowercase hex digits\n";
    return 2;
  }
  return append_one((*vm)["dir"].as<std::string>(), api::token_revoked_request(hex), "revoke", h);
}

}  // namespace

int cmd_token(const Args& args) {
  const std::string_view sub = args.empty() ? std::string_view() : std::string_view(args.front());
  const Args rest(args.empty() ? args.end() : args.begin() + 1, args.end());
  if (sub == "create") return token_create(rest);
  if (sub == "revoke") return token_revoke(rest);
  std::cerr << "usage: dauvet token create DIR --actor ID --role ROLE --unit UNIT [--note TEXT]\n"
               "       dauvet token revoke DIR --sha256 HEX\n";
  return sub == "--help" || sub == "-h" ? 0 : 2;
}

}  // namespace dauvet::tools
