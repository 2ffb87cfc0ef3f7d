// Internal to task_table.cpp and its tests: splitting table text into records of cells.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "events/task_table.hpp"

namespace dauvet::events::table_detail {

struct Record {
  std::vector<std::string> cells;  // as read: quotes removed, not trimmed
  std::size_t line = 0;            // 1-based line where the record starts
};

// Records from `text`, whose first line is line `first_line` of the input. A cell that
// starts with '"' is quoted: it runs to the next '"' not doubled, and may hold the
// separator and newlines. With `csv`, a quote that does not close properly is a problem
// (RFC 4180); in TSV, where spreadsheet exports quote only when they must and people type
// quotes freely, such a cell is simply read as written.
std::vector<Record> read_records(std::string_view text, std::size_t first_line, char sep, bool csv,
                                 std::vector<TableProblem>& problems);

}  // namespace dauvet::events::table_detail
