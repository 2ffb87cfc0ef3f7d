#include "events/directives.hpp"

#include <array>

#include "events/authz.hpp"
#include "events/calendar.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/streams.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

constexpr auto kDirectiveKinds = std::to_array<std::string_view>({
    "nghi_quyet", "chi_thi",  "ket_luan", "quy_dinh", "ke_hoach",  "chuong_trinh",
    "cong_van",   "thong_bao", "de_an",   "quyet_dinh", "huong_dan", "quy_che"});

}  // namespace

std::span<const std::string_view> directive_kinds() { return kDirectiveKinds; }

void apply(DirectiveState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  if (e.type != type::directive_issued) return;
  const auto& p = e.payload;
  s.issuer = str_of(p, "issuer");
  s.symbol = str_of(p, "symbol");
  s.key = symbol_key(s.symbol);
  s.kind = str_of(p, "kind");
  s.date = str_of(p, "date");
  s.signer = str_of(p, "signer");
  s.signer_title = str_of(p, "signer_title");
  s.title = str_of(p, "title");
  s.cites = strs_of(p, "cites");
  s.document_sha256 = str_of(p, "document_sha256");
  s.based_on.clear();
  if (p.contains("based_on") && p["based_on"].is_array()) {
    for (const auto& ref : p["based_on"]) s.based_on.push_back({str_of(ref, "issuer"), str_of(ref, "symbol")});
  }
}

void read(JsonReader& r, DirectiveIssue& c) {
  c.issuer = r.str("issuer");
  c.symbol = r.str("symbol");
  c.kind = r.str("kind");
  c.date = r.str("date");
  c.signer = r.str("signer");
  c.signer_title = r.opt_str("signer_title");
  c.title = r.str("title");
  c.document_sha256 = r.opt_str("document_sha256");
  r.objects("based_on", false, [&](JsonReader& item, std::size_t) { read(item, c.based_on.emplace_back()); });
  c.cites = r.strs("cites", false);
}

Result<void> check(const DirectiveIssue& c) {
  DAUVET_TRY(field::id(c.issuer, "issuer", "issuing unit id"));
  DAUVET_TRY(field::symbol(c.symbol, "symbol"));
  DAUVET_TRY(field::one_of(c.kind, "kind", kDirectiveKinds, "kind of document (loại văn bản)"));
  DAUVET_TRY(field::date(c.date, "date"));
  DAUVET_TRY(field::line(c.signer, "signer"));
  DAUVET_TRY(field::optional_line(c.signer_title, "signer_title"));
  DAUVET_TRY(field::text(c.title, "title"));
  DAUVET_TRY(field::optional_sha256(c.document_sha256, "document_sha256"));
  if (c.based_on.size() > field::kListMax) {
    return fail(Errc::invalid_argument, "lists too many directives", "based_on");
  }
  for (std::size_t i = 0; i < c.based_on.size(); ++i) DAUVET_TRY(check(c.based_on[i], field::at("based_on", i)));
  return field::lines(c.cites, "cites", false);
}

Result<Events> decide(const Context& ctx, const DirectiveIssue& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {Role::issuer}));
  DAUVET_TRY(require_unit(ctx, c.issuer, "issuer"));
  DAUVET_TRY(require_scope(ctx, c.issuer, "the issuing unit"));
  if (const auto existing = ctx.world.directive(c.issuer, c.symbol)) {
    return fail(Errc::conflict,
                "directive '" + existing->symbol + "' of '" + c.issuer + "' is already recorded (ledger index " +
                    std::to_string(existing->meta.first_index) + "); a symbol is unique per issuing unit",
                "symbol");
  }
  const std::string today = calendar::vn_date(ctx.now_ms);
  if (c.date > today) {
    return fail(Errc::invalid_argument, "is " + c.date + ", after today (" + today +
                                            " in Vietnam): only documents already issued are recorded",
                "date");
  }
  nlohmann::json based_on = nlohmann::json::array();
  for (std::size_t i = 0; i < c.based_on.size(); ++i) {
    const auto& ref = c.based_on[i];
    const std::string f = field::at("based_on", i);
    if (ref.issuer == c.issuer && symbol_key(ref.symbol) == symbol_key(c.symbol)) {
      return fail(Errc::invalid_argument, "names the directive being issued; a directive cannot implement itself", f);
    }
    const auto parent = ctx.world.directive(ref.issuer, ref.symbol);
    if (!parent) {
      return fail(Errc::not_found,
                  "directive '" + ref.symbol + "' of '" + ref.issuer +
                      "' is not in the ledger; record it first, or list it under 'cites' as written",
                  f);
    }
    if (parent->date > c.date) {
      return fail(Errc::invalid_argument,
                  "directive '" + parent->symbol + "' is dated " + parent->date + ", after this one (" + c.date +
                      "): a directive implements only earlier ones",
                  f);
    }
    based_on.push_back({{"issuer", parent->issuer}, {"symbol", parent->symbol}});
  }
  nlohmann::json payload = {{"issuer", c.issuer}, {"symbol", c.symbol}, {"kind", c.kind},
                            {"date", c.date},     {"signer", c.signer}, {"title", c.title}};
  if (!based_on.empty()) payload["based_on"] = std::move(based_on);
  if (!c.cites.empty()) payload["cites"] = c.cites;
  if (!c.signer_title.empty()) payload["signer_title"] = c.signer_title;
  if (!c.document_sha256.empty()) payload["document_sha256"] = c.document_sha256;
  return Events{NewEvent{directive_stream(c.issuer, c.symbol), std::string(type::directive_issued),
                         std::move(payload), 0, {}}};
}

}  // namespace dauvet::events
