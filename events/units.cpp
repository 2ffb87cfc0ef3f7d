#include "events/units.hpp"

#include <array>

#include "events/authz.hpp"
#include "events/event_types.hpp"
#include "events/fields.hpp"
#include "events/streams.hpp"
#include "events/world.hpp"

namespace dauvet::events {

namespace {

constexpr auto kUnitKinds = std::to_array<std::string_view>({
    "cap_uy",     "ban_dang",       "to_chuc_dang", "uy_ban_kiem_tra", "ban_chi_dao",
    "ubnd",       "hdnd",           "co_quan_nha_nuoc", "mttq_doan_the", "don_vi_su_nghiep",
    "bao_chi",    "doanh_nghiep",   "dia_phuong",   "trung_uong",      "khac"});

NewEvent unit_event(std::string_view id, std::string_view type, nlohmann::json payload,
                    std::optional<std::uint64_t> expected = std::nullopt) {
  return NewEvent{unit_stream(id), std::string(type), std::move(payload), expected, {}};
}

void put_if(nlohmann::json& j, std::string_view key, const std::string& value) {
  if (!value.empty()) j[std::string(key)] = value;
}

// The successor must be a different active unit outside the closing unit's subtree:
// the closing unit's children move under it, and a unit cannot end up under itself.
Result<void> check_successor(const Context& ctx, const UnitState& unit, std::string_view successor) {
  DAUVET_TRY(require_unit(ctx, successor, "successor"));
  if (successor == unit.id || ctx.world.is_in_subtree(successor, unit.id)) {
    return fail(Errc::invalid_argument,
                "'" + std::string(successor) + "' is '" + unit.id +
                    "' itself or one of its sub-units; the successor must be a unit outside it",
                "successor");
  }
  return {};
}

Result<Events> close_unit(const Context& ctx, std::string_view command, const std::string& id,
                          const std::string& successor, const std::string& effective, const std::string& reason,
                          const std::optional<DocumentRef>& decision, bool merge) {
  DAUVET_TRY(require_role(ctx, command, {}));
  auto unit = require_unit(ctx, id, "id");
  if (!unit) return fail(unit.error());
  if (!successor.empty()) DAUVET_TRY(check_successor(ctx, *unit, successor));

  const auto children = ctx.world.children(id);
  const auto tasks = ctx.world.open_tasks_led_by(id);
  const auto reports = ctx.world.reports_owed_by(id);
  if (successor.empty() && !(children.empty() && tasks.empty() && reports.empty())) {
    std::string message = "unit '" + id + "' cannot be dissolved without a successor: it still leads " +
                          std::to_string(tasks.size()) + " open task(s), owes " + std::to_string(reports.size()) +
                          " report(s) and has " + std::to_string(children.size()) +
                          " active sub-unit(s); name a successor to take them over";
    if (!tasks.empty()) message += " (first task: " + tasks.front() + ")";
    return fail(Errc::invalid_state, std::move(message), "successor");
  }

  nlohmann::json payload = {{"id", id}, {"effective", effective}};
  put_if(payload, "successor", successor);
  put_if(payload, "reason", reason);
  if (decision) payload["decision"] = to_json(*decision);
  payload["moved"] = {{"units", children.size()}, {"tasks", tasks.size()}, {"reports", reports.size()}};
  Events out;
  out.push_back(unit_event(id, merge ? type::unit_merged : type::unit_dissolved, std::move(payload)));

  const std::string why = merge ? "unit merged" : "unit dissolved";
  for (const auto& child : children) {
    out.push_back(unit_event(child, type::unit_moved,
                             {{"id", child}, {"parent", successor}, {"previous_parent", id},
                              {"reason", why + ": '" + id + "' into '" + successor + "'"}}));
  }
  for (const auto& stream : tasks) {
    const auto task = ctx.world.task(stream);
    if (task) out.push_back(task_moved_by_closure(*task, successor, why));
  }
  for (const auto& report_id : reports) {
    const auto report = ctx.world.report(report_id);
    if (report) out.push_back(report_moved_by_closure(*report, id, successor, why));
  }
  return out;
}

}  // namespace

std::string_view unit_status_name(UnitStatus s) {
  switch (s) {
    case UnitStatus::active: return "active";
    case UnitStatus::merged: return "merged";
    case UnitStatus::dissolved: return "dissolved";
  }
  return "active";
}

std::span<const std::string_view> unit_kinds() { return kUnitKinds; }

void apply(UnitState& s, const RecordedEvent& e) {
  if (apply_meta(s.meta, e)) return;
  const auto& p = e.payload;
  if (e.type == type::unit_created) {
    s.id = str_of(p, "id");
    s.name = str_of(p, "name");
    s.kind = str_of(p, "kind");
    s.parent = str_of(p, "parent");
  } else if (e.type == type::unit_renamed) {
    s.former_names.push_back(s.name);
    s.name = str_of(p, "name");
  } else if (e.type == type::unit_moved) {
    s.parent = str_of(p, "parent");
  } else if (e.type == type::unit_merged || e.type == type::unit_dissolved) {
    s.status = e.type == type::unit_merged ? UnitStatus::merged : UnitStatus::dissolved;
    s.successor = str_of(p, "successor");
    s.closed_on = str_of(p, "effective");
  }
}

void read(JsonReader& r, UnitCreate& c) {
  c.id = r.str("id");
  c.name = r.str("name");
  c.kind = r.str("kind");
  c.parent = r.opt_str("parent");
}
void read(JsonReader& r, UnitRename& c) {
  c.id = r.str("id");
  c.name = r.str("name");
  c.reason = r.opt_str("reason");
}
void read(JsonReader& r, UnitMove& c) {
  c.id = r.str("id");
  c.parent = r.str("parent");
  c.reason = r.opt_str("reason");
}
void read(JsonReader& r, UnitMerge& c) {
  c.id = r.str("id");
  c.successor = r.str("successor");
  c.effective = r.str("effective");
  c.reason = r.opt_str("reason");
  r.object("decision", false, [&](JsonReader& d) { read(d, c.decision.emplace()); });
}
void read(JsonReader& r, UnitDissolve& c) {
  c.id = r.str("id");
  c.successor = r.opt_str("successor");
  c.effective = r.str("effective");
  c.reason = r.str("reason");
  r.object("decision", false, [&](JsonReader& d) { read(d, c.decision.emplace()); });
}

Result<void> check(const UnitCreate& c) {
  DAUVET_TRY(field::id(c.id, "id", "unit id"));
  DAUVET_TRY(field::line(c.name, "name"));
  DAUVET_TRY(field::one_of(c.kind, "kind", kUnitKinds, "unit kind"));
  if (!c.parent.empty()) DAUVET_TRY(field::id(c.parent, "parent", "unit id"));
  return {};
}
Result<void> check(const UnitRename& c) {
  DAUVET_TRY(field::id(c.id, "id", "unit id"));
  DAUVET_TRY(field::line(c.name, "name"));
  return field::optional_line(c.reason, "reason");
}
Result<void> check(const UnitMove& c) {
  DAUVET_TRY(field::id(c.id, "id", "unit id"));
  DAUVET_TRY(field::id(c.parent, "parent", "unit id"));
  return field::optional_line(c.reason, "reason");
}
Result<void> check(const UnitMerge& c) {
  DAUVET_TRY(field::id(c.id, "id", "unit id"));
  DAUVET_TRY(field::id(c.successor, "successor", "unit id"));
  DAUVET_TRY(field::date(c.effective, "effective"));
  DAUVET_TRY(field::optional_line(c.reason, "reason"));
  if (c.decision) DAUVET_TRY(check(*c.decision, "decision"));
  return {};
}
Result<void> check(const UnitDissolve& c) {
  DAUVET_TRY(field::id(c.id, "id", "unit id"));
  if (!c.successor.empty()) DAUVET_TRY(field::id(c.successor, "successor", "unit id"));
  DAUVET_TRY(field::date(c.effective, "effective"));
  DAUVET_TRY(field::line(c.reason, "reason"));
  if (c.decision) DAUVET_TRY(check(*c.decision, "decision"));
  return {};
}

Result<Events> decide(const Context& ctx, const UnitCreate& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {}));
  if (const auto existing = ctx.world.unit(c.id)) {
    return fail(Errc::conflict, "unit id '" + c.id + "' is already taken by '" + existing->name + "'", "id");
  }
  if (!c.parent.empty()) DAUVET_TRY(require_unit(ctx, c.parent, "parent"));
  nlohmann::json payload = {{"id", c.id}, {"name", c.name}, {"kind", c.kind}};
  put_if(payload, "parent", c.parent);
  return Events{unit_event(c.id, type::unit_created, std::move(payload), 0)};
}

Result<Events> decide(const Context& ctx, const UnitRename& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {}));
  auto unit = require_unit(ctx, c.id, "id");
  if (!unit) return fail(unit.error());
  if (unit->name == c.name) {
    return fail(Errc::invalid_argument, "is already the name of unit '" + c.id + "'", "name");
  }
  nlohmann::json payload = {{"id", c.id}, {"name", c.name}, {"previous", unit->name}};
  put_if(payload, "reason", c.reason);
  return Events{unit_event(c.id, type::unit_renamed, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const UnitMove& c) {
  DAUVET_TRY(require_role(ctx, c.kType, {}));
  auto unit = require_unit(ctx, c.id, "id");
  if (!unit) return fail(unit.error());
  DAUVET_TRY(require_unit(ctx, c.parent, "parent"));
  if (c.parent == unit->parent) {
    return fail(Errc::invalid_argument, "'" + c.parent + "' is already the parent of '" + c.id + "'", "parent");
  }
  if (ctx.world.is_in_subtree(c.parent, c.id)) {
    return fail(Errc::invalid_argument,
                "'" + c.parent + "' is '" + c.id + "' or one of its sub-units: a unit cannot be put under itself",
                "parent");
  }
  nlohmann::json payload = {{"id", c.id}, {"parent", c.parent}, {"previous_parent", unit->parent}};
  put_if(payload, "reason", c.reason);
  return Events{unit_event(c.id, type::unit_moved, std::move(payload))};
}

Result<Events> decide(const Context& ctx, const UnitMerge& c) {
  return close_unit(ctx, c.kType, c.id, c.successor, c.effective, c.reason, c.decision, true);
}

Result<Events> decide(const Context& ctx, const UnitDissolve& c) {
  return close_unit(ctx, c.kType, c.id, c.successor, c.effective, c.reason, c.decision, false);
}

}  // namespace dauvet::events
