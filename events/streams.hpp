// Stream names: one stream per aggregate instance (see event_types.hpp for the table).
//
// Ids (units, actors, persons, reports, indicators, inspections, cases) never contain '/',
// and neither do task items, so a task stream "task/<issuer>/<symbol key>/<item>" splits
// unambiguously even though symbols do ("26-CTr/TU"): the issuer is the first segment, the
// item the last, the symbol everything between.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dauvet::events {

// The key a directive symbol is unique under: the symbol as written minus whitespace, so
// "01 - KH/BCĐ" and "01-KH/BCĐ" are the same document of the same issuer. Letter case is
// kept: it distinguishes kinds of document ("QĐ" / "QĐi").
std::string symbol_key(std::string_view symbol);

std::string unit_stream(std::string_view id);
std::string actor_stream(std::string_view id);
std::string person_stream(std::string_view id);
std::string directive_stream(std::string_view issuer, std::string_view symbol);  // keys the symbol
std::string task_stream(std::string_view issuer, std::string_view symbol, std::string_view item);
std::string report_stream(std::string_view id);
std::string indicator_stream(std::string_view id);
std::string inspection_stream(std::string_view id);
std::string case_stream(std::string_view id);
// The same names written into `out` in place of what it held, for a caller that makes
// several an entry and keeps the buffers (the projector's related streams).
void unit_stream_into(std::string& out, std::string_view id);
void person_stream_into(std::string& out, std::string_view id);
void directive_stream_into(std::string& out, std::string_view issuer, std::string_view symbol);
inline constexpr std::string_view kErasureStream = "erasures";

enum class Aggregate { unit, actor, person, directive, task, report, indicator, inspection, discipline_case, erasures };

// Which aggregate a stream belongs to; nullopt for a stream the domain does not own.
std::optional<Aggregate> aggregate_of(std::string_view stream);

// The id part of "unit/<id>", "report/<id>", ...: everything after the first '/'.
std::string_view stream_id(std::string_view stream);

struct TaskKey {
  std::string issuer;
  std::string symbol;  // the key form
  std::string item;
  friend bool operator==(const TaskKey&, const TaskKey&) = default;
};
std::optional<TaskKey> parse_task_stream(std::string_view stream);

struct DirectiveKey {
  std::string issuer;
  std::string symbol;  // the key form
  friend bool operator==(const DirectiveKey&, const DirectiveKey&) = default;
};
std::optional<DirectiveKey> parse_directive_stream(std::string_view stream);

}  // namespace dauvet::events
