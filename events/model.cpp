#include "events/model.hpp"

#include <algorithm>
#include <array>

#include "events/event_types.hpp"

namespace dauvet::events {

namespace {

constexpr auto kRoleNames = std::to_array<std::string_view>({"admin", "issuer", "clerk", "inspector", "oversight",
                                                        "verifier"});

constexpr auto kAllTypes = std::to_array<std::string_view>({
    type::unit_created,
    type::unit_renamed,
    type::unit_moved,
    type::unit_merged,
    type::unit_dissolved,
    type::actor_registered,
    type::actor_role_changed,
    type::actor_deactivated,
    type::person_registered,
    type::directive_issued,
    type::task_created,
    type::task_assigned,
    type::task_reassigned,
    type::task_acknowledged,
    type::task_started,
    type::task_progress_reported,
    type::task_extension_requested,
    type::task_extension_granted,
    type::task_extension_refused,
    type::task_suspended,
    type::task_resumed,
    type::task_completed,
    type::task_completion_verified,
    type::task_completion_rejected,
    type::task_reopened,
    type::task_cancelled,
    type::report_requested,
    type::report_submitted,
    type::report_returned,
    type::report_accepted,
    type::report_reassigned,
    type::indicator_defined,
    type::indicator_value_reported,
    type::inspection_opened,
    type::inspection_finding_recorded,
    type::inspection_concluded,
    type::case_opened,
    type::case_decided,
    type::case_appealed,
    type::case_appeal_decided,
    type::entry_corrected,
    type::payload_erased,
});

constexpr auto kErasable = std::to_array<std::string_view>({
    type::person_registered,           type::task_progress_reported, type::inspection_finding_recorded,
    type::inspection_concluded,        type::case_appealed,          type::case_appeal_decided,
    type::entry_corrected,
});

static_assert(kRoleNames.size() == static_cast<std::size_t>(Role::verifier) + 1);

}  // namespace

std::optional<Role> parse_role(std::string_view name) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

std::string_view role_name(Role role) { return kRoleNames[static_cast<std::size_t>(role)]; }

bool apply_meta(StreamMeta& meta, const RecordedEvent& event) {
  if (meta.version == 0) {
    meta.stream = event.stream;
    meta.first_index = event.index;
    meta.created_ms = event.recorded_at_ms;
  }
  meta.version = event.version;
  meta.last_index = event.index;
  meta.updated_ms = event.recorded_at_ms;
  if (event.type != type::entry_corrected) return false;
  meta.corrections.push_back(event.index);
  return true;
}

namespace type {

std::span<const std::string_view> all() { return kAllTypes; }

bool erasable(std::string_view t) { return std::find(kErasable.begin(), kErasable.end(), t) != kErasable.end(); }

}  // namespace type

}  // namespace dauvet::events
