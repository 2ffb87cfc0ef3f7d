// The moment a view answers for: the `as_of` query parameter of every view route.
//
// as_of is a ledger index or an RFC 3339 time. The rule (projections/reader.hpp): entries
// after that moment do not exist for the answer; a time means the last entry recorded at
// or before it. Judgements that depend on the date ("overdue", "late", "missing",
// events/judgement.hpp) are made at that time — at the recorded time of the entry when an
// index is given, at the request's time when as_of is absent. Every view answers with
// "index" and X-Ledger-Index = the last entry it reflects.
#pragma once

#include <cstdint>

#include "api/http.hpp"
#include "base/result.hpp"
#include "core/store.hpp"

namespace dauvet::api {

struct Moment {
  std::uint64_t at = 0;        // the last index reflected
  std::int64_t judged_ms = 0;  // when "overdue", "late" and "missing" are judged
};

// not_found when the ledger is empty or had nothing at that moment; invalid_argument when
// as_of is neither an index nor an RFC 3339 time.
Result<Moment> moment_of(const Request& req, const LedgerView& view, std::uint64_t size);

}  // namespace dauvet::api
