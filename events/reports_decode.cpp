// Reading report commands from JSON and checking their fields (no state needed).
#include <array>

#include "events/calendar.hpp"
#include "events/fields.hpp"
#include "events/reports.hpp"

namespace dauvet::events {

namespace {

constexpr auto kKinds = std::to_array<std::string_view>(
    {"so_ket_6_thang", "tong_ket_nam", "quy", "thang", "so_ket", "tong_ket", "chuyen_de", "dot_xuat"});

// A periodic kind names its period in one form only, so "sơ kết 6 tháng" for "2024-Q3"
// is caught at the door instead of confusing every compliance view after it.
Result<void> check_kind_period(const std::string& kind, const std::string& period) {
  const auto p = calendar::parse_period(period);
  if (!p) return {};
  using K = calendar::PeriodKind;
  const bool fits = kind == "so_ket_6_thang" ? p->kind == K::half
                    : kind == "tong_ket_nam" ? p->kind == K::year
                    : kind == "quy"          ? p->kind == K::quarter
                    : kind == "thang"        ? p->kind == K::month
                                             : true;
  if (fits) return {};
  return fail(Errc::invalid_argument,
              "'" + period + "' does not fit a report of kind " + kind +
                  " (so_ket_6_thang: 2024-H1; tong_ket_nam: 2024; quy: 2024-Q3; thang: 2024-06)",
              "period");
}

}  // namespace

std::span<const std::string_view> report_kinds() { return kKinds; }

void read(JsonReader& r, ReportRequest& c) {
  c.id = r.str("id");
  c.kind = r.str("kind");
  c.title = r.str("title");
  c.period = r.str("period");
  c.due = r.str("due");
  c.issuer = r.str("issuer");
  c.to = r.str("to");
  c.from = r.strs("from", true);
  r.object("directive", false, [&](JsonReader& d) { read(d, c.directive.emplace()); });
  r.objects("tasks", false, [&](JsonReader& t, std::size_t) { read(t, c.tasks.emplace_back()); });
}
void read(JsonReader& r, ReportSubmit& c) {
  c.id = r.str("id");
  c.unit = r.str("unit");
  c.number = r.str("number");
  c.signer = r.str("signer");
  c.date = r.opt_str("date");
  c.blob_sha256 = r.opt_str("blob_sha256");
  c.summary = r.opt_str("summary");
  r.objects("indicator_values", false, [&](JsonReader& v, std::size_t) {
    auto& value = c.indicator_values.emplace_back();
    value.indicator = v.str("indicator");
    v.object("value", true, [&](JsonReader& q) { read(q, value.value); });
    value.note = v.opt_str("note");
  });
}
void read(JsonReader& r, ReportReturn& c) {
  c.id = r.str("id");
  c.unit = r.str("unit");
  c.reason = r.str("reason");
}
void read(JsonReader& r, ReportAccept& c) {
  c.id = r.str("id");
  c.unit = r.str("unit");
  c.note = r.opt_str("note");
}

Result<void> check(const ReportRequest& c) {
  DAUVET_TRY(field::id(c.id, "id", "report id"));
  DAUVET_TRY(field::one_of(c.kind, "kind", kKinds, "report kind (loại báo cáo)"));
  DAUVET_TRY(field::text(c.title, "title"));
  DAUVET_TRY(field::period(c.period, "period"));
  DAUVET_TRY(check_kind_period(c.kind, c.period));
  DAUVET_TRY(field::date(c.due, "due"));
  DAUVET_TRY(field::id(c.issuer, "issuer", "unit id"));
  DAUVET_TRY(field::id(c.to, "to", "unit id"));
  DAUVET_TRY(field::ids(c.from, "from", "unit id", true));
  if (c.directive) DAUVET_TRY(check(*c.directive, "directive"));
  for (std::size_t i = 0; i < c.tasks.size(); ++i) DAUVET_TRY(check(c.tasks[i], field::at("tasks", i)));
  return {};
}
Result<void> check(const ReportSubmit& c) {
  DAUVET_TRY(field::id(c.id, "id", "report id"));
  DAUVET_TRY(field::id(c.unit, "unit", "unit id"));
  DAUVET_TRY(field::line(c.number, "number"));
  DAUVET_TRY(field::line(c.signer, "signer"));
  DAUVET_TRY(field::optional_date(c.date, "date"));
  DAUVET_TRY(field::optional_sha256(c.blob_sha256, "blob_sha256"));
  DAUVET_TRY(field::optional_text(c.summary, "summary"));
  for (std::size_t i = 0; i < c.indicator_values.size(); ++i) {
    const auto f = field::at("indicator_values", i);
    DAUVET_TRY(field::id(c.indicator_values[i].indicator, field::dot(f, "indicator"), "indicator id"));
    DAUVET_TRY(check(c.indicator_values[i].value, field::dot(f, "value")));
    DAUVET_TRY(field::optional_text(c.indicator_values[i].note, field::dot(f, "note")));
  }
  return {};
}
Result<void> check(const ReportReturn& c) {
  DAUVET_TRY(field::id(c.id, "id", "report id"));
  DAUVET_TRY(field::id(c.unit, "unit", "unit id"));
  return field::line(c.reason, "reason");
}
Result<void> check(const ReportAccept& c) {
  DAUVET_TRY(field::id(c.id, "id", "report id"));
  DAUVET_TRY(field::id(c.unit, "unit", "unit id"));
  return field::optional_text(c.note, "note");
}

}  // namespace dauvet::events
