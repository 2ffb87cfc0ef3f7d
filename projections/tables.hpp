// The projections' LMDB tables: every version of every aggregate state, and the indexes
// the views and decide() need, all written by the writer in the transaction of the entry
// they come from.
//
//   database          key                                       value
//   ---------------   ---------------------------------------   ---------------------------
//   proj.meta         "active"                                  u32be generation
//                     "gen/<g>"                                 u32be schema | u64be applied
//   proj.<g>.state    stream 0x00 u64be index                   the state JSON after entry
//                                                               `index`, valid until the
//                                                               stream's next key
//   proj.<g>.timeline subject stream 0x00 u64be index           "" (the entry is the record)
//   proj.<g>.actors   actor id 0x00 u64be index                 ""
//   proj.<g>.links    subject stream 0x00 linked stream         u64be first index linking them
//   proj.<g>.facts    stream 0x00 u64be index                   what a dashboard counts of the
//                                                               state (facts.hpp), written only
//                                                               when it changed; valid until
//                                                               the stream's next key
//   proj.<g>.unit_facts unit stream 0x00 stream 0x00 u64be index the facts of a task under
//                                                               its lead, of an inspection or
//                                                               case under every unit it
//                                                               relates to; "" from the entry
//                                                               where that stopped
//
// The unit_facts rows repeat the facts rows next to each unit, so a dashboard reads a
// unit's history in one forward scan instead of one B-tree descent per aggregate (on a
// ledger of 28 province-years, ~350 descents made a base organisation's dashboard cost
// ~400 µs). A row is written for a unit when the facts change while it holds them, when
// it starts to (a new lead), and (empty) when it stops.
//
// Temporal by construction: the state of a stream as of index I is the value at the
// greatest key stream|u64be(i) with i <= I (one cursor seek), so a read in the past costs
// what a current read does. Links only ever accumulate ("unit/x has ever been related to
// task/y since index i"); whether the relation held at the moment asked is read from the
// linked state as of that moment. "@task", "@report", ... subjects list every stream of an
// aggregate; stream names never start with '@'.
//
// A generation <g> (1 or 2) is one complete set of tables. A rebuild fills the other
// generation while readers keep using the active one, then switches "active" in one
// transaction and empties the old one. Emptied, never deleted: a reader that began before
// the switch still holds the old handles, and LMDB closes a handle when its database is
// deleted. "applied"
// is the number of ledger entries the generation reflects; the writer refuses to project
// entry i unless applied == i, so the tables can never silently skip an entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "core/lmdb.hpp"

namespace dauvet::projections {

// Bump when what the tables hold changes: a ledger opened with another version rebuilds.
// 2: the facts table. 3: the unit_facts table.
inline constexpr std::uint32_t kSchemaVersion = 3;

class DecodedStates;

struct Tables {
  std::uint32_t generation = 0;
  MDB_dbi state = 0, timeline = 0, actors = 0, links = 0;
  // 0 while the generation was made by a schema without facts (readers then derive them
  // from the states: reader.hpp).
  MDB_dbi facts = 0;
  // 0 while the generation was made by a schema without unit_facts (readers then derive
  // them from the states: reader.hpp).
  MDB_dbi unit_facts = 0;
  // Not a table: where readers of this process find states already decoded
  // (decoded_states.hpp). Null means every read parses.
  DecodedStates* decoded = nullptr;
};

struct GenerationInfo {
  std::uint32_t schema = 0;
  std::uint64_t applied = 0;
};

namespace pkeys {
std::string versioned(std::string_view name, std::uint64_t index);  // name 0x00 u64be
void versioned_into(std::string& out, std::string_view name, std::uint64_t index);  // reusing out's buffer
std::string link(std::string_view subject, std::string_view linked);
std::string prefix(std::string_view name);                           // name 0x00
std::string unit_fact(std::string_view unit, std::string_view stream, std::uint64_t index);
std::string u64(std::uint64_t v);
std::uint64_t read_u64(std::string_view bytes);
}  // namespace pkeys

// The proj.meta database; created on first use in a write transaction.
Result<std::optional<MDB_dbi>> open_meta(const lmdb::Txn& txn);

Result<std::optional<std::uint32_t>> active_generation(const lmdb::Txn& txn, MDB_dbi meta);
Result<std::optional<GenerationInfo>> generation_info(const lmdb::Txn& txn, MDB_dbi meta, std::uint32_t g);
Result<void> set_generation_info(lmdb::Txn& txn, MDB_dbi meta, std::uint32_t g, const GenerationInfo& info);
Result<void> set_active_generation(lmdb::Txn& txn, MDB_dbi meta, std::uint32_t g);

// Opens generation g's tables (creating them in a write transaction); nullopt when a
// read-only transaction finds them absent.
Result<std::optional<Tables>> open_tables(const lmdb::Txn& txn, std::uint32_t g);
// Empties generation g's tables (when they exist) and deletes its info.
Result<void> clear_tables(lmdb::Txn& txn, MDB_dbi meta, std::uint32_t g);

}  // namespace dauvet::projections
