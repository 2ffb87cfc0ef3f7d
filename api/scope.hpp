// What a token may read: its unit's subtree.
//
// Every role reads within the subtree of the unit its token names (DESIGN.md roles: an
// oversight body of a district sees that district, not the province). Admins, and tokens
// of a root unit (one without a parent), see the whole ledger. A stream is in scope when
// it is a unit of the subtree, or when its state names one (a task's lead, former leads,
// coordinators or issuer; a report's obliged units; an inspection's body and subjects:
// projections::related_streams). Whole-ledger routes — the feed, entries with payloads —
// need whole-ledger scope, since filtering them would hide entries without saying so.
//
// Scope is judged at the same moment as the answer, by the unit tree the record showed
// then. Outside the scope is Errc::forbidden, naming the token's unit; nothing is leaked
// but the fact that the answer is refused.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "api/auth.hpp"
#include "api/services.hpp"
#include "base/result.hpp"
#include "projections/reader.hpp"

namespace dauvet::api {

class ReadScope {
 public:
  ReadScope(const Principal& who, const projections::Reader& reader, std::uint64_t at)
      : who_(who), reader_(reader), at_(at) {}

  Result<bool> whole_ledger();
  Result<void> require_whole_ledger();
  Result<void> check_unit(std::string_view unit);
  // A stream with no state at the moment passes: the route answers 404 for it.
  Result<void> check_stream(std::string_view stream);
  // The same for a stream whose state at the moment the caller has already read (null
  // when it had none), so a route that answers with the state reads it once.
  Result<void> check_stream(std::string_view stream, const projections::AggregateState* state);
  // What an actor did: in scope when the actor's registered unit is.
  Result<void> check_actor(std::string_view id);

 private:
  Result<bool> unit_in_scope(std::string_view unit);
  Error outside(std::string_view what) const;

  const Principal& who_;
  const projections::Reader& reader_;
  std::uint64_t at_;
  std::map<std::string, bool, std::less<>> known_;  // unit -> in scope
};

// For the routes that read the ledger rather than the projections (the feed, entries with
// payloads): whole-ledger scope judged on `view` as it stands. Admins pass without
// projections; other roles need them to know their unit's place in the tree.
Result<void> require_whole_ledger(const Principal& who, const Services& s, const LedgerView& view, std::uint64_t size);

}  // namespace dauvet::api
