// state_json.hpp's encode_state_json: the stored bytes of a state written directly, without
// building a JSON document first. The projections store a full state per entry, and the
// document's allocations were most of the rebuild's time (BENCHMARKS.md). Keys are written
// in sorted order and strings escaped as nlohmann's dump() does, so the bytes equal
// state_to_json(s).dump() — a test holds the two together.
#include "events/state_encode.hpp"
#include "events/state_json.hpp"

namespace dauvet::events {

using namespace encode;  // NOLINT: the writer's vocabulary is this file's

std::string encode_state_json(const UnitState& s) {
  std::string o;
  Obj(o).str("closed_on", s.closed_on).strs("former_names", s.former_names).str("id", s.id).str("kind", s.kind)
      .object("meta", with_meta(s.meta)).str("name", s.name).str("parent", s.parent)
      .str("status", unit_status_name(s.status)).str("successor", s.successor);
  return o;
}

std::string encode_state_json(const ActorState& s) {
  std::string o;
  Obj(o).boolean("active", s.active).str("id", s.id).object("meta", with_meta(s.meta)).str("name", s.name)
      .str("role", s.role).str("unit", s.unit);
  return o;
}

std::string encode_state_json(const PersonState& s) {
  std::string o;
  Obj(o).boolean("erased", s.erased).str("id", s.id).object("meta", with_meta(s.meta)).str("name", s.name)
      .str("position", s.position).str("unit", s.unit);
  return o;
}

std::string encode_state_json(const DirectiveState& s) {
  std::string o;
  Obj(o).list("based_on", s.based_on, dref).strs("cites", s.cites).str("date", s.date)
      .str("document_sha256", s.document_sha256).str("issuer", s.issuer).str("key", s.key).str("kind", s.kind)
      .object("meta", with_meta(s.meta)).str("signer", s.signer).str("signer_title", s.signer_title)
      .str("symbol", s.symbol).str("title", s.title);
  return o;
}

std::string encode_state_json(const InspectionState& s) {
  std::string o;
  Obj(o).str("body", s.body).unum("concluded_index", s.concluded_index)
      .object("decision", [&](std::string& x) { optional(x, s.decision, doc); })
      .nums("findings", s.findings).str("id", s.id).str("kind", s.kind).object("meta", with_meta(s.meta))
      .str("period_from", s.period_from).str("period_to", s.period_to).str("scope", s.scope)
      .str("status", s.status == InspectionStatus::open ? "open" : "concluded").list("subjects", s.subjects, subject)
      .str("title", s.title).unum("violations_found", s.violations_found);
  return o;
}

std::string encode_state_json(const CaseState& s) {
  std::string o;
  Obj(o).str("appeal_outcome", s.appeal_outcome).str("body", s.body).str("deciding_body", s.deciding_body)
      .str("effective", s.effective).str("final_form", s.final_form).str("form", s.form).str("grounds", s.grounds)
      .str("id", s.id).str("inspection", s.inspection).object("meta", with_meta(s.meta))
      .str("status", case_status_name(s.status)).object("subject", [&](std::string& x) { subject(x, s.subject); });
  return o;
}

// Tasks, reports and indicators: state_encode_work.cpp.

}  // namespace dauvet::events
