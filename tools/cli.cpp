#include "tools/cli.hpp"

#include <iostream>

namespace dauvet::tools {

std::optional<po::variables_map> parse_args(const Args& args, const Usage& usage,
                                            po::options_description options,
                                            const po::positional_options_description& positional,
                                            int* exit_code) {
  options.add_options()("help,h", "show this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    if (vm.count("help") != 0u) {
      std::cout << "usage: dauvet " << usage.command << ' ' << usage.synopsis << "\n\n"
                << usage.about << "\n\n"
                << options;
      *exit_code = 0;
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "dauvet " << usage.command << ": " << e.what() << "\n"
              << "usage: dauvet " << usage.command << ' ' << usage.synopsis
              << "  (--help for more)\n";
    *exit_code = 2;
    return std::nullopt;
  }
  return vm;
}

}  // namespace dauvet::tools
