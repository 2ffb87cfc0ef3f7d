// Indicators (chỉ tiêu): measurable targets a directive sets, and the values units report.
//
// "Hằng năm có trên 90% tổ chức cơ sở đảng ... hoàn thành tốt nhiệm vụ trở lên" is
//   {comparator ">", target {value 9000, scale 100}, unit_of_measure "%", period
//    "2020-2025", recurrence "annual"};
// "tỷ lệ kết nạp đảng viên mới ... đạt từ 3% trở lên" is {">=", {300, 100}, "%", ...};
// "đến năm 2025 có 100% ..." is {">=", {100, 1}, "%", period "2025", recurrence "end"}.
// No floats anywhere: a value is a scaled integer or a numerator/denominator pair, and
// readers compare by cross-multiplying.
//
//   indicator.define       {id, issuer, title, unit_of_measure, comparator, target, period,
//                           recurrence, scope?, scope_units[]?, directive?}
//                          (issuers of the issuing unit's subtree)
//   indicator.report_value {id, unit, period, value, note?, report?}
//                          (clerks of the unit's subtree; also through report.submit)
//
// A value's period must lie within the indicator's period, and its unit within the scope
// units when the indicator names some. A later value for the same unit and period
// supersedes the earlier one; both stay recorded.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "events/json_reader.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events {

std::span<const std::string_view> comparators();         // >=, >, <=, <, =
std::span<const std::string_view> indicator_recurrences();  // annual, end

struct IndicatorValue {
  std::string unit, period;
  Quantity value;
  std::string report;  // the report submission it came with, if any
  std::uint64_t index = 0;
  std::uint64_t restatements = 0;  // earlier values it superseded
  friend bool operator==(const IndicatorValue&, const IndicatorValue&) = default;
};

struct IndicatorState {
  StreamMeta meta;
  std::string id, issuer, title, unit_of_measure, comparator, period, recurrence, scope;
  Quantity target;
  std::vector<std::string> scope_units;
  std::optional<DirectiveRef> directive;  // keyed symbol
  std::map<std::pair<std::string, std::string>, IndicatorValue> values;  // by (unit, period)
  friend bool operator==(const IndicatorState&, const IndicatorState&) = default;
};
void apply(IndicatorState& state, const RecordedEvent& event);

struct IndicatorDefine {
  static constexpr std::string_view kType = "indicator.define";
  std::string id, issuer, title, unit_of_measure, comparator, period, recurrence, scope;
  Quantity target;
  std::vector<std::string> scope_units;
  std::optional<DirectiveRef> directive;
};
struct IndicatorReportValue {
  static constexpr std::string_view kType = "indicator.report_value";
  std::string id, unit, period, note, report;
  Quantity value;
};

void read(JsonReader& r, IndicatorDefine& c);
void read(JsonReader& r, IndicatorReportValue& c);
Result<void> check(const IndicatorDefine& c);
Result<void> check(const IndicatorReportValue& c);
Result<Events> decide(const Context& ctx, const IndicatorDefine& c);
Result<Events> decide(const Context& ctx, const IndicatorReportValue& c);

// The rules of a value (indicator exists, period within, unit in scope), shared with
// report.submit; authorization is the caller's. `field` prefixes error fields.
Result<NewEvent> indicator_value_event(const Context& ctx, const IndicatorReportValue& value,
                                       const std::string& field);

}  // namespace dauvet::events
