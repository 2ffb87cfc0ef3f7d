// Cycles, continuous work, conditions and requests in a time frame, and the filler words
// around them. Anything not listed here makes the text need review: the lists are short
// on purpose, since a word the grammar skipped could have changed the meaning ("sau",
// "đầu", "khoảng", "gia hạn").
#include <algorithm>
#include <array>
#include <string_view>

#include "events/deadline_grammar.hpp"

namespace dauvet::events::deadline_detail {

namespace {

Item cycle(Recurrence r, bool soft) {
  Item it;
  it.kind = Item::Kind::recurrence;
  it.recurrence = r;
  it.soft = soft;
  return it;
}

Item flag(Item::Kind k) {
  Item it;
  it.kind = k;
  return it;
}

std::optional<Recurrence> unit_cycle(const Tokens& t, std::size_t i) {
  if (word_at(t, i, "thang")) return Recurrence::monthly;
  if (word_at(t, i, "quy") || word_at(t, i, "qui")) return Recurrence::quarterly;
  if (word_at(t, i, "nam")) return Recurrence::annual;
  return std::nullopt;
}

std::optional<Recurrence> months_cycle(int n) {
  switch (n) {
    case 1: return Recurrence::monthly;
    case 3: return Recurrence::quarterly;
    case 6: return Recurrence::semiannual;
    case 12: return Recurrence::annual;
    default: return std::nullopt;
  }
}

bool year_follows(const Tokens& t, std::size_t i) {
  return number_at(t, i) || word_at(t, i, "nay") || word_at(t, i, "sau") || word_at(t, i, "toi");
}

// "hằng năm", "hàng quý", "mỗi tháng", "thường niên", "định kỳ 6 tháng", "6 tháng một lần";
// and as report titles (soft): "sơ kết 6 tháng", "tổng kết năm", "báo cáo quý", "6 tháng, năm".
std::optional<Match> match_cycle(const Tokens& t, std::size_t i, bool after_cycle) {
  if (word_at(t, i, "hang") || word_at(t, i, "moi")) {
    if (auto r = unit_cycle(t, i + 1)) return Match{2, {cycle(*r, false)}};
    return std::nullopt;
  }
  if (phrase_at(t, i, "thuong nien")) return Match{2, {cycle(Recurrence::annual, false)}};
  const bool periodic = phrase_at(t, i, "dinh ky") > 0;
  const std::size_t n_at = periodic ? i + 2 : i;
  if (number_at(t, n_at) && word_at(t, n_at + 1, "thang")) {
    const std::size_t once = phrase_at(t, n_at + 2, "mot lan") > 0 ? 2 : 0;
    const auto r = months_cycle(t[n_at].value);
    if (periodic || once > 0) {
      const std::size_t length = n_at - i + 2 + once;
      if (!r) return Match{length, {error_item("a " + t[n_at].text + "-month cycle is not one a schedule can keep")}};
      return Match{length, {cycle(*r, false)}};
    }
    // A bare "6 tháng" names the half-yearly report, unless it is a duration ("trong 6
    // tháng", "sau 6 tháng") or the start of "6 tháng đầu năm" or of a date.
    const bool duration = i > 0 && (word_at(t, i - 1, "trong") || word_at(t, i - 1, "vong") ||
                                    word_at(t, i - 1, "sau") || word_at(t, i - 1, "han"));
    const bool more = number_at(t, n_at + 2) || word_at(t, n_at + 2, "dau") || word_at(t, n_at + 2, "cuoi");
    if (t[n_at].value == 6 && !duration && !more) return Match{2, {cycle(Recurrence::semiannual, true)}};
    return std::nullopt;
  }
  // "tổng kết năm", "tổng kết 01 năm", "báo cáo quý", and a list after a cycle: "6 tháng, năm".
  const bool titled = i > 0 && (word_at(t, i - 1, "ket") || word_at(t, i - 1, "cao"));
  const bool listed = after_cycle && i > 0 && (punct_at(t, i - 1, ',') || word_at(t, i - 1, "va"));
  if (!titled && !listed) return std::nullopt;
  std::size_t at = i;
  if (titled && number_at(t, i) && t[i].value == 1 && word_at(t, i + 1, "nam")) at = i + 1;
  const auto r = unit_cycle(t, at);
  // "báo cáo quý I/2024" names a quarter, not the quarterly report.
  if (!r || year_follows(t, at + 1) || match_span(t, at)) return std::nullopt;
  return Match{at - i + 1, {cycle(*r, true)}};
}

constexpr std::array<std::string_view, 12> kGuides{"chi dao", "huong dan", "quy dinh", "van ban", "ke hoach", "lo trinh",
                                                   "chu truong", "chi thi", "quyet dinh", "thong bao", "nghi quyet",
                                                   "yeu cau"};

std::size_t guide_at(const Tokens& t, std::size_t i) {
  for (const auto g : kGuides) {
    if (const std::size_t n = phrase_at(t, i, g)) return n;
  }
  return word_at(t, i, "vb") ? 1 : 0;
}

// Words that end a condition's authority ("của Trung ương"): each starts some other part of
// a time frame, or could change its meaning, so it must be read, not swallowed. Words that
// are also common in unit names stop it only in their time-frame sense ("đầu năm" stops,
// "Sở Kế hoạch và Đầu tư" does not; "từ năm 2023" stops, "Sở Tư pháp" does not).
constexpr std::array<std::string_view, 30> kTailStops{
    "truoc", "den",  "trong", "vao",   "nam",    "quy",  "qui", "thang", "ngay", "hang",
    "moi",   "xong", "sau",   "dinh",  "dot",    "hoac", "khong", "chua", "khoang", "gia",
    "han",   "lui",  "cham",  "nua",   "tuan",   "khi",  "theo", "neu",  "tru",   "giai"};
constexpr std::array<std::string_view, 17> kTailStopPhrases{
    "thuong xuyen", "thuong nien", "lien tuc", "lau dai", "du kien", "hoan thanh", "thuc hien", "bao cao", "tong ket",
    "so ket",       "dau nam",     "dau quy",  "dau thang", "cuoi nam", "cuoi quy", "cuoi thang", "nhiem ky"};

bool tail_stop(const Tokens& t, std::size_t i) {
  if (t[i].kind != Token::Kind::word) return false;
  if (std::find(kTailStops.begin(), kTailStops.end(), t[i].text) != kTailStops.end()) return true;
  for (const auto p : kTailStopPhrases) {
    if (phrase_at(t, i, p) > 0) return true;
  }
  return word_at(t, i, "tu") && match_span(t, i + 1).has_value();
}

// The authority of a condition: words up to a separator, a number or a stop word.
std::size_t tail_at(const Tokens& t, std::size_t i) {
  std::size_t n = 0;
  while (i + n < t.size()) {
    const Token& tok = t[i + n];
    if (tok.kind == Token::Kind::word && !tail_stop(t, i + n)) {
      ++n;
    } else if (n > 0 && (punct_at(t, i + n, '-') || punct_at(t, i + n, '/')) && i + n + 1 < t.size() &&
               t[i + n + 1].kind == Token::Kind::word) {
      ++n;  // "chính trị - xã hội", "MTTQ/UBND"
    } else {
      break;
    }
  }
  return n;
}

// "khi có văn bản chỉ đạo/hướng dẫn của Trung ương", "theo quy định, hướng dẫn của Trung
// ương", "sau khi có hướng dẫn"; "theo yêu cầu [của ...]" and "khi có yêu cầu" are on demand.
std::optional<Match> match_condition(const Tokens& t, std::size_t i) {
  std::size_t p = 0;
  for (const std::string_view prefix : {"sau khi co", "sau khi", "khi co", "khi", "theo", "cho"}) {
    if ((p = phrase_at(t, i, prefix)) > 0) break;
  }
  if (p == 0) return std::nullopt;
  std::size_t at = i + p;
  std::size_t guides = 0;
  bool only_request = true;
  while (const std::size_t g = guide_at(t, at)) {
    only_request = only_request && phrase_at(t, at, "yeu cau") > 0;
    at += g;
    ++guides;
    const bool joined = punct_at(t, at, ',') || punct_at(t, at, '/') || word_at(t, at, "va") || word_at(t, at, "hoac");
    if (!joined || guide_at(t, at + 1) == 0) break;
    ++at;
  }
  if (guides == 0) {
    // "khi phát sinh", "khi cần thiết": whenever the need arises.
    if (phrase_at(t, i, "khi") && (phrase_at(t, at, "phat sinh") || phrase_at(t, at, "can thiet"))) {
      return Match{at - i + 2, {flag(Item::Kind::on_demand)}};
    }
    return std::nullopt;
  }
  if (word_at(t, at, "cua")) ++at;
  at += tail_at(t, at);
  return Match{at - i, {flag(only_request ? Item::Kind::on_demand : Item::Kind::conditional)}};
}

}  // namespace

std::optional<Match> match_phrase(const Tokens& t, std::size_t i, bool after_cycle) {
  if (auto m = match_cycle(t, i, after_cycle)) return m;
  for (const std::string_view w : {"thuong xuyen", "lien tuc", "lau dai"}) {
    if (const std::size_t n = phrase_at(t, i, w)) return Match{n, {flag(Item::Kind::continuous)}};
  }
  if (phrase_at(t, i, "dot xuat")) return Match{2, {flag(Item::Kind::on_demand)}};
  if (auto m = match_condition(t, i)) return m;
  const std::size_t from = phrase_at(t, i, "bat dau tu") > 0 ? 3 : (word_at(t, i, "tu") ? 1 : 0);
  if (from > 0) {
    auto m = match_span(t, i + from);
    if (!m) return std::nullopt;
    m->length += from;
    for (auto& it : m->items) it.is_start = true;
    return m;
  }
  return match_span(t, i);
}

std::size_t match_filler(const Tokens& t, std::size_t i) {
  static constexpr std::array<std::string_view, 38> kFillers{
      "thuc hien", "hoan thanh", "xong",   "trong",    "vao",       "truoc",    "den",      "het",
      "cham nhat", "va",         "tong ket", "so ket", "bao cao",   "de an",    "cac muc tieu", "muc tieu",
      "tiep tuc",  "trien khai", "dinh ky", "thoi gian", "thoi han", "han",      "nop",      "gui",
      "cua",       "la",         "giai doan", "nhiem ky", "ke hoach", "to chuc", "xay dung", "ban hanh",
      "hoi nghi",  "giao ban",   "ket qua", "tot",      "bao dam",   "dam bao"};
  if (i < t.size() && t[i].kind == Token::Kind::punct) {
    static constexpr std::string_view kSeparators = ",;:().-\"'!";
    return kSeparators.find(t[i].text[0]) != std::string_view::npos ? 1 : 0;
  }
  std::size_t best = 0;
  for (const auto f : kFillers) best = std::max(best, phrase_at(t, i, f));
  return best;
}

}  // namespace dauvet::events::deadline_detail
