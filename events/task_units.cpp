// Splitting a lead or coordinating cell into units and generic phrases.
//
// Cells list bodies separated by ',' and ';', but commas also run inside one phrase that
// names a class of bodies: "Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy", "các cơ
// quan, đơn vị có liên quan". So a piece is a new entry only when it starts one: a plural
// ("các", "những") opens a generic phrase, a capitalised unit head ("Ban", "Văn phòng",
// "Đảng ủy", "Ủy ban") opens a unit, and ';' or a line break always starts afresh. Any other
// piece carries on the entry before it, which then is free text: "Cơ quan báo, đài tỉnh"
// names two bodies by one shared head, and no single unit.
#include <array>
#include <string>

#include "events/task_table.hpp"
#include "events/vn_text.hpp"

namespace dauvet::events {

namespace {

constexpr std::array<std::string_view, 46> kUnitHeads{
    "ban",        "so",          "dang doan",   "dang uy",    "dang bo",     "chi bo",      "uy ban",   "ubnd",
    "hdnd",       "ubmttq",      "mttq",        "hoi dong",   "van phong",   "truong",      "tinh doan", "tinh uy",
    "huyen uy",   "thanh uy",    "thi uy",      "quan uy",    "mat tran",    "lien doan",   "hoi",      "bao",
    "dai",        "thanh tra",   "cong an",     "bo chi huy", "bo tu lenh",  "bo",          "toa an",   "vien kiem sat",
    "vien",       "kho bac",     "cuc",         "chi cuc",    "trung tam",   "co quan",     "cong doan", "hoc vien",
    "benh vien",  "phong",       "thuong truc", "doan",       "tong cong ty", "cong ty"};
constexpr std::array<std::string_view, 6> kPlurals{"cac", "nhung", "moi", "toan the", "tat ca", "cac cap"};

bool starts_with_word(const std::string& folded, std::string_view w) {
  return folded.compare(0, w.size(), w) == 0 && (folded.size() == w.size() || folded[w.size()] == ' ');
}

bool unit_head(std::string_view piece) {
  if (!starts_upper(piece)) return false;
  const std::string f = fold_ascii(piece);
  for (const auto h : kUnitHeads) {
    if (starts_with_word(f, h)) return true;
  }
  return false;
}

bool plural(std::string_view piece) {
  const std::string f = fold_ascii(piece);
  for (const auto p : kPlurals) {
    if (starts_with_word(f, p)) return true;
  }
  return false;
}

struct Piece {
  std::size_t begin = 0, end = 0;
  bool hard = false;  // after ';', a line break, or at the start
};

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void push(std::vector<Piece>& out, std::string_view text, std::size_t b, std::size_t e, bool hard) {
  while (b < e && space(text[b])) ++b;
  while (e > b && (space(text[e - 1]) || text[e - 1] == '.')) --e;
  if (b < e) out.push_back({b, e, hard});
}

// Pieces between separators; " và " splits too when a unit follows it ("..., các đoàn thể
// chính trị - xã hội và Ban Thường vụ Tỉnh đoàn"), but not inside a name ("Sở Kế hoạch và
// Đầu tư", "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh").
std::vector<Piece> pieces(std::string_view text) {
  std::vector<Piece> out;
  std::size_t start = 0;
  bool hard = true;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool end = i == text.size();
    const char c = end ? ';' : text[i];
    if (c == ',' || c == ';' || c == '\n') {
      push(out, text, start, i, hard);
      hard = c != ',';
      start = i + 1;
    } else if (c == ' ' && (text.substr(i, 5) == " v\xC3\xA0 " || text.substr(i, 5) == " V\xC3\xA0 ") &&
               unit_head(text.substr(i + 5))) {
      push(out, text, start, i, hard);
      hard = false;
      start = i + 5;
    }
  }
  return out;
}

}  // namespace

UnitList split_units(std::string_view cell) {
  const std::string text = strip_html(cell);
  struct Entry {
    std::size_t begin, end;
    bool unit;
  };
  std::vector<Entry> entries;
  for (const Piece& p : pieces(text)) {
    const std::string_view s = std::string_view(text).substr(p.begin, p.end - p.begin);
    const bool is_plural = plural(s);
    const bool is_unit = !is_plural && unit_head(s);
    if (entries.empty() || p.hard || is_plural || is_unit) {
      entries.push_back({p.begin, p.end, is_unit});
    } else {
      entries.back().end = p.end;
      entries.back().unit = false;
    }
  }
  UnitList out;
  for (const auto& e : entries) {
    std::string s = collapse_whitespace(std::string_view(text).substr(e.begin, e.end - e.begin));
    const bool related = fold_ascii(s).find("lien quan") != std::string::npos;
    (e.unit && !related ? out.units : out.free_text).push_back(std::move(s));
  }
  return out;
}

}  // namespace dauvet::events
