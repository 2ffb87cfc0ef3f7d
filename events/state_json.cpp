#include "events/state_json.hpp"

#include "events/state_codec.hpp"

namespace dauvet::events {

namespace {

using namespace codec;  // NOLINT: the codec's vocabulary is this file's

constexpr Names<UnitStatus, 3> kUnitStatus{{"active", "merged", "dissolved"}};
constexpr Names<InspectionStatus, 2> kInspection{{"open", "concluded"}};
constexpr Names<CaseStatus, 4> kCase{{"open", "decided", "appealed", "closed"}};

}  // namespace

nlohmann::json state_to_json(const UnitState& s) {
  return {{"meta", meta_json(s.meta)}, {"id", s.id},           {"name", s.name},
          {"kind", s.kind},           {"parent", s.parent},   {"status", kUnitStatus.of(s.status)},
          {"successor", s.successor}, {"closed_on", s.closed_on}, {"former_names", s.former_names}};
}
Result<void> state_from_json(const nlohmann::json& j, UnitState& out) {
  return decode(j, out, [](Reader& r, UnitState& s) {
    r.get("id", s.id);
    r.get("name", s.name);
    r.get("kind", s.kind);
    r.get("parent", s.parent);
    r.get("status", s.status, kUnitStatus);
    r.get("successor", s.successor);
    r.get("closed_on", s.closed_on);
    r.get("former_names", s.former_names);
  });
}

nlohmann::json state_to_json(const ActorState& s) {
  return {{"meta", meta_json(s.meta)}, {"id", s.id}, {"name", s.name}, {"unit", s.unit}, {"role", s.role},
          {"active", s.active}};
}
Result<void> state_from_json(const nlohmann::json& j, ActorState& out) {
  return decode(j, out, [](Reader& r, ActorState& s) {
    r.get("id", s.id);
    r.get("name", s.name);
    r.get("unit", s.unit);
    r.get("role", s.role);
    r.get("active", s.active);
  });
}

nlohmann::json state_to_json(const PersonState& s) {
  return {{"meta", meta_json(s.meta)}, {"id", s.id}, {"name", s.name}, {"unit", s.unit}, {"position", s.position},
          {"erased", s.erased}};
}
Result<void> state_from_json(const nlohmann::json& j, PersonState& out) {
  return decode(j, out, [](Reader& r, PersonState& s) {
    r.get("id", s.id);
    r.get("name", s.name);
    r.get("unit", s.unit);
    r.get("position", s.position);
    r.get("erased", s.erased);
  });
}

nlohmann::json state_to_json(const DirectiveState& s) {
  return {{"meta", meta_json(s.meta)}, {"issuer", s.issuer}, {"symbol", s.symbol}, {"key", s.key},
          {"kind", s.kind}, {"date", s.date}, {"signer", s.signer}, {"signer_title", s.signer_title},
          {"title", s.title}, {"based_on", array_of(s.based_on, dref_json)}, {"cites", s.cites},
          {"document_sha256", s.document_sha256}};
}
Result<void> state_from_json(const nlohmann::json& j, DirectiveState& out) {
  return decode(j, out, [](Reader& r, DirectiveState& s) {
    r.get("issuer", s.issuer);
    r.get("symbol", s.symbol);
    r.get("key", s.key);
    r.get("kind", s.kind);
    r.get("date", s.date);
    r.get("signer", s.signer);
    r.get("signer_title", s.signer_title);
    r.get("title", s.title);
    objects(r, "based_on", s.based_on, read_dref);
    r.get("cites", s.cites);
    r.get("document_sha256", s.document_sha256);
  });
}

nlohmann::json state_to_json(const InspectionState& s) {
  return {{"meta", meta_json(s.meta)},
          {"id", s.id},
          {"kind", s.kind},
          {"body", s.body},
          {"title", s.title},
          {"scope", s.scope},
          {"period_from", s.period_from},
          {"period_to", s.period_to},
          {"subjects", array_of(s.subjects, subject_json)},
          {"decision", s.decision ? doc_json(*s.decision) : json(nullptr)},
          {"status", kInspection.of(s.status)},
          {"findings", s.findings},
          {"violations_found", s.violations_found},
          {"concluded_index", s.concluded_index}};
}
Result<void> state_from_json(const nlohmann::json& j, InspectionState& out) {
  return decode(j, out, [](Reader& r, InspectionState& s) {
    r.get("id", s.id);
    r.get("kind", s.kind);
    r.get("body", s.body);
    r.get("title", s.title);
    r.get("scope", s.scope);
    r.get("period_from", s.period_from);
    r.get("period_to", s.period_to);
    objects(r, "subjects", s.subjects, read_subject);
    optional_object(r, "decision", s.decision, read_doc);
    r.get("status", s.status, kInspection);
    r.get("findings", s.findings);
    r.get("violations_found", s.violations_found);
    r.get("concluded_index", s.concluded_index);
  });
}

nlohmann::json state_to_json(const CaseState& s) {
  return {{"meta", meta_json(s.meta)}, {"id", s.id}, {"grounds", s.grounds}, {"body", s.body},
          {"inspection", s.inspection}, {"subject", subject_json(s.subject)}, {"status", kCase.of(s.status)},
          {"form", s.form}, {"final_form", s.final_form}, {"deciding_body", s.deciding_body},
          {"effective", s.effective}, {"appeal_outcome", s.appeal_outcome}};
}
Result<void> state_from_json(const nlohmann::json& j, CaseState& out) {
  return decode(j, out, [](Reader& r, CaseState& s) {
    r.get("id", s.id);
    r.get("grounds", s.grounds);
    r.get("body", s.body);
    r.get("inspection", s.inspection);
    object(r, "subject", s.subject, read_subject);
    r.get("status", s.status, kCase);
    r.get("form", s.form);
    r.get("final_form", s.final_form);
    r.get("deciding_body", s.deciding_body);
    r.get("effective", s.effective);
    r.get("appeal_outcome", s.appeal_outcome);
  });
}

// Tasks, reports and indicators: state_json_work.cpp.

}  // namespace dauvet::events
