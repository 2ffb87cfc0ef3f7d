// Directives (văn bản): the documents that assign tasks, ask for reports and set targets.
//
// A directive is identified by its issuing unit and its symbol as written ("26-CTr/TU",
// "252/UBND-NC", "01 - KH/BCĐ"); the symbol is unique per issuer, compared without
// whitespace. `based_on` names the directives it implements, each of which must already be
// in the ledger, so the chain 21-NQ/TW -> 07-KH/TW -> 28-CTr/TU -> 252/UBND-NC can be
// walked from any link; documents cited but not recorded go in `cites`, as written.
//
//   directive.issue {issuer, symbol, kind, date, signer, title, based_on?, cites?,
//                    document_sha256?, signer_title?}                 -> directive.issued
//
// Issued by an issuer of the issuing unit's subtree (or an admin); the date may not be
// later than today (Vietnam time): the ledger records documents that exist.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/json_reader.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events {

// nghi_quyet, chi_thi, ket_luan, quy_dinh, ke_hoach, chuong_trinh, cong_van, thong_bao,
// de_an, quyet_dinh, huong_dan, quy_che.
std::span<const std::string_view> directive_kinds();

struct DirectiveState {
  StreamMeta meta;
  std::string issuer;
  std::string symbol;  // as written
  std::string key;     // symbol_key(symbol)
  std::string kind;
  std::string date;
  std::string signer;
  std::string signer_title;  // "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH THƯỜNG TRỰC"
  std::string title;
  std::vector<DirectiveRef> based_on;  // keyed symbols
  std::vector<std::string> cites;
  std::string document_sha256;
  friend bool operator==(const DirectiveState&, const DirectiveState&) = default;
};
void apply(DirectiveState& state, const RecordedEvent& event);

struct DirectiveIssue {
  static constexpr std::string_view kType = "directive.issue";
  std::string issuer, symbol, kind, date, signer, signer_title, title, document_sha256;
  std::vector<DirectiveRef> based_on;
  std::vector<std::string> cites;
};

void read(JsonReader& r, DirectiveIssue& c);
Result<void> check(const DirectiveIssue& c);
Result<Events> decide(const Context& ctx, const DirectiveIssue& c);

}  // namespace dauvet::events
