// Command decoders: the first byte picks a command type, the rest is its JSON body. A
// decoded command must pass or fail check_command cleanly; no input may crash a decoder.
#include <string_view>

#include <nlohmann/json.hpp>

#include "events/commands.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto types = dauvet::events::command_types();
  const std::string_view type = types[data[0] % types.size()];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded()) return 0;
  auto command = dauvet::events::decode_command(type, body);
  if (command) (void)dauvet::events::check_command(*command);
  return 0;
}
