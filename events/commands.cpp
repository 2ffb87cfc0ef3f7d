#include "events/commands.hpp"

#include <array>
#include <exception>
#include <utility>

#include "events/authz.hpp"
#include "events/fields.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

// The ledger's limit on a stream name (core/entry.hpp, kMaxStreamBytes).
constexpr std::size_t kMaxStreamBytes = 256;

using Decoder = Result<Command> (*)(const nlohmann::json&);

template <class T>
Result<Command> decode_as(const nlohmann::json& body) {
  JsonReader reader(body, "");
  T command;
  read(reader, command);
  DAUVET_TRY(reader.finish());
  DAUVET_TRY(check(command));
  return Command{std::move(command)};
}

template <std::size_t... I>
constexpr auto make_types(std::index_sequence<I...>) {
  return std::array<std::string_view, sizeof...(I)>{std::variant_alternative_t<I, Command>::kType...};
}

template <std::size_t... I>
constexpr auto make_decoders(std::index_sequence<I...>) {
  return std::array<Decoder, sizeof...(I)>{&decode_as<std::variant_alternative_t<I, Command>>...};
}

constexpr auto kIndexes = std::make_index_sequence<std::variant_size_v<Command>>();
constexpr auto kTypes = make_types(kIndexes);
constexpr auto kDecoders = make_decoders(kIndexes);

}  // namespace

std::span<const std::string_view> command_types() { return kTypes; }

std::string_view command_type(const Command& command) { return kTypes[command.index()]; }

Result<Command> decode_command(std::string_view type, const nlohmann::json& body) {
  for (std::size_t i = 0; i < kTypes.size(); ++i) {
    if (kTypes[i] == type) return kDecoders[i](body);
  }
  return fail(Errc::invalid_argument, "'" + std::string(type) + "' is not a command; the commands are: " +
                                          field::join(kTypes),
              "type");
}

Result<void> check_command(const Command& command) {
  return std::visit([](const auto& c) { return check(c); }, command);
}

Result<Events> decide(const Context& ctx, const Command& command) {
  DAUVET_TRY(check_writer(ctx));
  DAUVET_TRY(check_command(command));
  Result<Events> events;
  // decide runs on the writer thread: an exception escaping it would stop every write, so
  // a bug in a rule becomes this command's refusal instead.
  try {
    events = std::visit([&](const auto& c) { return decide(ctx, c); }, command);
  } catch (const std::exception& e) {
    return fail(Errc::internal, std::string(command_type(command)) + ": " + e.what());
  }
  if (!events) return events;
  for (const auto& e : *events) {
    if (e.stream.size() > kMaxStreamBytes) {
      return fail(Errc::invalid_argument, "the ids and symbol given make the stream name '" + e.stream +
                                              "' longer than " + std::to_string(kMaxStreamBytes) +
                                              " bytes; use shorter ids");
    }
  }
  return events;
}

}  // namespace dauvet::events
