// The task table of a directive (BIỂU PHÂN CÔNG NHIỆM VỤ), as users paste or export it:
//
//   TT | Nội dung nhiệm vụ | Cơ quan chủ trì thực hiện | Cơ quan phối hợp thực hiện |
//   Thời gian thực hiện | Ghi chú
//
// Tab-separated (a copy from Word or a spreadsheet) or CSV (RFC 4180, comma), told apart
// by the header line. Whatever comes before the header (the directive's own text) is
// skipped, so a whole document can be fed in. Columns are found by their header names, so
// their order may differ. Inside the table:
//   - repeated header rows (one per printed page) and blank lines are skipped;
//   - a section row ("I", "II" + title, other cells empty) qualifies the items below it:
//     item "1" under "II" becomes "II.1";
//   - a cell may span lines: quoted with embedded newlines (spreadsheet TSV/CSV), or as a
//     row broken across lines (the next line carries on the last cell and the rest), or as
//     a line with an empty TT cell whose cells continue the row above column by column;
//   - rows that cannot be read (wrong number of columns, no content, a TT that is not an
//     item number, an item seen twice) are reported as problems, never half-imported.
// Only input with no recognisable header is an error. Output is deterministic: rows and
// problems in input order.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace dauvet::events {

// A cell naming bodies, split: "Đảng đoàn Hội đồng nhân dân tỉnh, Ban cán sự đảng Ủy ban
// nhân dân tỉnh" is two units; "các cơ quan, đơn vị có liên quan" is one generic phrase,
// kept as written, never a unit. Order as in the cell.
struct UnitList {
  std::vector<std::string> units;
  std::vector<std::string> free_text;
};
UnitList split_units(std::string_view cell);

struct TaskRow {
  std::string section;        // "II"; empty when the table has no sections
  std::string section_title;  // "CÁC NHIỆM VỤ BỔ SUNG MỚI"
  std::string item;           // "II.1"
  std::string content;
  std::string lead;           // the cells as written (trimmed)
  std::vector<std::string> lead_units;
  std::vector<std::string> lead_free_text;
  std::string coordinating;
  std::vector<std::string> coordinating_units;
  std::vector<std::string> coordinating_free_text;
  std::string time_frame;     // for parse_deadline (deadline.hpp)
  std::string notes;
  std::size_t line = 0;       // 1-based line of the input where the row starts
};

struct TableProblem {
  std::size_t line = 0;
  std::size_t column = 0;  // 1-based; 0 when the whole row is at fault
  std::string message;
};

struct TaskTable {
  enum class Format { tsv, csv };
  Format format = Format::tsv;
  std::size_t header_line = 0;  // the first header row
  std::vector<TaskRow> rows;
  std::vector<TableProblem> problems;
};

Result<TaskTable> read_task_table(std::string_view text);

nlohmann::json to_json(const TaskRow& row);
// {"format", "header_line", "rows": [...], "problems": [{"line", "column", "message"}]}
nlohmann::json to_json(const TaskTable& table);

}  // namespace dauvet::events
