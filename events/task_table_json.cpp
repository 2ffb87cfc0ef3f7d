#include "events/task_table.hpp"

namespace dauvet::events {

nlohmann::json to_json(const TaskRow& r) {
  return {{"section", r.section},
          {"section_title", r.section_title},
          {"item", r.item},
          {"content", r.content},
          {"lead", r.lead},
          {"lead_units", r.lead_units},
          {"lead_free_text", r.lead_free_text},
          {"coordinating", r.coordinating},
          {"coordinating_units", r.coordinating_units},
          {"coordinating_free_text", r.coordinating_free_text},
          {"time_frame", r.time_frame},
          {"notes", r.notes},
          {"line", r.line}};
}

nlohmann::json to_json(const TaskTable& t) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : t.rows) rows.push_back(to_json(r));
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : t.problems) problems.push_back({{"line", p.line}, {"column", p.column}, {"message", p.message}});
  return {{"format", t.format == TaskTable::Format::csv ? "csv" : "tsv"},
          {"header_line", t.header_line},
          {"rows", std::move(rows)},
          {"problems", std::move(problems)}};
}

}  // namespace dauvet::events
