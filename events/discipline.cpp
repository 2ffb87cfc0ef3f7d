#include "events/discipline.hpp"

#include <array>

#include "events/authz.hpp"
#include "events/calendar.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/inspections.hpp"
#include "events/streams.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

constexpr auto kPersonForms = std::to_array<std::string_view>({"khien_trach", "canh_cao", "cach_chuc", "khai_tru",
                                                         "khong_ky_luat"});
constexpr auto kOrganisationForms = std::to_array<std::string_view>({"khien_trach", "canh_cao", "giai_tan",
                                                               "khong_ky_luat"});
constexpr auto kAllForms = std::to_array<std::string_view>({"khien_trach", "canh_cao", "cach_chuc", "khai_tru",
                                                      "giai_tan",    "khong_ky_luat"});
constexpr auto kOutcomes = std::to_array<std::string_view>({"giu_nguyen", "thay_doi_hinh_thuc", "xoa_bo"});
constexpr auto kStatus = std::to_array<std::string_view>({"open", "decided", "appealed", "closed"});
constexpr auto kStatusLabel = std::to_array<std::string_view>({"đang xem xét", "đã quyết định", "đang khiếu nại",
                                                          "đã giải quyết khiếu nại"});

static_assert(kStatus.size() == static_cast<std::size_t>(CaseStatus::closed) + 1);
static_assert(kStatusLabel.size() == kStatus.size());

std::string describe(CaseStatus s) {
  const auto i = static_cast<std::size_t>(s);
  return std::string(kStatus[i]) + " (" + std::string(kStatusLabel[i]) + ")";
}

// The form must be one the subject can receive: giải tán is for organisations,
// cách chức and khai trừ for persons.
Result<void> form_fits(const CaseState& c, const std::string& form, const std::string& f) {
  const auto allowed = c.subject.is_person() ? std::span<const std::string_view>(kPersonForms)
                                             : std::span<const std::string_view>(kOrganisationForms);
  if (field::contains(allowed, form)) return {};
  return fail(Errc::invalid_argument,
              "'" + form + "' cannot be imposed on " +
                  (c.subject.is_person() ? "a person (cá nhân)" : "an organisation (tổ chức)") +
                  "; the forms for it are: " + field::join(allowed),
              f);
}

Result<CaseState> load(const Context& ctx, std::string_view command, const std::string& id) {
  DAUVET_TRY(require_role(ctx, command, {Role::inspector}));
  auto c = ctx.world.discipline_case(id);
  if (!c) return fail(Errc::not_found, "discipline case '" + id + "' is not in the ledger", "id");
  return *c;
}

Result<void> require_status(std::string_view command, const CaseState& c, CaseStatus allowed) {
  if (c.status == allowed) return {};
  return fail(invalid_transition(command, "case '" + c.id + "'", describe(c.status), describe(allowed)));
}

NewEvent event(const CaseState& c, std::string_view type, nlohmann::json payload) {
  return NewEvent{c.meta.stream, std::string(type), std::move(payload), std::nullopt, {}};
}

Result<void> effective_after_document(const std::string& effective, const DocumentRef& d) {
  if (!d.date.empty() && effective < d.date) {
    return fail(Errc::invalid_argument,
                "is " + effective + ", before the decision was signed (" + d.date + ")", "effective");
  }
  return {};
}

}  // namespace

std::span<const std::string_view> person_discipline_forms() { return kPersonForms; }
std::span<const std::string_view> organisation_discipline_forms() { return kOrganisationForms; }
std::span<const std::string_view> appeal_outcomes() { return kOutcomes; }
std::string_view case_status_name(CaseStatus s) { return kStatus[static_cast<std::size_t>(s)]; }

void apply(CaseState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  const auto& p = e.payload;
  if (e.type == type::case_opened) {
    s.id = str_of(p, "id");
    s.subject = subject_from(member_of(p, "subject"));
    s.grounds = str_of(p, "grounds");
    s.body = str_of(p, "body");
    s.inspection = str_of(p, "inspection");
  } else if (e.type == type::case_decided) {
    s.status = CaseStatus::decided;
    s.form = s.final_form = str_of(p, "form");
    s.deciding_body = str_of(p, "body");
    s.effective = str_of(p, "effective");
  } else if (e.type == type::case_appealed) {
    s.status = CaseStatus::appealed;
  } else if (e.type == type::case_appeal_decided) {
    s.status = CaseStatus::closed;
    s.appeal_outcome = str_of(p, "outcome");
    if (s.appeal_outcome == "thay_doi_hinh_thuc") s.final_form = str_of(p, "new_form");
    if (s.appeal_outcome == "xoa_bo") s.final_form.clear();
  }
}

void read(JsonReader& r, CaseOpen& c) {
  c.id = r.str("id");
  r.object("subject", true, [&](JsonReader& s) { read(s, c.subject); });
  c.grounds = r.str("grounds");
  c.body = r.str("body");
  c.inspection = r.opt_str("inspection");
}
void read(JsonReader& r, CaseDecide& c) {
  c.id = r.str("id");
  c.form = r.str("form");
  c.body = r.str("body");
  r.object("document", true, [&](JsonReader& d) { read(d, c.document); });
  c.effective = r.str("effective");
  c.reason = r.opt_str("reason");
}
void read(JsonReader& r, CaseAppeal& c) {
  c.id = r.str("id");
  c.filed_on = r.str("filed_on");
  c.grounds = r.str("grounds");
}
void read(JsonReader& r, CaseDecideAppeal& c) {
  c.id = r.str("id");
  c.outcome = r.str("outcome");
  c.new_form = r.opt_str("new_form");
  c.body = r.str("body");
  r.object("document", true, [&](JsonReader& d) { read(d, c.document); });
  c.effective = r.str("effective");
}

Result<void> check(const CaseOpen& c) {
  DAUVET_TRY(field::id(c.id, "id", "case id"));
  DAUVET_TRY(check(c.subject, "subject"));
  DAUVET_TRY(field::text(c.grounds, "grounds"));
  DAUVET_TRY(field::id(c.body, "body", "unit id"));
  if (!c.inspection.empty()) DAUVET_TRY(field::id(c.inspection, "inspection", "inspection id"));
  return {};
}
Result<void> check(const CaseDecide& c) {
  DAUVET_TRY(field::id(c.id, "id", "case id"));
  DAUVET_TRY(field::one_of(c.form, "form", kAllForms, "form of discipline (hình thức kỷ luật)"));
  DAUVET_TRY(field::id(c.body, "body", "unit id"));
  DAUVET_TRY(check(c.document, "document"));
  DAUVET_TRY(field::date(c.effective, "effective"));
  DAUVET_TRY(effective_after_document(c.effective, c.document));
  return field::optional_text(c.reason, "reason");
}
Result<void> check(const CaseAppeal& c) {
  DAUVET_TRY(field::id(c.id, "id", "case id"));
  DAUVET_TRY(field::date(c.filed_on, "filed_on"));
  return field::text(c.grounds, "grounds");
}
Result<void> check(const CaseDecideAppeal& c) {
  DAUVET_TRY(field::id(c.id, "id", "case id"));
  DAUVET_TRY(field::one_of(c.outcome, "outcome", kOutcomes, "appeal outcome"));
  if (c.outcome == "thay_doi_hinh_thuc") {
    if (c.new_form.empty()) {
      return fail(Errc::invalid_argument, "is required when the outcome is thay_doi_hinh_thuc: the form decided instead",
                  "new_form");
    }
    DAUVET_TRY(field::one_of(c.new_form, "new_form", kAllForms, "form of discipline"));
    if (c.new_form == "khong_ky_luat") {
      return fail(Errc::invalid_argument, "removing the discipline altogether is the outcome xoa_bo", "new_form");
    }
  } else if (!c.new_form.empty()) {
    return fail(Errc::invalid_argument, "is only given with the outcome thay_doi_hinh_thuc", "new_form");
  }
  DAUVET_TRY(field::id(c.body, "body", "unit id"));
  DAUVET_TRY(check(c.document, "document"));
  DAUVET_TRY(field::date(c.effective, "effective"));
  return effective_after_document(c.effective, c.document);
}

Result<Events> decide(const Context& ctx, const CaseOpen& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::inspector}));
  DAUVET_TRY(require_unit(ctx, c.body, "body"));
  DAUVET_TRY(require_scope(ctx, c.body, "the body handling the case"));
  if (ctx.world.discipline_case(c.id)) return fail(Errc::conflict, "case id '" + c.id + "' is already taken", "id");
  DAUVET_TRY(require_subject(ctx, c.subject, "subject"));
  if (!c.inspection.empty() && !ctx.world.inspection(c.inspection)) {
    return fail(Errc::not_found, "inspection '" + c.inspection + "' is not in the ledger", "inspection");
  }
  nlohmann::json payload = {{"id", c.id}, {"subject", to_json(c.subject)}, {"grounds", c.grounds}, {"body", c.body}};
  if (!c.inspection.empty()) payload["inspection"] = c.inspection;
  return Events{NewEvent{case_stream(c.id), std::string(type::case_opened), std::move(payload), 0, {}}};
}

Result<Events> decide(const Context& ctx, const CaseDecide& c) {
  auto s = load(ctx, c.kType, c.id);
  if (!s) return fail(s.error());
  DAUVET_TRY(require_unit(ctx, c.body, "body"));
  DAUVET_TRY(require_scope(ctx, c.body, "the deciding body"));
  DAUVET_TRY(require_status(c.kType, *s, CaseStatus::open));
  DAUVET_TRY(form_fits(*s, c.form, "form"));
  nlohmann::json payload = {
      {"form", c.form}, {"body", c.body}, {"document", to_json(c.document)}, {"effective", c.effective}};
  if (!c.reason.empty()) payload["reason"] = c.reason;
  return Events{event(*s, type::case_decided, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const CaseAppeal& c) {
  auto s = load(ctx, c.kType, c.id);
  if (!s) return fail(s.error());
  // The appeal reaches the body that handled the case or the one that decided it.
  const bool in_scope = is_admin(ctx) || ctx.world.is_in_subtree(s->body, ctx.actor.unit) ||
                        (!s->deciding_body.empty() && ctx.world.is_in_subtree(s->deciding_body, ctx.actor.unit));
  if (!in_scope) DAUVET_TRY(require_scope(ctx, s->body, "the body handling the case"));
  DAUVET_TRY(require_status(c.kType, *s, CaseStatus::decided));
  if (s->form == "khong_ky_luat") {
    return fail(Errc::invalid_state, "case '" + c.id + "' was decided without discipline (khong_ky_luat); there is "
                                                       "no disciplinary decision to appeal");
  }
  const std::string today = calendar::vn_date(ctx.now_ms);
  if (c.filed_on > today) {
    return fail(Errc::invalid_argument, "is " + c.filed_on + ", after today (" + today + ")", "filed_on");
  }
  return Events{event(*s, type::case_appealed, {{"filed_on", c.filed_on}, {"grounds", c.grounds}})};
}

Result<Events> decide(const Context& ctx, const CaseDecideAppeal& c) {
  auto s = load(ctx, c.kType, c.id);
  if (!s) return fail(s.error());
  DAUVET_TRY(require_unit(ctx, c.body, "body"));
  DAUVET_TRY(require_scope(ctx, c.body, "the body deciding the appeal"));
  DAUVET_TRY(require_status(c.kType, *s, CaseStatus::appealed));
  if (c.outcome == "thay_doi_hinh_thuc") {
    DAUVET_TRY(form_fits(*s, c.new_form, "new_form"));
    if (c.new_form == s->form) {
      return fail(Errc::invalid_argument,
                  "is the form appealed against (" + s->form + "); to keep it, the outcome is giu_nguyen", "new_form");
    }
  }
  nlohmann::json payload = {
      {"outcome", c.outcome}, {"body", c.body}, {"document", to_json(c.document)}, {"effective", c.effective}};
  if (!c.new_form.empty()) payload["new_form"] = c.new_form;
  return Events{event(*s, type::case_appeal_decided, std::move(payload))};
}

}  // namespace dauvet::events
