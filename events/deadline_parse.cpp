// parse_deadline: read the items, then decide what schedule they make together.
#include <algorithm>
#include <string>

#include "events/deadline.hpp"
#include "events/deadline_grammar.hpp"
#include "events/vn_text.hpp"

namespace dauvet::events {

namespace {

using namespace deadline_detail;

struct Reading {
  std::vector<Item> items;
  std::vector<std::string> unread;  // runs of tokens nothing accepted, as folded text
};

Reading read_items(std::string_view raw) {
  const Tokens t = tokenize(fold_ascii(strip_markup(raw)));
  Reading r;
  std::string run;
  const auto flush = [&] {
    if (!run.empty()) r.unread.push_back(std::move(run));
    run.clear();
  };
  bool after_cycle = false;
  std::size_t i = 0;
  while (i < t.size()) {
    if (auto m = match_phrase(t, i, after_cycle)) {
      flush();
      after_cycle = std::any_of(m->items.begin(), m->items.end(),
                                [](const Item& it) { return it.kind == Item::Kind::recurrence; });
      for (auto& it : m->items) r.items.push_back(std::move(it));
      i += m->length;
    } else if (const std::size_t n = match_filler(t, i)) {
      flush();
      i += n;
    } else {
      if (!run.empty()) run.push_back(' ');
      run += t[i++].text;
    }
  }
  flush();
  return r;
}

struct Resolved {
  Date first;
  Date last;
};

// A span's days in a year: the written year, the reference's, or for a year-less span the
// first year whose due day is on or after the reference, and for a written day also on or
// after `floor`, the day written before it.
Result<Resolved> resolve(const Span& s, const std::optional<Date>& reference, Date floor) {
  const auto in_year = [&s](int y) -> std::optional<Resolved> {
    const int last_year = y + s.extra_years;
    const auto last = s.exact ? make_date(last_year, s.last_month, s.last_day) : clipped_day(last_year, s.last_month, s.last_day);
    const auto first = make_date(y, s.first_month, s.exact ? s.first_day : 1);
    if (!last || !first) return std::nullopt;
    return Resolved{*first, *last};
  };
  if (s.year.kind == YearSpec::Kind::written) {
    if (auto r = in_year(s.year.year)) return *r;
    return fail(Errc::invalid_argument, std::to_string(s.last_day) + "/" + std::to_string(s.last_month) + "/" +
                                            std::to_string(s.year.year) + " is not a date");
  }
  if (!reference) {
    return fail(Errc::invalid_argument, "no year is written, and there is no reference date to take it from");
  }
  if (s.year.kind != YearSpec::Kind::none) {
    const int y = reference->y + (s.year.kind == YearSpec::Kind::next_year ? 1 : 0);
    if (auto r = in_year(y)) return *r;
    return fail(Errc::invalid_argument, std::to_string(s.last_day) + "/" + std::to_string(s.last_month) + " does not exist in " +
                                            std::to_string(y));
  }
  // A written day follows the day before it ("sơ kết trước 15/7, tổng kết trước 15/02"); a
  // quarter, month or part of the year is the plan's own ("Quý I, Quý III, 6 tháng đầu năm").
  const Date after = s.exact ? floor : *reference;
  for (int y = reference->y; y <= reference->y + 8 && y <= kMaxYear; ++y) {  // 29/2 waits for a leap year
    if (auto r = in_year(y); r && r->last >= after) return *r;
  }
  return fail(Errc::invalid_argument, "no year fits the reference date " + reference->iso());
}

Schedule review(Schedule s, std::string reason) {
  Schedule out;
  out.raw = std::move(s.raw);
  out.needs_review = true;
  out.review_reason = std::move(reason);
  return out;
}

bool has(const std::vector<Item>& items, Item::Kind k) {
  return std::any_of(items.begin(), items.end(), [k](const Item& it) { return it.kind == k; });
}

// The kinds named besides the chosen one, in a fixed order.
std::vector<ScheduleKind> also(const std::vector<Item>& items, ScheduleKind primary) {
  std::vector<ScheduleKind> out;
  const std::pair<Item::Kind, ScheduleKind> kinds[] = {{Item::Kind::continuous, ScheduleKind::continuous},
                                                       {Item::Kind::conditional, ScheduleKind::conditional},
                                                       {Item::Kind::on_demand, ScheduleKind::on_demand}};
  for (const auto& [item, kind] : kinds) {
    if (kind != primary && has(items, item)) out.push_back(kind);
  }
  return out;
}

Schedule cyclic(Schedule s, const std::vector<Item>& items, const std::vector<Recurrence>& cycles,
                const std::vector<const Item*>& due, std::optional<Date> start) {
  for (const Item* d : due) {
    if (d->span.year.kind != YearSpec::Kind::none) {
      return review(std::move(s), "names both a repeating cycle and a fixed date");
    }
  }
  std::vector<Recurrence> rs = cycles;
  std::sort(rs.begin(), rs.end());
  rs.erase(std::unique(rs.begin(), rs.end()), rs.end());
  const Recurrence r = rs.front();
  static constexpr DueRule kDefaults[] = {{0, 31}, {3, 31}, {6, 31}, {12, 31}};
  DueRule rule = kDefaults[static_cast<int>(r)];
  if (due.size() > 1) return review(std::move(s), "names more than one due day for its cycle");
  if (due.size() == 1) {
    const Span& a = due.front()->span;
    if (rs.size() > 1) return review(std::move(s), "names a due day but several cycles");
    if (r == Recurrence::monthly && a.day_only) {
      rule = DueRule{0, a.last_day};
    } else if (r == Recurrence::annual && !a.day_only) {
      // A month's last day as the rule says it: "tháng 6 hằng năm" is due 30/6, not "31/6".
      rule = DueRule{a.last_month, std::min(a.last_day, days_in_month(2000, a.last_month))};
    } else {
      return review(std::move(s), "cannot tell which day of each " + std::string(recurrence_name(r)) + " cycle is due");
    }
  }
  s.kind = ScheduleKind::recurring;
  s.recurrence = r;
  if (rs.size() > 1) s.recurrences = rs;
  s.due_rule = rule;
  s.start = start;
  s.also = also(items, ScheduleKind::recurring);
  s.needs_review = false;
  return s;
}

std::string quoted_list(const std::vector<std::string>& runs) {
  std::string out;
  for (const auto& r : runs) out += (out.empty() ? "'" : ", '") + r + "'";
  return out;
}

}  // namespace

Schedule parse_deadline(std::string_view raw, std::optional<Date> reference) {
  Schedule s;
  s.raw = std::string(raw);
  const Reading r = read_items(raw);
  std::string problems;
  if (!r.unread.empty()) problems = "cannot read " + quoted_list(r.unread);
  for (const auto& it : r.items) {
    if (it.kind == Item::Kind::error) problems += (problems.empty() ? "" : "; ") + it.message;
  }
  if (!problems.empty()) return review(std::move(s), problems);

  std::vector<Recurrence> hard, soft;
  std::vector<const Item*> due, starts;
  for (const auto& it : r.items) {
    if (it.kind == Item::Kind::recurrence) (it.soft ? soft : hard).push_back(it.recurrence);
    if (it.kind == Item::Kind::span) (it.is_start ? starts : due).push_back(&it);
  }
  if (starts.size() > 1) return review(std::move(s), "names more than one start");

  // Resolve in the order written, so a year-less date follows the one before it.
  Date floor = reference.value_or(Date{kMinYear, 1, 1});
  std::optional<Date> start;
  std::vector<Date> dates;
  const bool cycle = !hard.empty() || (due.empty() && !soft.empty());
  for (const auto& it : r.items) {
    if (it.kind != Item::Kind::span || (cycle && !it.is_start)) continue;
    if (it.span.day_only) return review(std::move(s), "a day of the month ('ngay " + std::to_string(it.span.last_day) + "') names no month");
    auto span = resolve(it.span, reference, floor);
    if (!span) return review(std::move(s), span.error().message);
    if (it.is_start) {
      start = span->first;
    } else {
      dates.push_back(span->last);
      // "giai đoạn 2021-2025": work runs from the first year's start.
      if (it.span.extra_years > 0 && starts.empty() && !start) start = span->first;
    }
    floor = std::max(floor, it.is_start ? span->first : span->last);
  }
  if (cycle) {
    hard.insert(hard.end(), soft.begin(), soft.end());
    return cyclic(std::move(s), r.items, hard, due, start);
  }

  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  if (start && !dates.empty() && *start > dates.front()) {
    return review(std::move(s), "work would start (" + start->iso() + ") after it is due (" + dates.front().iso() + ")");
  }
  const bool continuous = has(r.items, Item::Kind::continuous);
  const bool conditional = has(r.items, Item::Kind::conditional);
  const bool on_demand = has(r.items, Item::Kind::on_demand);
  if (continuous) {
    s.kind = ScheduleKind::continuous;
  } else if (conditional) {
    s.kind = ScheduleKind::conditional;
  } else if (on_demand && dates.empty()) {
    s.kind = ScheduleKind::on_demand;
  } else if (on_demand) {
    return review(std::move(s), "on request, yet with a date: which one binds?");
  } else if (dates.size() == 1) {
    s.kind = ScheduleKind::once;
  } else if (dates.size() > 1) {
    s.kind = ScheduleKind::milestones;
  } else if (start) {
    return review(std::move(s), "says when work starts but not when it is due");
  } else {
    return review(std::move(s), "names no time frame");
  }
  s.due = std::move(dates);
  s.start = start;
  s.also = also(r.items, s.kind);
  s.needs_review = false;
  return s;
}

}  // namespace dauvet::events
