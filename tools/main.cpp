// dauvet: the single binary. `dauvet COMMAND --help` describes each command.
#include <array>
#include <iostream>
#include <string_view>

#include "tools/cli.hpp"

namespace {

using dauvet::tools::Args;

struct Entry {
  std::string_view name;
  std::string_view summary;
  int (*run)(const Args&);
};

constexpr std::array kCommands{
    Entry{"init", "create a new ledger directory", dauvet::tools::cmd_init},
    Entry{"append", "append one entry (operators and tests)", dauvet::tools::cmd_append},
    Entry{"log", "print entries as NDJSON", dauvet::tools::cmd_log},
    Entry{"verify", "check entries, chain, payloads, checkpoints, signatures", dauvet::tools::cmd_verify},
    Entry{"serve", "serve the HTTP API", dauvet::tools::cmd_serve},
    Entry{"checkpoint", "sign a checkpoint now and print it", dauvet::tools::cmd_checkpoint},
    Entry{"key", "rotate the signing key", dauvet::tools::cmd_key},
    Entry{"prove", "write an inclusion proof of one entry", dauvet::tools::cmd_prove},
    Entry{"verify-proof", "check a proof file offline", dauvet::tools::cmd_verify_proof},
    Entry{"export", "write a bundle for offline verification", dauvet::tools::cmd_export},
    Entry{"import", "import a directive's task table", dauvet::tools::cmd_import},
    Entry{"exec", "run domain commands from an NDJSON file", dauvet::tools::cmd_exec},
    Entry{"token", "create or revoke an API bearer token", dauvet::tools::cmd_token},
    Entry{"rebuild", "rebuild the projection tables from the entries", dauvet::tools::cmd_rebuild},
    Entry{"parse-deadline", "read a time frame as written into its schedule", dauvet::tools::cmd_parse_deadline},
    Entry{"bench", "measure the ledger against raw LMDB", dauvet::tools::cmd_bench},
};

int usage(std::ostream& out) {
  out << "usage: dauvet COMMAND [ARGS] (dauvet COMMAND --help for details)\n\ncommands:\n";
  for (const auto& c : kCommands) out << "  " << c.name << std::string(16 - c.name.size(), ' ') << c.summary << '\n';
  return &out == &std::cout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(std::cerr);
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") return usage(std::cout);
  for (const auto& c : kCommands) {
    if (c.name == name) {
      try {
        return c.run(Args(argv + 2, argv + argc));
      } catch (const std::exception& e) {
        std::cerr << "dauvet " << name << ": " << e.what() << '\n';
        return 1;
      }
    }
  }
  std::cerr << "dauvet: unknown command '" << name << "'\n";
  return usage(std::cerr);
}
