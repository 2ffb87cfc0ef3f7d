// Shared plumbing for the `dauvet` subcommands: each is a function from its arguments to an
// exit code, declared here and listed once in main.cpp.
//
// Exit codes: 0 success, 1 the check or operation failed (verification found a bad entry,
// the ledger refused a command), 2 usage error.
#pragma once

#include <boost/program_options.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dauvet::tools {

namespace po = boost::program_options;

using Args = std::vector<std::string>;

struct Usage {
  std::string_view command;   // "verify"
  std::string_view synopsis;  // "DIR [--since FILE]"
  std::string_view about;     // one paragraph, printed by --help
};

// Parses args against options and positionals; handles --help. Returns the parsed map, or
// the exit code to return right away (0 after --help, 2 after a usage error, printed).
std::optional<po::variables_map> parse_args(const Args& args, const Usage& usage,
                                            po::options_description options,
                                            const po::positional_options_description& positional,
                                            int* exit_code);

int cmd_init(const Args& args);
int cmd_append(const Args& args);
int cmd_log(const Args& args);
int cmd_verify(const Args& args);
int cmd_bench(const Args& args);
int cmd_serve(const Args& args);
int cmd_checkpoint(const Args& args);
int cmd_key(const Args& args);
int cmd_prove(const Args& args);
int cmd_verify_proof(const Args& args);
int cmd_export(const Args& args);
int cmd_parse_deadline(const Args& args);
int cmd_rebuild(const Args& args);
int cmd_exec(const Args& args);
int cmd_import(const Args& args);
int cmd_token(const Args& args);
int cmd_bench_domain(const Args& args);
int cmd_bench_generate(const Args& args);

}  // namespace dauvet::tools
