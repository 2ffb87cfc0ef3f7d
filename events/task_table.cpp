#include "events/task_table.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "events/table_records.hpp"
#include "events/vn_text.hpp"

namespace dauvet::events {

namespace {

using table_detail::Record;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// Where each known column sits, from the header's names.
struct Columns {
  std::size_t count = 0;
  std::size_t tt = kNone, content = kNone, lead = kNone, coordinating = kNone, time = kNone, notes = kNone;
};

std::string trim(std::string_view s) {
  const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::string folded_cell(std::string_view cell) { return fold_ascii(strip_html(cell)); }

bool is_tt_name(const std::string& f) { return f == "tt" || f == "stt" || f == "so tt" || f == "so thu tu"; }

std::optional<Columns> header_columns(const std::vector<std::string>& cells) {
  Columns c;
  c.count = cells.size();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string f = folded_cell(cells[i]);
    const auto has = [&f](std::string_view w) { return f.find(w) != std::string::npos; };
    if (is_tt_name(f) && c.tt == kNone) c.tt = i;
    else if (has("noi dung") && c.content == kNone) c.content = i;
    else if (has("chu tri") && c.lead == kNone) c.lead = i;
    else if (has("phoi hop") && c.coordinating == kNone) c.coordinating = i;
    else if ((has("thoi gian") || has("thoi han") || has("tien do")) && c.time == kNone) c.time = i;
    else if (has("ghi chu") && c.notes == kNone) c.notes = i;
  }
  if (c.tt == kNone || c.content == kNone || c.lead == kNone || c.time == kNone) return std::nullopt;
  return c;
}

bool is_header(const Record& r, const Columns& c) {
  return r.cells.size() > std::max(c.tt, c.content) && is_tt_name(folded_cell(r.cells[c.tt])) &&
         folded_cell(r.cells[c.content]).find("noi dung") != std::string::npos;
}

bool is_roman(std::string_view s) {
  static constexpr std::string_view kRoman[] = {"I",   "II",   "III", "IV", "V",   "VI",   "VII",
                                                "VIII", "IX",  "X",  "XI",  "XII", "XIII", "XIV", "XV"};
  return std::find(std::begin(kRoman), std::end(kRoman), s) != std::end(kRoman);
}

// "3", "3.", "3)", "1.2": the item number without its trailing mark; nullopt otherwise.
std::optional<std::string> item_number(std::string_view s) {
  if (!s.empty() && (s.back() == '.' || s.back() == ')')) s.remove_suffix(1);
  if (s.empty() || s.front() == '.' || s.back() == '.' || s.size() > 16) return std::nullopt;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    if (!digit && !(s[i] == '.' && s[i - 1] != '.')) return std::nullopt;
  }
  return std::string(s);
}

bool blank(const Record& r) {
  return std::all_of(r.cells.begin(), r.cells.end(), [](const std::string& c) { return trim(c).empty(); });
}

// A column as messages name it.
std::string column_name(const Columns& c, std::size_t i) {
  if (i == c.tt) return "TT";
  if (i == c.content) return "Nội dung nhiệm vụ";
  if (i == c.lead) return "Cơ quan chủ trì";
  if (i == c.coordinating) return "Cơ quan phối hợp";
  if (i == c.time) return "Thời gian thực hiện";
  if (i == c.notes) return "Ghi chú";
  return "column " + std::to_string(i + 1);
}

class Assembler {
 public:
  Assembler(const Columns& c, TaskTable& out) : cols_(c), out_(out) {}

  void add(Record r) {
    if (blank(r)) {
      flush();
      after_blank_ = true;
      return;
    }
    if (is_header(r, cols_)) {
      flush();
      after_blank_ = false;
      return;
    }
    const std::string tt = r.cells.size() > cols_.tt ? trim(r.cells[cols_.tt]) : std::string();
    if (tt.empty() && r.cells.size() > 1) {
      if (pending_) {
        merge_columns(*pending_, r);
      } else {
        problem(r.line, cols_.tt + 1, "a line with an empty TT cell continues a row, but there is no row above it");
      }
    } else if (is_roman(tt) || item_number(tt)) {
      flush();
      pending_ = std::move(r);
    } else if (pending_ && !after_blank_ && (pending_->cells.size() < cols_.count || r.cells.size() == 1)) {
      join_lines(*pending_, r);
    } else {
      flush();
      problem(r.line, cols_.tt + 1, "'" + tt + "' is not an item number (TT): the row is not read");
    }
    after_blank_ = false;
  }

  void flush() {
    if (!pending_) return;
    Record r = std::move(*pending_);
    pending_.reset();
    for (auto& c : r.cells) c = trim(c);
    emit(r);
  }

 private:
  // A row broken across lines: the next line carries on the last cell, then the rest.
  static void join_lines(Record& row, const Record& next) {
    std::string& last = row.cells.back();
    std::size_t i = 0;
    if (row.cells.size() == 1 || !trim(last).empty() || next.cells.size() == 1) {
      if (!trim(next.cells[0]).empty()) last += (trim(last).empty() ? "" : "\n") + next.cells[0];
      i = 1;
    }
    for (; i < next.cells.size(); ++i) row.cells.push_back(next.cells[i]);
  }

  // A line with an empty TT: each non-empty cell continues the same column above.
  static void merge_columns(Record& row, const Record& next) {
    for (std::size_t i = 1; i < next.cells.size(); ++i) {
      if (trim(next.cells[i]).empty()) continue;
      if (i >= row.cells.size()) row.cells.resize(i + 1);
      row.cells[i] += (trim(row.cells[i]).empty() ? "" : "\n") + next.cells[i];
    }
  }

  void problem(std::size_t line, std::size_t column, std::string message) {
    out_.problems.push_back({line, column, std::move(message)});
  }

  std::string cell(const Record& r, std::size_t i) const {
    return i != kNone && i < r.cells.size() ? r.cells[i] : std::string();
  }

  void emit(const Record& r);

  const Columns& cols_;
  TaskTable& out_;
  std::optional<Record> pending_;
  bool after_blank_ = false;
  std::string section_, section_title_;
  std::map<std::string, std::size_t> seen_;  // item -> line
};

void Assembler::emit(const Record& r) {
  const std::string tt = cell(r, cols_.tt);
  const std::size_t n = r.cells.size();
  if (is_roman(tt)) {
    section_ = tt;
    section_title_ = cell(r, cols_.content);
    for (std::size_t i = 0; i < n; ++i) {
      if (i != cols_.tt && i != cols_.content && !r.cells[i].empty()) {
        problem(r.line, i + 1, "a section row (" + tt + ") has text under '" + column_name(cols_, i) + "': it is not read");
      }
    }
    return;
  }
  // Exporters drop empty cells at a row's end; what is missing must come after every column
  // that a task needs.
  const std::size_t needed = std::max({cols_.tt, cols_.content, cols_.lead, cols_.time}) + 1;
  bool extra = false;
  for (std::size_t i = cols_.count; i < n; ++i) extra = extra || !r.cells[i].empty();
  if (extra || n < needed) {
    const std::size_t col = extra ? cols_.count + 1 : n + 1;
    problem(r.line, col, "the row has " + std::to_string(n) + " cells where the header has " + std::to_string(cols_.count) +
                             (extra ? "" : ": '" + column_name(cols_, n) + "' is missing") + "; the row is not read");
    return;
  }
  TaskRow row;
  row.section = section_;
  row.section_title = section_title_;
  const std::string number = *item_number(tt);
  row.item = section_.empty() ? number : section_ + "." + number;
  row.content = cell(r, cols_.content);
  row.lead = cell(r, cols_.lead);
  row.coordinating = cell(r, cols_.coordinating);
  row.time_frame = cell(r, cols_.time);
  row.notes = cell(r, cols_.notes);
  row.line = r.line;
  if (row.content.empty()) {
    problem(r.line, cols_.content + 1, "item " + row.item + " has no content (Nội dung nhiệm vụ); the row is not read");
    return;
  }
  if (const auto [it, fresh] = seen_.emplace(row.item, r.line); !fresh) {
    problem(r.line, cols_.tt + 1, "item " + row.item + " was already read at line " + std::to_string(it->second) +
                                      "; this row is not read");
    return;
  }
  auto lead = split_units(row.lead);
  row.lead_units = std::move(lead.units);
  row.lead_free_text = std::move(lead.free_text);
  auto coordinating = split_units(row.coordinating);
  row.coordinating_units = std::move(coordinating.units);
  row.coordinating_free_text = std::move(coordinating.free_text);
  out_.rows.push_back(std::move(row));
}

// The first line that reads as the header, and the format it is written in.
struct Header {
  std::size_t offset = 0;  // of the header line within the text
  std::size_t line = 0;
  char sep = '\t';
  Columns columns;
};

std::optional<Header> find_header(std::string_view text) {
  std::size_t offset = 0, line = 1;
  while (offset < text.size()) {
    const std::size_t end = std::min(text.find('\n', offset), text.size());
    const std::string_view l = text.substr(offset, end - offset);
    for (const char sep : {'\t', ','}) {
      if (l.find(sep) == std::string_view::npos) continue;
      std::vector<TableProblem> ignored;
      const auto records = table_detail::read_records(l, line, sep, sep == ',', ignored);
      if (records.size() != 1) continue;
      if (auto c = header_columns(records.front().cells)) return Header{offset, line, sep, *c};
    }
    offset = end + 1;
    ++line;
  }
  return std::nullopt;
}

}  // namespace

Result<TaskTable> read_task_table(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a spreadsheet's BOM
  const auto header = find_header(text);
  if (!header) {
    return fail(Errc::invalid_argument,
                "no task table found: expected a header row naming TT, Nội dung nhiệm vụ, Cơ quan chủ trì and "
                "Thời gian thực hiện, separated by tabs or commas");
  }
  TaskTable table;
  table.format = header->sep == ',' ? TaskTable::Format::csv : TaskTable::Format::tsv;
  table.header_line = header->line;
  auto records = table_detail::read_records(text.substr(header->offset), header->line, header->sep,
                                            header->sep == ',', table.problems);
  Assembler assembler(header->columns, table);
  for (auto& r : records) assembler.add(std::move(r));
  assembler.flush();
  // Record problems come out while reading, row problems while assembling: one order.
  std::stable_sort(table.problems.begin(), table.problems.end(),
                   [](const TableProblem& a, const TableProblem& b) { return a.line < b.line; });
  return table;
}

}  // namespace dauvet::events
