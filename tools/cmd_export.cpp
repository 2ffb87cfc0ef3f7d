// export: the bundle an oversight body takes away (format in bundle.hpp).
#include <iostream>

#include "tools/bundle.hpp"
#include "tools/cli.hpp"

namespace dauvet::tools {

int cmd_export(const Args& args) {
  const Usage usage{"export", "DIR OUT",
                    "Writes the ledger's entries, payloads, signed checkpoints and verifier keys\n"
                    "to the new directory OUT as plain files (see FORMAT inside). Safe while a\n"
                    "server runs: it copies one consistent snapshot."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "out", po::value<std::string>()->required(), "bundle directory to create");
  po::positional_options_description pos;
  pos.add("dir", 1).add("out", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  if (auto r = write_bundle((*vm)["dir"].as<std::string>(), (*vm)["out"].as<std::string>()); !r) {
    std::cerr << "dauvet export: " << r.error().to_string() << '\n';
    return 1;
  }
  std::cout << "exported to " << (*vm)["out"].as<std::string>() << '\n';
  return 0;
}

}  // namespace dauvet::tools
