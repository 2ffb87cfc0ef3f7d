// The ledger's LMDB layout, and read access shared by snapshots and the writer.
//
//   database     key                                   value
//   ----------   -----------------------------------   --------------------------------------
//   meta         "format"                              "dauvet-ledger/1"
//                "head"                                u64be size | leaf hash of entry size-1
//   entries      u64be index                           entry bytes (entry.hpp)      MDB_APPEND
//   payloads     u64be index                           payload bytes; gone once erased  APPEND
//   streams      stream bytes 0x00 u64be version       u64be index
//   idempotency  actor id 0x00 key                     u64be first index | u32be count |
//                                                      32-byte SHA-256 of the request
//   blobs        32-byte SHA-256                       the bytes
//
// u64be keys sort numerically, so MDB_APPEND keeps index-keyed pages packed and a cursor
// walks entries in ledger order. Stream names and actor ids never contain 0x00
// (entry::validate_fields rejects control characters), so the separator is unambiguous.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "core/entry.hpp"
#include "core/lmdb.hpp"
#include "crypto/sha256.hpp"

namespace dauvet {

inline constexpr std::string_view kLedgerFormat = "dauvet-ledger/1";

struct Dbs {
  MDB_dbi meta = 0, entries = 0, payloads = 0, streams = 0, idempotency = 0, blobs = 0;

  // Creates the databases on first use; run inside a write transaction.
  static Result<Dbs> open(lmdb::Txn& txn);
};

// Written with every commit, so the last entry, which has no successor whose prev could
// contradict it, is still checked against something.
struct Head {
  std::uint64_t size = 0;
  crypto::Hash last_leaf{};
};

namespace keys {
std::string u64(std::uint64_t v);
// bytes.size() must be 8. Inline: verify reads two of these per entry.
inline std::uint64_t read_u64(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}
std::string head(const Head& h);
std::string stream_version(std::string_view stream, std::uint64_t version);
// The same into `out`, whose buffer the writer reuses for every entry.
void stream_version_into(std::string& out, std::string_view stream, std::uint64_t version);
std::string idempotency(std::string_view actor_id, std::string_view key);
}  // namespace keys

struct IdempotencyRecord {
  std::uint64_t first_index = 0;
  std::uint32_t count = 0;
  crypto::Hash fingerprint{};
};

// The writer's entries of the current batch whose bytes may not be in the entries table
// yet: they are encoded and hashed on another thread (core/chain.hpp). Only the writer's
// own view has one, so a decider sees its batch's earlier entries as if stored.
class PendingEntries {
 public:
  virtual ~PendingEntries() = default;
  virtual std::uint64_t first() const = 0;      // the batch's first index
  virtual std::uint64_t end_index() const = 0;  // one past its last entry so far
  // first() <= index < end_index(); waits until the entry is hashed.
  virtual std::string_view bytes(std::uint64_t index) const = 0;
};

// Reads through one transaction: a read-only snapshot, or the writer's own transaction
// (where it sees the batch's earlier writes). Borrowed references; cheap to copy.
class LedgerView {
 public:
  LedgerView(const lmdb::Txn& txn, const Dbs& dbs, const PendingEntries* pending = nullptr)
      : txn_(&txn), dbs_(&dbs), pending_(pending) {}

  // Number of entries, i.e. the next index.
  Result<std::uint64_t> size() const;
  Result<std::optional<std::string_view>> entry_bytes(std::uint64_t index) const;
  Result<std::optional<std::string_view>> payload(std::uint64_t index) const;
  // An entry the caller knows exists (below size(), or named by another table), decoded:
  // a missing or undecodable one means the store is damaged, so both are Errc::corrupt.
  Result<Entry> entry(std::uint64_t index) const;
  // The same into `out`, whose strings keep their buffers: for readers of many entries.
  Result<void> entry_into(std::uint64_t index, Entry& out) const;
  // 0 when the stream has no entries.
  Result<std::uint64_t> stream_version(std::string_view stream) const;
  Result<std::optional<std::uint64_t>> stream_index(std::string_view stream, std::uint64_t version) const;
  Result<std::optional<IdempotencyRecord>> idempotency(std::string_view actor_id, std::string_view key) const;
  Result<std::optional<std::string_view>> blob(const crypto::Hash& sha256) const;
  Result<std::optional<Head>> head() const;

  const lmdb::Txn& txn() const { return *txn_; }
  const Dbs& dbs() const { return *dbs_; }

 private:
  const lmdb::Txn* txn_;
  const Dbs* dbs_;
  const PendingEntries* pending_;
};

// A consistent read-only view of the ledger at one moment; holds an LMDB read
// transaction, so keep it short-lived (map growth waits for every open one).
class Snapshot {
 public:
  Snapshot(lmdb::Txn txn, const Dbs& dbs) : txn_(std::move(txn)), view_(txn_, dbs) {}
  Snapshot(Snapshot&& other) noexcept : txn_(std::move(other.txn_)), view_(txn_, other.view_.dbs()) {}
  Snapshot& operator=(Snapshot&&) = delete;

  const LedgerView& view() const { return view_; }
  const LedgerView* operator->() const { return &view_; }

 private:
  lmdb::Txn txn_;
  LedgerView view_;
};

}  // namespace dauvet
