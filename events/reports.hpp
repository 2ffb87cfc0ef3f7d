// Report requests and submissions (báo cáo sơ kết 6 tháng, tổng kết năm, quý, chuyên đề,
// đột xuất).
//
// One stream per request: the issuing side asks a list of units for a report on a period
// by a due date, to be sent to a receiving unit; each unit then owes its own submission:
//
//   pending --submit--> submitted --accept--> accepted
//      ^                   |   ^
//      |                 return |
//      |                   v   |
//      +               returned --submit (resubmission)
//
// Late: a unit's report is late when its FIRST submission was recorded after the due day
// in Vietnam time (UTC+7); a later resubmission never changes that, in either direction —
// returning a report on time for revision does not make it late, and resubmitting a late
// report does not make it on time. A unit that never submits is "missing", which readers
// derive from the due date.
//
//   report.request {id, kind, title, period, due, issuer, to, from[], directive?, tasks[]?}
//   report.submit  {id, unit, number, signer, date?, blob_sha256?, summary?,
//                   indicator_values[]? ({indicator, value, note?})}
//                  -> report.submitted, plus one indicator.value_reported per value
//   report.return  {id, unit, reason}
//   report.accept  {id, unit, note?}
//
// Who: issuers of the requesting unit's subtree request; issuers of the requesting or the
// receiving unit's subtree return and accept; clerks submit for units of their subtree
// that the request names.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/json_reader.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events {

// so_ket_6_thang (period YYYY-H1/H2), tong_ket_nam (YYYY), quy (YYYY-Qn), thang (YYYY-MM),
// so_ket, tong_ket (a phase: any period), chuyen_de, dot_xuat.
std::span<const std::string_view> report_kinds();

enum class ObligationStatus { pending, submitted, returned, accepted, moved };
std::string_view obligation_status_name(ObligationStatus s);

struct ReportObligation {
  std::string unit;
  ObligationStatus status = ObligationStatus::pending;
  std::uint64_t submissions = 0;
  std::uint64_t returns = 0;
  std::int64_t first_submitted_ms = 0;
  std::int64_t last_submitted_ms = 0;
  std::uint64_t last_submission_index = 0;
  bool late = false;  // fixed by the first submission
  std::string number, signer, blob_sha256;
  std::string moved_to;  // when status is moved (unit merged or dissolved)
  friend bool operator==(const ReportObligation&, const ReportObligation&) = default;
};

struct ReportState {
  StreamMeta meta;
  std::string id, kind, title, period, due, issuer, to;
  std::optional<DirectiveRef> directive;  // keyed symbol
  std::vector<TaskRef> tasks;
  std::map<std::string, ReportObligation> obligations;  // by unit id
  friend bool operator==(const ReportState&, const ReportState&) = default;
  const ReportObligation* obligation(std::string_view unit) const;
};
void apply(ReportState& state, const RecordedEvent& event);

struct IndicatorValueInput {
  std::string indicator;
  Quantity value;
  std::string note;
};

struct ReportRequest {
  static constexpr std::string_view kType = "report.request";
  std::string id, kind, title, period, due, issuer, to;
  std::vector<std::string> from;
  std::optional<DirectiveRef> directive;
  std::vector<TaskRef> tasks;
};
struct ReportSubmit {
  static constexpr std::string_view kType = "report.submit";
  std::string id, unit, number, signer, date, blob_sha256, summary;
  std::vector<IndicatorValueInput> indicator_values;
};
struct ReportReturn {
  static constexpr std::string_view kType = "report.return";
  std::string id, unit, reason;
};
struct ReportAccept {
  static constexpr std::string_view kType = "report.accept";
  std::string id, unit, note;
};

void read(JsonReader& r, ReportRequest& c);
void read(JsonReader& r, ReportSubmit& c);
void read(JsonReader& r, ReportReturn& c);
void read(JsonReader& r, ReportAccept& c);
Result<void> check(const ReportRequest& c);
Result<void> check(const ReportSubmit& c);
Result<void> check(const ReportReturn& c);
Result<void> check(const ReportAccept& c);
Result<Events> decide(const Context& ctx, const ReportRequest& c);
Result<Events> decide(const Context& ctx, const ReportSubmit& c);
Result<Events> decide(const Context& ctx, const ReportReturn& c);
Result<Events> decide(const Context& ctx, const ReportAccept& c);

// What a unit merge or dissolution records for a report the unit still owes.
NewEvent report_moved_by_closure(const ReportState& report, std::string_view unit, std::string_view successor,
                                 std::string_view reason);

}  // namespace dauvet::events
