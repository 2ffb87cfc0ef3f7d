#include "core/store.hpp"

#include <bit>
#include <cstring>

namespace dauvet {

Result<Dbs> Dbs::open(lmdb::Txn& txn) {
  Dbs d;
  struct Named {
    const char* name;
    MDB_dbi* dbi;
  };
  for (const Named& n : {Named{"meta", &d.meta}, Named{"entries", &d.entries}, Named{"payloads", &d.payloads},
                         Named{"streams", &d.streams}, Named{"idempotency", &d.idempotency}, Named{"blobs", &d.blobs}}) {
    auto dbi = txn.open_db(n.name, txn.writable() ? MDB_CREATE : 0);
    if (!dbi) return fail(dbi.error());
    *n.dbi = *dbi;
  }
  auto format = txn.get(d.meta, "format");
  if (!format) return fail(format.error());
  if (!*format) {
    if (!txn.writable()) return fail(Errc::not_found, "not a dauvet ledger (no format record)");
    if (auto r = txn.put(d.meta, "format", kLedgerFormat); !r) return fail(r.error());
  } else if (**format != kLedgerFormat) {
    return fail(Errc::corrupt, "ledger format is '" + std::string(**format) + "', this build reads '" +
                                   std::string(kLedgerFormat) + "'");
  }
  return d;
}

namespace keys {

std::string u64(std::uint64_t v) {
  // Big-endian in one byte swap, not a loop: the writer makes three of these per entry.
  std::uint64_t be = v;
  if constexpr (std::endian::native == std::endian::little) be = __builtin_bswap64(v);
  return std::string(reinterpret_cast<const char*>(&be), sizeof be);
}

std::string head(const Head& h) {
  std::string out = u64(h.size);
  out.append(reinterpret_cast<const char*>(h.last_leaf.data()), h.last_leaf.size());
  return out;
}

std::string stream_version(std::string_view stream, std::uint64_t version) {
  std::string out;
  stream_version_into(out, stream, version);
  return out;
}

void stream_version_into(std::string& out, std::string_view stream, std::uint64_t version) {
  out.assign(stream);
  out.push_back('\0');
  out += u64(version);
}

std::string idempotency(std::string_view actor_id, std::string_view key) {
  std::string out;
  out.reserve(actor_id.size() + key.size() + 1);
  out.append(actor_id);
  out.push_back('\0');
  out.append(key);
  return out;
}

}  // namespace keys

Result<std::uint64_t> LedgerView::size() const {
  if (pending_ && pending_->end_index() > pending_->first()) return pending_->end_index();
  auto cursor = lmdb::Cursor::open(*txn_, dbs_->entries);
  if (!cursor) return fail(cursor.error());
  auto last = cursor->last();
  if (!last) return fail(last.error());
  if (!*last) return std::uint64_t{0};
  if ((*last)->key.size() != 8) return fail(Errc::corrupt, "entries: key is not 8 bytes");
  return keys::read_u64((*last)->key) + 1;
}

Result<std::optional<std::string_view>> LedgerView::entry_bytes(std::uint64_t index) const {
  if (pending_ && index >= pending_->first() && index < pending_->end_index())
    return std::optional<std::string_view>{pending_->bytes(index)};
  return txn_->get(dbs_->entries, keys::u64(index));
}

Result<Entry> LedgerView::entry(std::uint64_t index) const {
  Entry e;
  if (auto r = entry_into(index, e); !r) return fail(r.error());
  return e;
}

Result<void> LedgerView::entry_into(std::uint64_t index, Entry& out) const {
  auto bytes = entry_bytes(index);
  if (!bytes) return fail(bytes.error());
  if (!*bytes) return fail(Errc::corrupt, "entry " + std::to_string(index) + " is missing");
  if (auto r = entry::decode_into(**bytes, out); !r) {
    return fail(Errc::corrupt, "entry " + std::to_string(index) + ": " + r.error().message);
  }
  return {};
}

Result<std::optional<std::string_view>> LedgerView::payload(std::uint64_t index) const {
  return txn_->get(dbs_->payloads, keys::u64(index));
}

Result<std::uint64_t> LedgerView::stream_version(std::string_view stream) const {
  // The stream's keys sort together, highest version last: seek past them and step back.
  auto cursor = lmdb::Cursor::open(*txn_, dbs_->streams);
  if (!cursor) return fail(cursor.error());
  const std::string upper = keys::stream_version(stream, ~std::uint64_t{0});
  auto it = cursor->seek(upper);
  if (!it) return fail(it.error());
  if (*it && (*it)->key == upper) return keys::read_u64(upper.substr(upper.size() - 8));
  it = *it ? cursor->prev() : cursor->last();
  if (!it) return fail(it.error());
  if (!*it) return std::uint64_t{0};
  const std::string_view key = (*it)->key;
  if (key.size() != stream.size() + 9 || key.substr(0, stream.size()) != stream || key[stream.size()] != '\0')
    return std::uint64_t{0};
  return keys::read_u64(key.substr(stream.size() + 1));
}

Result<std::optional<std::uint64_t>> LedgerView::stream_index(std::string_view stream, std::uint64_t version) const {
  auto v = txn_->get(dbs_->streams, keys::stream_version(stream, version));
  if (!v) return fail(v.error());
  if (!*v) return std::optional<std::uint64_t>{};
  return std::optional<std::uint64_t>{keys::read_u64(**v)};
}

Result<std::optional<IdempotencyRecord>> LedgerView::idempotency(std::string_view actor_id, std::string_view key) const {
  auto v = txn_->get(dbs_->idempotency, keys::idempotency(actor_id, key));
  if (!v) return fail(v.error());
  if (!*v) return std::optional<IdempotencyRecord>{};
  if ((*v)->size() != 8 + 4 + 32) return fail(Errc::corrupt, "idempotency record has the wrong size");
  IdempotencyRecord rec;
  rec.first_index = keys::read_u64(**v);
  const auto* p = reinterpret_cast<const unsigned char*>((*v)->data());
  rec.count = (std::uint32_t{p[8]} << 24) | (std::uint32_t{p[9]} << 16) | (std::uint32_t{p[10]} << 8) | p[11];
  std::memcpy(rec.fingerprint.data(), p + 12, 32);
  return std::optional<IdempotencyRecord>{rec};
}

Result<std::optional<std::string_view>> LedgerView::blob(const crypto::Hash& sha256) const {
  return txn_->get(dbs_->blobs, std::string_view(reinterpret_cast<const char*>(sha256.data()), sha256.size()));
}

Result<std::optional<Head>> LedgerView::head() const {
  auto v = txn_->get(dbs_->meta, "head");
  if (!v) return fail(v.error());
  if (!*v) return std::optional<Head>{};
  if ((*v)->size() != 40) return fail(Errc::corrupt, "meta head record has the wrong size");
  Head h;
  h.size = keys::read_u64(**v);
  std::memcpy(h.last_leaf.data(), (*v)->data() + 8, 32);
  return std::optional<Head>{h};
}

}  // namespace dauvet
