// Units (cơ quan, đơn vị, tổ chức đảng, địa phương): the tree every right is scoped by.
//
// A unit is created under a parent (or as a root), renamed, moved, and closed by merging
// into a successor (sáp nhập) or by dissolution (giải thể). Closing never deletes: the
// unit keeps its history and points at its successor. Provinces and communes are being
// merged now, so a merge is one command that also records, in the same commit, every
// consequence: each open task the unit leads and each report it still owes moves to the
// successor (task.reassigned / report.reassigned), and its active sub-units move under
// the successor (unit.moved). Only admins change the tree.
//
//   unit.create    {id, name, kind, parent?}                          -> unit.created
//   unit.rename    {id, name, reason?}                                -> unit.renamed
//   unit.move      {id, parent, reason?}                              -> unit.moved
//   unit.merge     {id, successor, effective, reason?, decision?}     -> unit.merged + moves
//   unit.dissolve  {id, successor?, effective, reason, decision?}     -> unit.dissolved + moves
//
// A dissolution without a successor is refused while the unit still leads open tasks,
// owes reports or has active sub-units: that work would be left without an owner.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/json_reader.hpp"
#include "events/model.hpp"
#include "events/refs.hpp"

namespace dauvet::events {

enum class UnitStatus { active, merged, dissolved };
std::string_view unit_status_name(UnitStatus status);

// cap_uy (tỉnh ủy, huyện ủy), ban_dang (ban của cấp ủy), to_chuc_dang (đảng bộ, chi bộ,
// đảng đoàn, ban cán sự), uy_ban_kiem_tra, ban_chi_dao, ubnd, hdnd, co_quan_nha_nuoc (sở,
// ngành), mttq_doan_the, don_vi_su_nghiep, bao_chi, doanh_nghiep, dia_phuong, khac.
std::span<const std::string_view> unit_kinds();

struct UnitState {
  StreamMeta meta;
  std::string id;
  std::string name;  // as written, e.g. "Ban Tổ chức Tỉnh ủy"
  std::string kind;
  std::string parent;  // empty for a root
  UnitStatus status = UnitStatus::active;
  std::string successor;  // set when merged, or dissolved with a successor
  std::string closed_on;  // effective date of the merge or dissolution
  std::vector<std::string> former_names;
  friend bool operator==(const UnitState&, const UnitState&) = default;
  bool active() const { return status == UnitStatus::active; }
};
void apply(UnitState& state, const RecordedEvent& event);

struct UnitCreate {
  static constexpr std::string_view kType = "unit.create";
  std::string id, name, kind, parent;
};
struct UnitRename {
  static constexpr std::string_view kType = "unit.rename";
  std::string id, name, reason;
};
struct UnitMove {
  static constexpr std::string_view kType = "unit.move";
  std::string id, parent, reason;
};
struct UnitMerge {
  static constexpr std::string_view kType = "unit.merge";
  std::string id, successor, effective, reason;
  std::optional<DocumentRef> decision;
};
struct UnitDissolve {
  static constexpr std::string_view kType = "unit.dissolve";
  std::string id, successor, effective, reason;
  std::optional<DocumentRef> decision;
};

void read(JsonReader& r, UnitCreate& c);
void read(JsonReader& r, UnitRename& c);
void read(JsonReader& r, UnitMove& c);
void read(JsonReader& r, UnitMerge& c);
void read(JsonReader& r, UnitDissolve& c);
Result<void> check(const UnitCreate& c);
Result<void> check(const UnitRename& c);
Result<void> check(const UnitMove& c);
Result<void> check(const UnitMerge& c);
Result<void> check(const UnitDissolve& c);
Result<Events> decide(const Context& ctx, const UnitCreate& c);
Result<Events> decide(const Context& ctx, const UnitRename& c);
Result<Events> decide(const Context& ctx, const UnitMove& c);
Result<Events> decide(const Context& ctx, const UnitMerge& c);
Result<Events> decide(const Context& ctx, const UnitDissolve& c);

}  // namespace dauvet::events
