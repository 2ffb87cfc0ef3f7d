#include "events/table_records.hpp"

#include <optional>

namespace dauvet::events::table_detail {

namespace {

bool ends_cell(std::string_view text, std::size_t i, char sep) {
  return i >= text.size() || text[i] == sep || text[i] == '\n' || text[i] == '\r';
}

struct Quoted {
  std::string value;
  std::size_t end = 0;       // just past the closing quote
  std::size_t newlines = 0;  // inside the cell
};

// The quoted cell at `i` (text[i] == '"'), or nothing when its closing quote is missing or
// followed by more text.
std::optional<Quoted> quoted(std::string_view text, std::size_t i, char sep) {
  Quoted q;
  std::size_t j = i + 1;
  while (j < text.size()) {
    if (text[j] == '"') {
      if (j + 1 < text.size() && text[j + 1] == '"') {
        q.value.push_back('"');
        j += 2;
        continue;
      }
      if (!ends_cell(text, j + 1, sep)) return std::nullopt;
      q.end = j + 1;
      return q;
    }
    if (text[j] == '\n') ++q.newlines;
    q.value.push_back(text[j++]);
  }
  return std::nullopt;
}

}  // namespace

std::vector<Record> read_records(std::string_view text, std::size_t first_line, char sep, bool csv,
                                 std::vector<TableProblem>& problems) {
  std::vector<Record> out;
  std::size_t pos = 0;
  std::size_t line = first_line;
  while (pos < text.size()) {
    Record r;
    r.line = line;
    while (true) {
      std::string cell;
      bool was_quoted = false;
      if (text[pos] == '"') {
        if (auto q = quoted(text, pos, sep)) {
          cell = std::move(q->value);
          pos = q->end;
          line += q->newlines;
          was_quoted = true;
        } else if (csv) {
          problems.push_back({r.line, r.cells.size() + 1, "a quoted cell is not closed, or text follows its closing quote"});
        }
      }
      if (was_quoted) {
        if (pos < text.size() && text[pos] == '\r') ++pos;
      } else {  // up to the separator or the line's end; a quote that did not hold is text
        while (pos < text.size() && text[pos] != sep && text[pos] != '\n') cell.push_back(text[pos++]);
        if (!cell.empty() && cell.back() == '\r') cell.pop_back();
      }
      r.cells.push_back(std::move(cell));
      if (pos < text.size() && text[pos] == sep) {
        ++pos;
        if (pos < text.size()) continue;
        r.cells.emplace_back();  // a separator at the very end: one more empty cell
      }
      break;
    }
    if (pos < text.size() && text[pos] == '\n') {
      ++pos;
      ++line;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace dauvet::events::table_detail
