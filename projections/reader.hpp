// The projections' read side: any thread, through one read transaction (a Snapshot).
//
// A Reader belongs to one thread and one transaction, and must not outlive it: it keeps
// its cursors and a key buffer between calls, because a dashboard makes hundreds of
// reads, and opening a cursor and building keys for each was a large part of its time.
//
// Time travel. Every read takes `at`, the last ledger index that exists for the answer:
// entries after it are treated as never written. A state is the version recorded at the
// greatest index <= at; links, timelines and activity drop what began after `at`. An
// RFC 3339 moment T becomes the index of the last entry recorded at or before T
// (index_at_time), so "as of 30/06/2024 17:00+07:00" and "as of index 1234" are the same
// kind of question. The cost is one cursor seek per state, the same as a current read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store.hpp"
#include "projections/aggregate.hpp"
#include "projections/facts.hpp"
#include "projections/tables.hpp"

namespace dauvet::projections {

struct Versioned {
  AggregateState state;
  std::uint64_t index = 0;  // the entry that produced this version
};

// One aggregate's facts as a unit's dashboard reads them (Reader::unit_facts).
struct StreamFacts {
  std::string_view stream;  // valid until the read transaction ends
  Facts facts;
};

struct IndexPage {
  std::vector<std::uint64_t> indexes;  // ascending
  std::optional<std::uint64_t> next_after;  // the cursor for the next page, when there is one
};

class Reader {
 public:
  Reader(const LedgerView& view, const Tables& tables) : view_(view), tables_(tables) {}

  const LedgerView& view() const { return view_; }

  // The state of a stream as of index `at` (inclusive); nullopt if it did not exist then.
  Result<std::optional<Versioned>> state_at(std::string_view stream, std::uint64_t at) const;

  // What a dashboard counts of the stream's state as of `at` (facts.hpp); nullopt if it
  // did not exist then, or its aggregate has no facts. One small row, no state parsed.
  Result<std::optional<Facts>> facts_at(std::string_view stream, std::uint64_t at) const;

  // The facts as of `at` of every task the unit stream `unit` led at `at`, and of every
  // inspection and case related to it then (related_streams), in stream name order;
  // appended to `out`. One forward scan of the unit's rows: the cost grows with the
  // versions the unit has seen, but without a B-tree descent per aggregate.
  Result<void> unit_facts(std::string_view unit, std::uint64_t at, std::vector<StreamFacts>& out) const;

  template <class State>
  Result<std::optional<State>> get(std::string_view stream, std::uint64_t at) const {
    auto v = state_at(stream, at);
    if (!v) return fail(v.error());
    if (!*v) return std::optional<State>{};
    if (auto* s = std::get_if<State>(&(*v)->state)) return std::optional<State>{std::move(*s)};
    return std::optional<State>{};
  }

  // Streams linked to `subject` whose names start with `prefix`, linked at or before `at`,
  // in name order. "@task" lists every task stream.
  Result<std::vector<std::string>> linked(std::string_view subject, std::string_view prefix, std::uint64_t at) const;
  // The same names as views into the map, valid until the read transaction ends; appended
  // to `out`.
  Result<void> linked_views(std::string_view subject, std::string_view prefix, std::uint64_t at,
                            std::vector<std::string_view>& out) const;

  // Entries that touched `subject` (timeline) or that `actor_id` wrote (activity), with
  // index > after (when given) and <= at, at most `limit`.
  Result<IndexPage> timeline(std::string_view subject, std::uint64_t at, std::optional<std::uint64_t> after,
                             std::size_t limit) const;
  Result<IndexPage> activity(std::string_view actor_id, std::uint64_t at, std::optional<std::uint64_t> after,
                             std::size_t limit) const;

 private:
  struct Row {
    std::string_view value;
    std::uint64_t index = 0;
  };
  // The row of `stream` in force at `at` in a versioned table (key stream 0x00 u64be).
  Result<std::optional<Row>> row_at(MDB_dbi dbi, std::string_view stream, std::uint64_t at) const;
  // unit_facts for tables without the unit_facts table: from the linked streams' states.
  Result<void> derived_unit_facts(std::string_view unit, std::uint64_t at, std::vector<StreamFacts>& out) const;
  Result<IndexPage> page(MDB_dbi dbi, std::string_view name, std::uint64_t at, std::optional<std::uint64_t> after,
                         std::size_t limit) const;
  const LedgerView& view_;
  Tables tables_;
  // Opened on first use; the reads are logically const.
  mutable lmdb::Cursor state_cursor_, facts_cursor_, links_cursor_, unit_facts_cursor_;
  mutable std::string key_;
};

// The last index recorded at or before unix_ms; nullopt when the ledger had no entry yet.
// recorded_at never decreases, so this is a binary search over the entries.
Result<std::optional<std::uint64_t>> index_at_time(const LedgerView& view, std::int64_t unix_ms);

}  // namespace dauvet::projections
