// Inspections and supervisions (kiểm tra, giám sát chuyên đề, giám sát thường xuyên,
// kiểm tra khi có dấu hiệu vi phạm; thanh tra for state inspectorates).
//
//   [open] --record_finding (any number)--> [open] --conclude--> [concluded]
//
//   inspection.open           {id, kind, body, title, subjects[] ({unit}|{person}), scope,
//                              period {from, to}, decision?}
//   inspection.record_finding {id, kind, text, subject?, evidence[]?}
//   inspection.conclude       {id, conclusion, recommendations[]?, violations, document?}
//
// The decision document (quyết định kiểm tra) is required except for regular supervision
// (giám sát thường xuyên), which runs without one. Findings cite ledger indexes as
// evidence: each must be an entry that exists when the finding is recorded, so a finding
// can be checked against exactly what the record showed. A finding's subject, when given,
// must be one of the inspection's subjects.
//
// Who: inspectors (and admins) whose subtree holds the inspecting body.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/json_reader.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events {

// kiem_tra, giam_sat_chuyen_de, giam_sat_thuong_xuyen, kiem_tra_dau_hieu_vi_pham, thanh_tra.
std::span<const std::string_view> inspection_kinds();
// uu_diem (strength), han_che (shortcoming), vi_pham (violation).
std::span<const std::string_view> finding_kinds();

enum class InspectionStatus { open, concluded };

struct InspectionState {
  StreamMeta meta;
  std::string id, kind, body, title, scope, period_from, period_to;
  std::vector<SubjectRef> subjects;
  std::optional<DocumentRef> decision;
  InspectionStatus status = InspectionStatus::open;
  std::vector<std::uint64_t> findings;  // indexes of inspection.finding_recorded
  std::uint64_t violations_found = 0;   // findings of kind vi_pham (unknown once erased)
  std::uint64_t concluded_index = 0;
  friend bool operator==(const InspectionState&, const InspectionState&) = default;
  bool has_subject(const SubjectRef& s) const;
};
void apply(InspectionState& state, const RecordedEvent& event);

struct InspectionOpen {
  static constexpr std::string_view kType = "inspection.open";
  std::string id, kind, body, title, scope, period_from, period_to;
  std::vector<SubjectRef> subjects;
  std::optional<DocumentRef> decision;
};
struct InspectionRecordFinding {
  static constexpr std::string_view kType = "inspection.record_finding";
  std::string id, kind, text;
  std::optional<SubjectRef> subject;
  std::vector<std::uint64_t> evidence;
};
struct InspectionConclude {
  static constexpr std::string_view kType = "inspection.conclude";
  std::string id, conclusion;
  std::vector<std::string> recommendations;
  bool violations = false;
  std::optional<DocumentRef> document;
};

void read(JsonReader& r, InspectionOpen& c);
void read(JsonReader& r, InspectionRecordFinding& c);
void read(JsonReader& r, InspectionConclude& c);
Result<void> check(const InspectionOpen& c);
Result<void> check(const InspectionRecordFinding& c);
Result<void> check(const InspectionConclude& c);
Result<Events> decide(const Context& ctx, const InspectionOpen& c);
Result<Events> decide(const Context& ctx, const InspectionRecordFinding& c);
Result<Events> decide(const Context& ctx, const InspectionConclude& c);

// Subjects must exist: a unit in the tree or a registered person. Shared with discipline.
Result<void> require_subject(const Context& ctx, const SubjectRef& subject, const std::string& field);

}  // namespace dauvet::events
