#include "events/streams.hpp"

#include <array>
#include <utility>

namespace dauvet::events {

namespace {

void assign_joined(std::string& out, std::string_view prefix, std::string_view id) {
  out.assign(prefix);
  out += '/';
  out += id;
}

std::string join(std::string_view prefix, std::string_view id) {
  std::string out;
  out.reserve(prefix.size() + 1 + id.size());
  assign_joined(out, prefix, id);
  return out;
}

void append_symbol_key(std::string& out, std::string_view symbol) {
  for (std::size_t i = 0; i < symbol.size(); ++i) {
    const char c = symbol[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    // U+00A0 NO-BREAK SPACE, which word processors put between "01" and "-KH/BCĐ".
    if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < symbol.size() &&
        static_cast<unsigned char>(symbol[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    out += c;
  }
}

constexpr std::array<std::pair<std::string_view, Aggregate>, 9> kPrefixes = {{
    {"unit", Aggregate::unit},
    {"actor", Aggregate::actor},
    {"person", Aggregate::person},
    {"directive", Aggregate::directive},
    {"task", Aggregate::task},
    {"report", Aggregate::report},
    {"indicator", Aggregate::indicator},
    {"inspection", Aggregate::inspection},
    {"case", Aggregate::discipline_case},
}};

}  // namespace

std::string symbol_key(std::string_view symbol) {
  std::string out;
  out.reserve(symbol.size());
  append_symbol_key(out, symbol);
  return out;
}

std::string unit_stream(std::string_view id) { return join("unit", id); }
std::string actor_stream(std::string_view id) { return join("actor", id); }
std::string person_stream(std::string_view id) { return join("person", id); }
std::string report_stream(std::string_view id) { return join("report", id); }
std::string indicator_stream(std::string_view id) { return join("indicator", id); }
std::string inspection_stream(std::string_view id) { return join("inspection", id); }
std::string case_stream(std::string_view id) { return join("case", id); }

std::string directive_stream(std::string_view issuer, std::string_view symbol) {
  std::string out;
  directive_stream_into(out, issuer, symbol);
  return out;
}

void unit_stream_into(std::string& out, std::string_view id) { assign_joined(out, "unit", id); }
void person_stream_into(std::string& out, std::string_view id) { assign_joined(out, "person", id); }
void directive_stream_into(std::string& out, std::string_view issuer, std::string_view symbol) {
  assign_joined(out, "directive", issuer);
  out += '/';
  append_symbol_key(out, symbol);
}

std::string task_stream(std::string_view issuer, std::string_view symbol, std::string_view item) {
  return join(join(join("task", issuer), symbol_key(symbol)), item);
}

std::optional<Aggregate> aggregate_of(std::string_view stream) {
  if (stream == kErasureStream) return Aggregate::erasures;
  const auto slash = stream.find('/');
  if (slash == std::string_view::npos || slash + 1 == stream.size()) return std::nullopt;
  const auto prefix = stream.substr(0, slash);
  for (const auto& [name, aggregate] : kPrefixes) {
    if (name == prefix) return aggregate;
  }
  return std::nullopt;
}

std::string_view stream_id(std::string_view stream) {
  const auto slash = stream.find('/');
  return slash == std::string_view::npos ? std::string_view{} : stream.substr(slash + 1);
}

std::optional<TaskKey> parse_task_stream(std::string_view stream) {
  constexpr std::string_view prefix = "task/";
  if (!stream.starts_with(prefix)) return std::nullopt;
  const auto rest = stream.substr(prefix.size());
  const auto first = rest.find('/');
  const auto last = rest.rfind('/');
  if (first == std::string_view::npos || last == first || first == 0 || last + 1 == rest.size()) return std::nullopt;
  return TaskKey{std::string(rest.substr(0, first)), std::string(rest.substr(first + 1, last - first - 1)),
                 std::string(rest.substr(last + 1))};
}

std::optional<DirectiveKey> parse_directive_stream(std::string_view stream) {
  constexpr std::string_view prefix = "directive/";
  if (!stream.starts_with(prefix)) return std::nullopt;
  const auto rest = stream.substr(prefix.size());
  const auto first = rest.find('/');
  if (first == std::string_view::npos || first == 0 || first + 1 == rest.size()) return std::nullopt;
  return DirectiveKey{std::string(rest.substr(0, first)), std::string(rest.substr(first + 1))};
}

}  // namespace dauvet::events
