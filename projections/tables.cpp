#include "projections/tables.hpp"

#include <array>

namespace dauvet::projections {

namespace pkeys {

std::string u64(std::uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

std::uint64_t read_u64(std::string_view bytes) {
  std::uint64_t v = 0;
  for (char c : bytes.substr(0, 8)) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

std::string prefix(std::string_view name) {
  std::string out(name);
  out.push_back('\0');
  return out;
}

std::string versioned(std::string_view name, std::uint64_t index) {
  std::string out;
  versioned_into(out, name, index);
  return out;
}

void versioned_into(std::string& out, std::string_view name, std::uint64_t index) {
  out.assign(name);
  out.push_back('\0');
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(index >> shift));
}

std::string unit_fact(std::string_view unit, std::string_view stream, std::uint64_t index) {
  std::string out = prefix(unit);
  out.append(stream);
  out.push_back('\0');
  return out + u64(index);
}

std::string link(std::string_view subject, std::string_view linked) {
  std::string out = prefix(subject);
  out.append(linked);
  return out;
}

}  // namespace pkeys

namespace {

std::string u32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::uint32_t read_u32(std::string_view b) {
  std::uint32_t v = 0;
  for (char c : b.substr(0, 4)) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

std::string gen_key(std::uint32_t g) { return "gen/" + std::to_string(g); }

const std::array<const char*, 6> kTableNames{"state", "timeline", "actors", "links", "facts", "unit_facts"};
constexpr std::size_t kFirstAddedTable = 4;  // facts (schema 2), unit_facts (schema 3)

std::string table_name(std::uint32_t g, const char* table) {
  return "proj." + std::to_string(g) + "." + table;
}

}  // namespace

Result<std::optional<MDB_dbi>> open_meta(const lmdb::Txn& txn) {
  auto dbi = txn.open_db("proj.meta", txn.writable() ? MDB_CREATE : 0);
  if (!dbi) {
    if (dbi.error().code == Errc::not_found) return std::optional<MDB_dbi>{};
    return fail(dbi.error());
  }
  return std::optional<MDB_dbi>{*dbi};
}

Result<std::optional<std::uint32_t>> active_generation(const lmdb::Txn& txn, MDB_dbi meta) {
  auto v = txn.get(meta, "active");
  if (!v) return fail(v.error());
  if (!*v) return std::optional<std::uint32_t>{};
  if ((*v)->size() != 4) return fail(Errc::corrupt, "proj.meta 'active' is not 4 bytes");
  return std::optional<std::uint32_t>{read_u32(**v)};
}

Result<std::optional<GenerationInfo>> generation_info(const lmdb::Txn& txn, MDB_dbi meta, std::uint32_t g) {
  auto v = txn.get(meta, gen_key(g));
  if (!v) return fail(v.error());
  if (!*v) return std::optional<GenerationInfo>{};
  if ((*v)->size() != 12) return fail(Errc::corrupt, "proj.meta '" + gen_key(g) + "' is not 12 bytes");
  return std::optional<GenerationInfo>{GenerationInfo{read_u32(**v), pkeys::read_u64((*v)->substr(4))}};
}

Result<void> set_generation_info(lmdb::Txn& txn, MDB_dbi meta, std::uint32_t g, const GenerationInfo& info) {
  return txn.put(meta, gen_key(g), u32(info.schema) + pkeys::u64(info.applied));
}

Result<void> set_active_generation(lmdb::Txn& txn, MDB_dbi meta, std::uint32_t g) {
  return txn.put(meta, "active", u32(g));
}

Result<std::optional<Tables>> open_tables(const lmdb::Txn& txn, std::uint32_t g) {
  std::array<MDB_dbi, kTableNames.size()> dbis{};
  for (std::size_t i = 0; i < kTableNames.size(); ++i) {
    auto dbi = txn.open_db(table_name(g, kTableNames[i]).c_str(), txn.writable() ? MDB_CREATE : 0);
    if (!dbi) {
      if (dbi.error().code != Errc::not_found) return fail(dbi.error());
      // A generation of an older schema lacks the newer tables; the projector rebuilds it,
      // and until then its readers do without (Tables::facts, Tables::unit_facts).
      if (i >= kFirstAddedTable) continue;
      return std::optional<Tables>{};
    }
    dbis[i] = *dbi;
  }
  return std::optional<Tables>{Tables{g, dbis[0], dbis[1], dbis[2], dbis[3], dbis[4], dbis[5]}};
}

Result<void> clear_tables(lmdb::Txn& txn, MDB_dbi meta, std::uint32_t g) {
  for (const char* t : kTableNames) {
    auto dbi = txn.open_db(table_name(g, t).c_str(), 0);
    if (!dbi) {
      if (dbi.error().code == Errc::not_found) continue;
      return fail(dbi.error());
    }
    if (auto r = txn.drop(*dbi, false); !r) return r;
  }
  if (auto r = txn.del(meta, gen_key(g)); !r) return fail(r.error());
  return {};
}

}  // namespace dauvet::projections
