#include "events/indicators.hpp"

#include <array>

#include "events/authz.hpp"
#include "events/calendar.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/streams.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

constexpr auto kComparators = std::to_array<std::string_view>({">=", ">", "<=", "<", "="});
constexpr auto kRecurrences = std::to_array<std::string_view>({"annual", "end"});

}  // namespace

std::span<const std::string_view> comparators() { return kComparators; }
std::span<const std::string_view> indicator_recurrences() { return kRecurrences; }

void apply(IndicatorState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  const auto& p = e.payload;
  if (e.type == type::indicator_defined) {
    s.id = str_of(p, "id");
    s.issuer = str_of(p, "issuer");
    s.title = str_of(p, "title");
    s.unit_of_measure = str_of(p, "unit_of_measure");
    s.comparator = str_of(p, "comparator");
    s.target = quantity_from(member_of(p, "target"));
    s.period = str_of(p, "period");
    s.recurrence = str_of(p, "recurrence");
    s.scope = str_of(p, "scope");
    s.scope_units = strs_of(p, "scope_units");
    if (const auto& d = member_of(p, "directive"); d.is_object()) {
      s.directive = DirectiveRef{str_of(d, "issuer"), str_of(d, "symbol")};
    }
  } else if (e.type == type::indicator_value_reported) {
    const auto key = std::make_pair(str_of(p, "unit"), str_of(p, "period"));
    auto& v = s.values[key];
    if (v.index != 0 || !v.unit.empty()) ++v.restatements;
    v.unit = key.first;
    v.period = key.second;
    v.value = quantity_from(member_of(p, "value"));
    v.report = str_of(p, "report");
    v.index = e.index;
  }
}

void read(JsonReader& r, IndicatorDefine& c) {
  c.id = r.str("id");
  c.issuer = r.str("issuer");
  c.title = r.str("title");
  c.unit_of_measure = r.str("unit_of_measure");
  c.comparator = r.str("comparator");
  r.object("target", true, [&](JsonReader& q) { read(q, c.target); });
  c.period = r.str("period");
  c.recurrence = r.str("recurrence");
  c.scope = r.opt_str("scope");
  c.scope_units = r.strs("scope_units", false);
  r.object("directive", false, [&](JsonReader& d) { read(d, c.directive.emplace()); });
}

void read(JsonReader& r, IndicatorReportValue& c) {
  c.id = r.str("id");
  c.unit = r.str("unit");
  c.period = r.str("period");
  r.object("value", true, [&](JsonReader& q) { read(q, c.value); });
  c.note = r.opt_str("note");
  c.report = r.opt_str("report");
}

Result<void> check(const IndicatorDefine& c) {
  DAUVET_TRY(field::id(c.id, "id", "indicator id"));
  DAUVET_TRY(field::id(c.issuer, "issuer", "unit id"));
  DAUVET_TRY(field::text(c.title, "title"));
  DAUVET_TRY(field::line(c.unit_of_measure, "unit_of_measure"));
  DAUVET_TRY(field::one_of(c.comparator, "comparator", kComparators, "comparator"));
  DAUVET_TRY(check(c.target, "target"));
  DAUVET_TRY(field::period(c.period, "period"));
  DAUVET_TRY(field::one_of(c.recurrence, "recurrence", kRecurrences,
                           "recurrence (annual: the target holds each year; end: by the end of the period)"));
  DAUVET_TRY(field::optional_text(c.scope, "scope"));
  DAUVET_TRY(field::ids(c.scope_units, "scope_units", "unit id", false));
  if (c.directive) DAUVET_TRY(check(*c.directive, "directive"));
  return {};
}

Result<void> check(const IndicatorReportValue& c) {
  DAUVET_TRY(field::id(c.id, "id", "indicator id"));
  DAUVET_TRY(field::id(c.unit, "unit", "unit id"));
  DAUVET_TRY(field::period(c.period, "period"));
  DAUVET_TRY(check(c.value, "value"));
  DAUVET_TRY(field::optional_text(c.note, "note"));
  if (!c.report.empty()) DAUVET_TRY(field::id(c.report, "report", "report id"));
  return {};
}

Result<Events> decide(const Context& ctx, const IndicatorDefine& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::issuer}));
  DAUVET_TRY(require_unit(ctx, c.issuer, "issuer"));
  DAUVET_TRY(require_scope(ctx, c.issuer, "the issuing unit"));
  if (ctx.world.indicator(c.id)) return fail(Errc::conflict, "indicator id '" + c.id + "' is already taken", "id");
  for (std::size_t i = 0; i < c.scope_units.size(); ++i) {
    DAUVET_TRY(require_unit(ctx, c.scope_units[i], field::at("scope_units", i)));
  }
  nlohmann::json payload = {{"id", c.id},
                            {"issuer", c.issuer},
                            {"title", c.title},
                            {"unit_of_measure", c.unit_of_measure},
                            {"comparator", c.comparator},
                            {"target", to_json(c.target)},
                            {"period", c.period},
                            {"recurrence", c.recurrence}};
  if (!c.scope.empty()) payload["scope"] = c.scope;
  if (!c.scope_units.empty()) payload["scope_units"] = c.scope_units;
  if (c.directive) {
    const auto d = ctx.world.directive(c.directive->issuer, c.directive->symbol);
    if (!d) return fail(Errc::not_found, "directive '" + c.directive->symbol + "' is not in the ledger", "directive");
    payload["directive"] = {{"issuer", d->issuer}, {"symbol", d->key}};
  }
  return Events{NewEvent{indicator_stream(c.id), std::string(type::indicator_defined), std::move(payload), 0, {}}};
}

Result<NewEvent> indicator_value_event(const Context& ctx, const IndicatorReportValue& c, const std::string& f) {
  const auto indicator = ctx.world.indicator(c.id);
  const std::string id_field = f.empty() ? "id" : field::dot(f, "indicator");
  if (!indicator) return fail(Errc::not_found, "indicator '" + c.id + "' is not in the ledger", id_field);
  DAUVET_TRY(require_unit(ctx, c.unit, f.empty() ? "unit" : f, false));
  const auto own = calendar::parse_period(indicator->period);
  const auto reported = calendar::parse_period(c.period);
  if (own && reported && (reported->first_year < own->first_year || reported->last_year > own->last_year)) {
    return fail(Errc::invalid_argument,
                "period '" + c.period + "' lies outside the indicator's period '" + indicator->period + "'",
                f.empty() ? "period" : f);
  }
  if (!indicator->scope_units.empty()) {
    bool in_scope = false;
    for (const auto& scope : indicator->scope_units) in_scope = in_scope || ctx.world.is_in_subtree(c.unit, scope);
    if (!in_scope) {
      return fail(Errc::invalid_argument, "unit '" + c.unit + "' is outside the indicator's scope units",
                  f.empty() ? "unit" : f);
    }
  }
  if (!c.report.empty() && !ctx.world.report(c.report)) {
    return fail(Errc::not_found, "report '" + c.report + "' is not in the ledger", f.empty() ? "report" : f);
  }
  nlohmann::json payload = {{"unit", c.unit}, {"period", c.period}, {"value", to_json(c.value)}};
  if (!c.note.empty()) payload["note"] = c.note;
  if (!c.report.empty()) payload["report"] = c.report;
  return NewEvent{indicator_stream(c.id), std::string(type::indicator_value_reported), std::move(payload),
                  std::nullopt, {}};
}

Result<Events> decide(const Context& ctx, const IndicatorReportValue& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::clerk}));
  if (!ctx.world.indicator(c.id)) return fail(Errc::not_found, "indicator '" + c.id + "' is not in the ledger", "id");
  DAUVET_TRY(require_scope(ctx, c.unit, "the reporting unit"));
  auto event = indicator_value_event(ctx, c, "");
  if (!event) return fail(event.error());
  return Events{std::move(*event)};
}

}  // namespace dauvet::events
