#include "events/inspections.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "events/authz.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/streams.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

constexpr auto kKinds = std::to_array<std::string_view>({"kiem_tra", "giam_sat_chuyen_de", "giam_sat_thuong_xuyen",
                                                    "kiem_tra_dau_hieu_vi_pham", "thanh_tra"});
constexpr auto kFindingKinds = std::to_array<std::string_view>({"uu_diem", "han_che", "vi_pham"});

Result<InspectionState> load_open(const Context& ctx, std::string_view command, const std::string& id) {
  DAUVET_TRY(require_role(ctx, command, {Role::inspector}));
  auto inspection = ctx.world.inspection(id);
  if (!inspection) return fail(Errc::not_found, "inspection '" + id + "' is not in the ledger", "id");
  DAUVET_TRY(require_scope(ctx, inspection->body, "the inspecting body"));
  if (inspection->status != InspectionStatus::open) {
    return fail(invalid_transition(command, "inspection '" + id + "'",
                                   "concluded (đã kết luận) at ledger index " +
                                       std::to_string(inspection->concluded_index),
                                   "open (đang tiến hành)"));
  }
  return *inspection;
}

NewEvent event(const InspectionState& s, std::string_view type, nlohmann::json payload) {
  return NewEvent{s.meta.stream, std::string(type), std::move(payload), std::nullopt, {}};
}

}  // namespace

std::span<const std::string_view> inspection_kinds() { return kKinds; }
std::span<const std::string_view> finding_kinds() { return kFindingKinds; }

bool InspectionState::has_subject(const SubjectRef& s) const {
  return std::find(subjects.begin(), subjects.end(), s) != subjects.end();
}

void apply(InspectionState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  const auto& p = e.payload;
  if (e.type == type::inspection_opened) {
    s.id = str_of(p, "id");
    s.kind = str_of(p, "kind");
    s.body = str_of(p, "body");
    s.title = str_of(p, "title");
    s.scope = str_of(p, "scope");
    s.period_from = str_of(member_of(p, "period"), "from");
    s.period_to = str_of(member_of(p, "period"), "to");
    if (const auto& subjects = member_of(p, "subjects"); subjects.is_array()) {
      for (const auto& subject : subjects) s.subjects.push_back(subject_from(subject));
    }
    if (const auto& d = member_of(p, "decision"); d.is_object()) s.decision = document_from(d);
  } else if (e.type == type::inspection_finding_recorded) {
    s.findings.push_back(e.index);
    if (str_of(p, "kind") == "vi_pham") ++s.violations_found;
  } else if (e.type == type::inspection_concluded) {
    s.status = InspectionStatus::concluded;
    s.concluded_index = e.index;
  }
}

void read(JsonReader& r, InspectionOpen& c) {
  c.id = r.str("id");
  c.kind = r.str("kind");
  c.body = r.str("body");
  c.title = r.str("title");
  c.scope = r.str("scope");
  r.object("period", true, [&](JsonReader& p) {
    c.period_from = p.str("from");
    c.period_to = p.str("to");
  });
  r.objects("subjects", true, [&](JsonReader& s, std::size_t) { read(s, c.subjects.emplace_back()); });
  r.object("decision", false, [&](JsonReader& d) { read(d, c.decision.emplace()); });
}
void read(JsonReader& r, InspectionRecordFinding& c) {
  c.id = r.str("id");
  c.kind = r.str("kind");
  c.text = r.str("text");
  r.object("subject", false, [&](JsonReader& s) { read(s, c.subject.emplace()); });
  c.evidence = r.indexes("evidence", false);
}
void read(JsonReader& r, InspectionConclude& c) {
  c.id = r.str("id");
  c.conclusion = r.str("conclusion");
  c.recommendations = r.strs("recommendations", false);
  c.violations = r.boolean("violations", false);
  r.object("document", false, [&](JsonReader& d) { read(d, c.document.emplace()); });
}

Result<void> check(const InspectionOpen& c) {
  DAUVET_TRY(field::id(c.id, "id", "inspection id"));
  DAUVET_TRY(field::one_of(c.kind, "kind", kKinds, "kind of inspection or supervision"));
  DAUVET_TRY(field::id(c.body, "body", "unit id"));
  DAUVET_TRY(field::text(c.title, "title"));
  DAUVET_TRY(field::text(c.scope, "scope"));
  DAUVET_TRY(field::date(c.period_from, "period.from"));
  DAUVET_TRY(field::date(c.period_to, "period.to"));
  if (c.period_to < c.period_from) {
    return fail(Errc::invalid_argument, "is before period.from (" + c.period_from + ")", "period.to");
  }
  if (c.subjects.empty()) return fail(Errc::invalid_argument, "must name at least one unit or person", "subjects");
  for (std::size_t i = 0; i < c.subjects.size(); ++i) {
    DAUVET_TRY(check(c.subjects[i], field::at("subjects", i)));
    for (std::size_t j = 0; j < i; ++j) {
      if (c.subjects[j] == c.subjects[i]) {
        return fail(Errc::invalid_argument, "'" + c.subjects[i].id() + "' is listed twice", field::at("subjects", i));
      }
    }
  }
  if (c.decision) DAUVET_TRY(check(*c.decision, "decision"));
  if (!c.decision && c.kind != "giam_sat_thuong_xuyen") {
    return fail(Errc::invalid_argument,
                "is required for " + c.kind + ": the decision document (quyết định) that orders it; only regular "
                                              "supervision (giam_sat_thuong_xuyen) runs without one",
                "decision");
  }
  return {};
}
Result<void> check(const InspectionRecordFinding& c) {
  DAUVET_TRY(field::id(c.id, "id", "inspection id"));
  DAUVET_TRY(field::one_of(c.kind, "kind", kFindingKinds, "kind of finding"));
  DAUVET_TRY(field::text(c.text, "text"));
  if (c.subject) DAUVET_TRY(check(*c.subject, "subject"));
  if (c.evidence.size() > field::kListMax) return fail(Errc::invalid_argument, "cites too many entries", "evidence");
  return {};
}
Result<void> check(const InspectionConclude& c) {
  DAUVET_TRY(field::id(c.id, "id", "inspection id"));
  DAUVET_TRY(field::text(c.conclusion, "conclusion"));
  DAUVET_TRY(field::lines(c.recommendations, "recommendations", false));
  if (c.document) DAUVET_TRY(check(*c.document, "document"));
  return {};
}

Result<void> require_subject(const Context& ctx, const SubjectRef& s, const std::string& f) {
  if (s.is_person()) {
    if (!ctx.world.person(s.person)) {
      return fail(Errc::not_found, "person '" + s.person + "' is not registered; register the person first",
                  field::dot(f, "person"));
    }
    return {};
  }
  // A unit merged since may still be inspected for what it did before.
  DAUVET_TRY(require_unit(ctx, s.unit, field::dot(f, "unit"), false));
  return {};
}

Result<Events> decide(const Context& ctx, const InspectionOpen& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::inspector}));
  DAUVET_TRY(require_unit(ctx, c.body, "body"));
  DAUVET_TRY(require_scope(ctx, c.body, "the inspecting body"));
  if (ctx.world.inspection(c.id)) return fail(Errc::conflict, "inspection id '" + c.id + "' is already taken", "id");
  nlohmann::json subjects = nlohmann::json::array();
  for (std::size_t i = 0; i < c.subjects.size(); ++i) {
    DAUVET_TRY(require_subject(ctx, c.subjects[i], field::at("subjects", i)));
    subjects.push_back(to_json(c.subjects[i]));
  }
  nlohmann::json payload = {{"id", c.id},       {"kind", c.kind},   {"body", c.body},
                            {"title", c.title}, {"scope", c.scope}, {"subjects", std::move(subjects)},
                            {"period", {{"from", c.period_from}, {"to", c.period_to}}}};
  if (c.decision) payload["decision"] = to_json(*c.decision);
  return Events{NewEvent{inspection_stream(c.id), std::string(type::inspection_opened), std::move(payload), 0, {}}};
}

Result<Events> decide(const Context& ctx, const InspectionRecordFinding& c) {
  auto s = load_open(ctx, c.kType, c.id);
  if (!s) return fail(s.error());
  if (c.subject && !s->has_subject(*c.subject)) {
    return fail(Errc::invalid_argument, "'" + c.subject->id() + "' is not a subject of inspection '" + c.id + "'",
                "subject");
  }
  const std::uint64_t size = ctx.world.size();
  std::set<std::uint64_t> cited;
  for (std::size_t i = 0; i < c.evidence.size(); ++i) {
    if (c.evidence[i] >= size) {
      return fail(Errc::not_found, "ledger index " + std::to_string(c.evidence[i]) +
                                       " does not exist yet; the ledger holds indexes 0 to " +
                                       (size == 0 ? std::string("(none)") : std::to_string(size - 1)),
                  field::at("evidence", i));
    }
    if (!cited.insert(c.evidence[i]).second) {
      return fail(Errc::invalid_argument, "cites ledger index " + std::to_string(c.evidence[i]) + " twice",
                  field::at("evidence", i));
    }
  }
  nlohmann::json payload = {{"kind", c.kind}, {"text", c.text}, {"evidence", c.evidence}};
  if (c.subject) payload["subject"] = to_json(*c.subject);
  return Events{event(*s, type::inspection_finding_recorded, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const InspectionConclude& c) {
  auto s = load_open(ctx, c.kType, c.id);
  if (!s) return fail(s.error());
  nlohmann::json payload = {{"conclusion", c.conclusion}, {"violations", c.violations},
                            {"findings", s->findings.size()}};
  if (!c.recommendations.empty()) payload["recommendations"] = c.recommendations;
  if (c.document) payload["document"] = to_json(*c.document);
  return Events{event(*s, type::inspection_concluded, std::move(payload))};
}

}  // namespace dauvet::events
