// Schedules as JSON, and their due dates over time.
#include <algorithm>
#include <array>
#include <string>

#include "events/deadline.hpp"

namespace dauvet::events {

namespace {

constexpr std::array<std::string_view, 7> kKinds{"once",        "milestones", "recurring", "continuous",
                                                 "conditional", "on_demand",  "unknown"};
constexpr std::array<std::string_view, 4> kRecurrences{"monthly", "quarterly", "semiannual", "annual"};

// Months in one cycle; the due rule's month counts within it.
int cycle_months(Recurrence r) {
  static constexpr int kMonths[] = {1, 3, 6, 12};
  return kMonths[static_cast<int>(r)];
}

Error bad(std::string message, std::string field) {
  return Error{Errc::invalid_argument, std::move(message), "schedule." + std::move(field)};
}

Result<Date> date_field(const nlohmann::json& j, const std::string& field) {
  if (j.is_string()) {
    if (auto d = Date::parse_iso(j.get<std::string>()); d && d->plausible()) return *d;
  }
  return fail(bad("must be a date YYYY-MM-DD between " + std::to_string(kMinYear) + " and " + std::to_string(kMaxYear), field));
}

Result<std::vector<ScheduleKind>> also_field(const nlohmann::json& j, ScheduleKind kind) {
  std::vector<ScheduleKind> out;
  if (!j.is_array()) return fail(bad("must be an array of kinds", "also"));
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string f = "also[" + std::to_string(i) + "]";
    const auto k = j[i].is_string() ? parse_schedule_kind(j[i].get<std::string>()) : std::nullopt;
    if (!k || (*k != ScheduleKind::continuous && *k != ScheduleKind::conditional && *k != ScheduleKind::on_demand)) {
      return fail(bad("must be continuous, conditional or on_demand", f));
    }
    if (*k == kind || std::find(out.begin(), out.end(), *k) != out.end()) return fail(bad("repeats a kind", f));
    out.push_back(*k);
  }
  return out;
}

Result<void> check_recurring(Schedule& s, const nlohmann::json& j) {
  if (!s.recurrence) return fail(bad("a recurring schedule needs its cycle", "recurrence"));
  if (!s.due.empty()) return fail(bad("a recurring schedule keeps its dates in due_rule, not due", "due"));
  const int months = cycle_months(*s.recurrence);
  if (s.due_rule->day < 1 || s.due_rule->day > 31) return fail(bad("must be 1..31", "due_rule.day"));
  const bool month_ok = months == 1 ? s.due_rule->month == 0 : s.due_rule->month >= 1 && s.due_rule->month <= months;
  if (!month_ok) {
    return fail(bad(months == 1 ? "a monthly rule has no month" : "must be 1.." + std::to_string(months), "due_rule.month"));
  }
  if (j.contains("recurrences")) {
    const auto& rs = j["recurrences"];
    if (!rs.is_array() || rs.size() < 2) return fail(bad("must list two or more cycles", "recurrences"));
    for (std::size_t i = 0; i < rs.size(); ++i) {
      const std::string f = "recurrences[" + std::to_string(i) + "]";
      Recurrence r = Recurrence::annual;
      if (auto parsed = rs[i].is_string() ? parse_recurrence(rs[i].get<std::string>()) : std::nullopt) {
        r = *parsed;
      } else {
        return fail(bad("must be monthly, quarterly, semiannual or annual", f));
      }
      if (i == 0 ? r != *s.recurrence : r <= s.recurrences.back()) {
        return fail(bad("cycles go shortest first, starting with the recurrence", f));
      }
      s.recurrences.push_back(r);
    }
  }
  return {};
}

// The k-th occurrence counted across years: year y, cycle index within the year.
Date occurrence(Recurrence r, const DueRule& rule, int y, int index) {
  const int months = cycle_months(r);
  const int month = index * months + (months == 1 ? 1 : rule.month);
  return clipped_day(y, month, rule.day);
}

}  // namespace

std::string_view schedule_kind_name(ScheduleKind k) { return kKinds[static_cast<std::size_t>(k)]; }

std::optional<ScheduleKind> parse_schedule_kind(std::string_view name) {
  for (std::size_t i = 0; i < kKinds.size(); ++i) {
    if (kKinds[i] == name) return static_cast<ScheduleKind>(i);
  }
  return std::nullopt;
}

std::string_view recurrence_name(Recurrence r) { return kRecurrences[static_cast<std::size_t>(r)]; }

std::optional<Recurrence> parse_recurrence(std::string_view name) {
  for (std::size_t i = 0; i < kRecurrences.size(); ++i) {
    if (kRecurrences[i] == name) return static_cast<Recurrence>(i);
  }
  return std::nullopt;
}

nlohmann::json to_json(const Schedule& s) {
  nlohmann::json j = nlohmann::json::object();
  j["kind"] = schedule_kind_name(s.kind);
  j["due"] = nlohmann::json::array();
  for (const auto& d : s.due) j["due"].push_back(d.iso());
  j["recurrence"] = s.recurrence ? nlohmann::json(recurrence_name(*s.recurrence)) : nlohmann::json(nullptr);
  j["needs_review"] = s.needs_review;
  j["raw"] = s.raw;
  if (s.due_rule) {
    j["due_rule"] = {{"day", s.due_rule->day}};
    if (s.due_rule->month != 0) j["due_rule"]["month"] = s.due_rule->month;
  }
  if (s.recurrences.size() > 1) {
    for (const auto r : s.recurrences) j["recurrences"].push_back(recurrence_name(r));
  }
  if (s.start) j["start"] = s.start->iso();
  for (const auto k : s.also) j["also"].push_back(schedule_kind_name(k));
  if (!s.review_reason.empty()) j["review_reason"] = s.review_reason;
  return j;
}

// Members not listed here are ignored, so a newer writer's additions do not break reading.
Result<Schedule> schedule_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return fail(Errc::invalid_argument, "must be an object", "schedule");
  Schedule s;
  const auto kind = j.contains("kind") && j["kind"].is_string() ? parse_schedule_kind(j["kind"].get<std::string>()) : std::nullopt;
  if (!kind) return fail(bad("must be once, milestones, recurring, continuous, conditional, on_demand or unknown", "kind"));
  s.kind = *kind;
  if (!j.contains("raw") || !j["raw"].is_string()) return fail(bad("must be the time frame as written", "raw"));
  s.raw = j["raw"].get<std::string>();
  if (!j.contains("needs_review") || !j["needs_review"].is_boolean()) return fail(bad("must be true or false", "needs_review"));
  s.needs_review = j["needs_review"].get<bool>();
  if (!j.contains("due") || !j["due"].is_array()) return fail(bad("must be an array of dates", "due"));
  for (std::size_t i = 0; i < j["due"].size(); ++i) {
    const std::string f = "due[" + std::to_string(i) + "]";
    auto d = date_field(j["due"][i], f);
    if (!d) return fail(d.error());
    if (!s.due.empty() && *d <= s.due.back()) return fail(bad("dates must be distinct and in order", f));
    s.due.push_back(*d);
  }
  const auto& rec = j.contains("recurrence") ? j["recurrence"] : nlohmann::json(nullptr);
  if (!rec.is_null()) {
    s.recurrence = rec.is_string() ? parse_recurrence(rec.get<std::string>()) : std::nullopt;
    if (!s.recurrence) return fail(bad("must be monthly, quarterly, semiannual, annual or null", "recurrence"));
  }
  if (j.contains("due_rule")) {
    const auto& r = j["due_rule"];
    const bool month_ok = r.is_object() && (!r.contains("month") || r["month"].is_number_integer());
    if (!month_ok || !r.contains("day") || !r["day"].is_number_integer()) {
      return fail(bad("must be {\"month\": integer (not for monthly), \"day\": integer}", "due_rule"));
    }
    s.due_rule = DueRule{r.contains("month") ? r["month"].get<int>() : 0, r["day"].get<int>()};
  }
  if (j.contains("start")) {
    auto d = date_field(j["start"], "start");
    if (!d) return fail(d.error());
    s.start = *d;
  }
  if (j.contains("also")) {
    auto a = also_field(j["also"], s.kind);
    if (!a) return fail(a.error());
    s.also = std::move(*a);
  }
  if (j.contains("review_reason")) {
    if (!j["review_reason"].is_string()) return fail(bad("must be text", "review_reason"));
    s.review_reason = j["review_reason"].get<std::string>();
  }

  if (s.needs_review && s.kind != ScheduleKind::unknown) return fail(bad("a schedule that needs review is unknown", "kind"));
  if (s.kind == ScheduleKind::recurring) {
    if (!s.due_rule) return fail(bad("a recurring schedule needs its due day", "due_rule"));
    if (auto ok = check_recurring(s, j); !ok) return fail(ok.error());
    return s;
  }
  if (s.recurrence || s.due_rule || j.contains("recurrences")) {
    return fail(bad("only a recurring schedule has a cycle", s.recurrence ? "recurrence" : "due_rule"));
  }
  const std::size_t n = s.due.size();
  if (s.kind == ScheduleKind::once && n != 1) return fail(bad("a once schedule has exactly one date", "due"));
  if (s.kind == ScheduleKind::milestones && n < 2) return fail(bad("milestones need two or more dates", "due"));
  if ((s.kind == ScheduleKind::on_demand || s.kind == ScheduleKind::unknown) && n != 0) {
    return fail(bad("this kind has no due date", "due"));
  }
  if (s.start && n > 0 && *s.start > s.due.front()) return fail(bad("work cannot start after it is due", "start"));
  return s;
}

std::optional<Date> next_due(const Schedule& s, Date today) {
  if (s.needs_review) return std::nullopt;
  if (s.kind != ScheduleKind::recurring) {
    if (s.due.empty()) return std::nullopt;
    return s.due.front();
  }
  if (!s.recurrence || !s.due_rule) return std::nullopt;
  const Date from = s.start && *s.start > today ? *s.start : today;
  const int per_year = 12 / cycle_months(*s.recurrence);
  for (int y = from.y; y <= from.y + 1; ++y) {
    for (int k = 0; k < per_year; ++k) {
      const Date d = occurrence(*s.recurrence, *s.due_rule, y, k);
      if (d >= from) return d;
    }
  }
  return std::nullopt;
}

std::vector<Date> due_dates_between(const Schedule& s, Date from, Date to) {
  std::vector<Date> out;
  if (s.needs_review || to < from) return out;
  if (s.kind != ScheduleKind::recurring) {
    for (const auto& d : s.due) {
      if (d >= from && d <= to) out.push_back(d);
    }
    return out;
  }
  for (auto d = next_due(s, from); d && *d <= to; d = next_due(s, d->plus_days(1))) out.push_back(*d);
  return out;
}

}  // namespace dauvet::events
