// Discipline cases (kỷ luật): a subject, grounds, a decision, an appeal and its outcome.
//
//   [open] --decide--> [decided] --appeal--> [appealed] --decide_appeal--> [closed]
//
// Forms (hình thức kỷ luật) depend on the subject:
//   person (đảng viên):        khien_trach, canh_cao, cach_chuc, khai_tru
//   organisation (tổ chức):    khien_trach, canh_cao, giai_tan
//   either:                    khong_ky_luat (the body decided not to discipline)
// A form that does not fit the subject is refused. An appeal (khiếu nại) is against a
// disciplinary decision, so a khong_ky_luat decision cannot be appealed; one appeal per
// case. Appeal outcomes: giu_nguyen (upheld), thay_doi_hinh_thuc (a different form, which
// must fit the subject and differ from the one appealed), xoa_bo (annulled).
//
//   case.open           {id, subject {person}|{unit}, grounds, body, inspection?}
//   case.decide         {id, form, body, document, effective, reason?}
//   case.appeal         {id, filed_on, grounds}
//   case.decide_appeal  {id, outcome, new_form?, body, document, effective}
//
// Who: inspectors (and admins) whose subtree holds the body named: the handling body to
// open and record an appeal, the deciding body to decide.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "events/json_reader.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events {

std::span<const std::string_view> person_discipline_forms();
std::span<const std::string_view> organisation_discipline_forms();
std::span<const std::string_view> appeal_outcomes();

enum class CaseStatus { open, decided, appealed, closed };
std::string_view case_status_name(CaseStatus s);

struct CaseState {
  StreamMeta meta;
  std::string id, grounds, body, inspection;
  SubjectRef subject;
  CaseStatus status = CaseStatus::open;
  std::string form;        // as first decided
  std::string final_form;  // after the appeal: the same, another, or empty when annulled
  std::string deciding_body, effective;
  std::string appeal_outcome;
  friend bool operator==(const CaseState&, const CaseState&) = default;
};
void apply(CaseState& state, const RecordedEvent& event);

struct CaseOpen {
  static constexpr std::string_view kType = "case.open";
  std::string id, grounds, body, inspection;
  SubjectRef subject;
};
struct CaseDecide {
  static constexpr std::string_view kType = "case.decide";
  std::string id, form, body, effective, reason;
  DocumentRef document;
};
struct CaseAppeal {
  static constexpr std::string_view kType = "case.appeal";
  std::string id, filed_on, grounds;
};
struct CaseDecideAppeal {
  static constexpr std::string_view kType = "case.decide_appeal";
  std::string id, outcome, new_form, body, effective;
  DocumentRef document;
};

void read(JsonReader& r, CaseOpen& c);
void read(JsonReader& r, CaseDecide& c);
void read(JsonReader& r, CaseAppeal& c);
void read(JsonReader& r, CaseDecideAppeal& c);
Result<void> check(const CaseOpen& c);
Result<void> check(const CaseDecide& c);
Result<void> check(const CaseAppeal& c);
Result<void> check(const CaseDecideAppeal& c);
Result<Events> decide(const Context& ctx, const CaseOpen& c);
Result<Events> decide(const Context& ctx, const CaseDecide& c);
Result<Events> decide(const Context& ctx, const CaseAppeal& c);
Result<Events> decide(const Context& ctx, const CaseDecideAppeal& c);

}  // namespace dauvet::events
