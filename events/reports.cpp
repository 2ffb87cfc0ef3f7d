#include "events/reports.hpp"

#include <array>

#include "events/authz.hpp"
#include "events/calendar.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/indicators.hpp"
#include "events/streams.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

constexpr auto kStatus = std::to_array<std::string_view>({"pending", "submitted", "returned", "accepted", "moved"});
constexpr auto kStatusLabel = std::to_array<std::string_view>({"chưa nộp", "đã nộp", "bị trả lại", "đã tiếp nhận",
                                                          "đã chuyển"});

static_assert(kStatus.size() == static_cast<std::size_t>(ObligationStatus::moved) + 1);
static_assert(kStatusLabel.size() == kStatus.size());

std::string describe(ObligationStatus s) {
  const auto i = static_cast<std::size_t>(s);
  return std::string(kStatus[i]) + " (" + std::string(kStatusLabel[i]) + ")";
}

Result<ReportState> load(const Context& ctx, std::string_view command, const std::string& id, Role role) {
  DAUVET_TRY(require_role(ctx, command, {role}));
  auto report = ctx.world.report(id);
  if (!report) return fail(Errc::not_found, "report request '" + id + "' is not in the ledger", "id");
  return *report;
}

// The requesting side and the receiving side both judge what they get.
Result<void> require_receiving_side(const Context& ctx, const ReportState& r) {
  if (is_admin(ctx) || ctx.world.is_in_subtree(r.issuer, ctx.actor.unit) ||
      ctx.world.is_in_subtree(r.to, ctx.actor.unit)) {
    return {};
  }
  return require_scope(ctx, r.to, "the unit receiving the report");
}

Result<const ReportObligation*> obligation(const ReportState& r, const std::string& unit, std::string_view command,
                                           std::initializer_list<ObligationStatus> allowed) {
  const auto* o = r.obligation(unit);
  if (o == nullptr) {
    std::string asked;
    for (const auto& [u, _] : r.obligations) asked += (asked.empty() ? "" : ", ") + u;
    return fail(Errc::invalid_argument, "unit '" + unit + "' is not asked for report '" + r.id + "'; asked: " + asked,
                "unit");
  }
  for (auto s : allowed) {
    if (o->status == s) return o;
  }
  std::string allowed_text;
  for (auto s : allowed) allowed_text += (allowed_text.empty() ? "" : " or ") + describe(s);
  std::string what = "the report of '" + unit + "' for '" + r.id + "'";
  if (o->status == ObligationStatus::moved) what += " (moved to '" + o->moved_to + "')";
  return fail(invalid_transition(command, what, describe(o->status), allowed_text));
}

NewEvent event(const ReportState& r, std::string_view type, nlohmann::json payload) {
  return NewEvent{r.meta.stream, std::string(type), std::move(payload), std::nullopt, {}};
}

}  // namespace

std::string_view obligation_status_name(ObligationStatus s) { return kStatus[static_cast<std::size_t>(s)]; }

const ReportObligation* ReportState::obligation(std::string_view unit) const {
  const auto it = obligations.find(std::string(unit));
  return it == obligations.end() ? nullptr : &it->second;
}

void apply(ReportState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  const auto& p = e.payload;
  if (e.type == type::report_requested) {
    s.id = str_of(p, "id");
    s.kind = str_of(p, "kind");
    s.title = str_of(p, "title");
    s.period = str_of(p, "period");
    s.due = str_of(p, "due");
    s.issuer = str_of(p, "issuer");
    s.to = str_of(p, "to");
    for (const auto& unit : strs_of(p, "from")) s.obligations[unit].unit = unit;
    if (const auto& d = member_of(p, "directive"); d.is_object()) {
      s.directive = DirectiveRef{str_of(d, "issuer"), str_of(d, "symbol")};
    }
    if (const auto& tasks = member_of(p, "tasks"); tasks.is_array()) {
      for (const auto& t : tasks) s.tasks.push_back({str_of(t, "issuer"), str_of(t, "symbol"), str_of(t, "item")});
    }
    return;
  }
  const std::string unit = str_of(p, e.type == type::report_reassigned ? "from" : "unit");
  const auto it = s.obligations.find(unit);
  if (it == s.obligations.end()) return;
  auto& o = it->second;
  if (e.type == type::report_submitted) {
    if (o.submissions++ == 0) {
      o.first_submitted_ms = e.recorded_at_ms;
      o.late = calendar::vn_date(e.recorded_at_ms) > s.due;
    }
    o.last_submitted_ms = e.recorded_at_ms;
    o.last_submission_index = e.index;
    o.status = ObligationStatus::submitted;
    o.number = str_of(p, "number");
    o.signer = str_of(p, "signer");
    o.blob_sha256 = str_of(p, "blob_sha256");
  } else if (e.type == type::report_returned) {
    o.status = ObligationStatus::returned;
    ++o.returns;
  } else if (e.type == type::report_accepted) {
    o.status = ObligationStatus::accepted;
  } else if (e.type == type::report_reassigned) {
    const std::string to = str_of(p, "to");
    ReportObligation moved = o;
    o.status = ObligationStatus::moved;
    o.moved_to = to;
    // A successor that already owes this report keeps its own obligation.
    if (!s.obligations.contains(to)) {
      moved.unit = to;
      s.obligations.emplace(to, std::move(moved));
    }
  }
}

NewEvent report_moved_by_closure(const ReportState& report, std::string_view unit, std::string_view successor,
                                 std::string_view reason) {
  return event(report, type::report_reassigned, {{"from", unit}, {"to", successor}, {"reason", reason}});
}

Result<Events> decide(const Context& ctx, const ReportRequest& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::issuer}));
  DAUVET_TRY(require_unit(ctx, c.issuer, "issuer"));
  DAUVET_TRY(require_scope(ctx, c.issuer, "the requesting unit"));
  if (ctx.world.report(c.id)) return fail(Errc::conflict, "report id '" + c.id + "' is already taken", "id");
  DAUVET_TRY(require_unit(ctx, c.to, "to"));
  for (std::size_t i = 0; i < c.from.size(); ++i) DAUVET_TRY(require_unit(ctx, c.from[i], field::at("from", i)));
  nlohmann::json payload = {{"id", c.id},         {"kind", c.kind},     {"title", c.title}, {"period", c.period},
                            {"due", c.due},       {"issuer", c.issuer}, {"to", c.to},       {"from", c.from}};
  if (c.directive) {
    const auto d = ctx.world.directive(c.directive->issuer, c.directive->symbol);
    if (!d) return fail(Errc::not_found, "directive '" + c.directive->symbol + "' is not in the ledger", "directive");
    payload["directive"] = {{"issuer", d->issuer}, {"symbol", d->key}};
  }
  for (std::size_t i = 0; i < c.tasks.size(); ++i) {
    if (!ctx.world.task(c.tasks[i].stream())) {
      return fail(Errc::not_found, "task " + c.tasks[i].item + " of " + c.tasks[i].symbol + " is not in the ledger",
                  field::at("tasks", i));
    }
    payload["tasks"].push_back(to_json(c.tasks[i]));
  }
  return Events{NewEvent{report_stream(c.id), std::string(type::report_requested), std::move(payload), 0, {}}};
}

Result<Events> decide(const Context& ctx, const ReportSubmit& c) {
  auto r = load(ctx, c.kType, c.id, Role::clerk);
  if (!r) return fail(r.error());
  DAUVET_TRY(require_scope(ctx, c.unit, "the submitting unit"));
  auto o = obligation(*r, c.unit, c.kType, {ObligationStatus::pending, ObligationStatus::returned});
  if (!o) return fail(o.error());
  nlohmann::json payload = {{"unit", c.unit}, {"number", c.number}, {"signer", c.signer},
                            {"resubmission", (*o)->submissions > 0}};
  if (!c.date.empty()) payload["date"] = c.date;
  if (!c.blob_sha256.empty()) payload["blob_sha256"] = c.blob_sha256;
  if (!c.summary.empty()) payload["summary"] = c.summary;
  Events out;
  out.push_back(event(*r, type::report_submitted, nlohmann::json()));
  for (std::size_t i = 0; i < c.indicator_values.size(); ++i) {
    const auto& v = c.indicator_values[i];
    auto value = indicator_value_event(ctx, IndicatorReportValue{.id = v.indicator, .unit = c.unit, .period = r->period, .note = v.note, .report = c.id, .value = v.value},
                                       field::at("indicator_values", i));
    if (!value) return fail(value.error());
    payload["indicator_values"].push_back({{"indicator", v.indicator}, {"value", to_json(v.value)}});
    out.push_back(std::move(*value));
  }
  out.front().payload = std::move(payload);
  return out;
}

Result<Events> decide(const Context& ctx, const ReportReturn& c) {
  auto r = load(ctx, c.kType, c.id, Role::issuer);
  if (!r) return fail(r.error());
  DAUVET_TRY(require_receiving_side(ctx, *r));
  auto o = obligation(*r, c.unit, c.kType, {ObligationStatus::submitted});
  if (!o) return fail(o.error());
  return Events{event(*r, type::report_returned, {{"unit", c.unit}, {"reason", c.reason}})};
}

Result<Events> decide(const Context& ctx, const ReportAccept& c) {
  auto r = load(ctx, c.kType, c.id, Role::issuer);
  if (!r) return fail(r.error());
  DAUVET_TRY(require_receiving_side(ctx, *r));
  auto o = obligation(*r, c.unit, c.kType, {ObligationStatus::submitted});
  if (!o) return fail(o.error());
  nlohmann::json payload = {{"unit", c.unit}};
  if (!c.note.empty()) payload["note"] = c.note;
  return Events{event(*r, type::report_accepted, std::move(payload))};
}

}  // namespace dauvet::events
