// Every key and value of a ledger's active projection tables, by table: what tests compare
// with the same dump after a rebuild ("the tables equal a rebuild byte for byte").
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/ledger.hpp"
#include "core/lmdb.hpp"
#include "projections/projector.hpp"

namespace dauvet::testing {

using TableDump = std::map<std::string, std::vector<std::pair<std::string, std::string>>>;

inline TableDump dump_tables(const Ledger& ledger, const projections::Projector& projector) {
  TableDump out;
  auto snap = ledger.read();
  EXPECT_TRUE(snap);
  if (!snap) return out;
  auto tables = projector.tables_for(snap->view().txn());
  EXPECT_TRUE(tables);
  if (!tables) return out;
  const std::pair<const char*, MDB_dbi> dbis[] = {
      {"state", tables->state}, {"timeline", tables->timeline}, {"actors", tables->actors}, {"links", tables->links},
      {"facts", tables->facts}, {"unit_facts", tables->unit_facts}};
  for (const auto& [name, dbi] : dbis) {
    auto cursor = lmdb::Cursor::open(snap->view().txn(), dbi);
    EXPECT_TRUE(cursor);
    if (!cursor) continue;
    for (auto item = cursor->first(); item && *item; item = cursor->next())
      out[name].emplace_back(std::string((*item)->key), std::string((*item)->value));
  }
  return out;
}

}  // namespace dauvet::testing
