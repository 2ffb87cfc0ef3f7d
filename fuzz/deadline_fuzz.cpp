// The deadline grammar reads any text: its schedule must survive to_json/schedule_from_json
// unchanged, keep the raw text, and never claim certainty while giving a review reason.
#include <cstdlib>
#include <string_view>

#include "events/deadline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto schedule = dauvet::events::parse_deadline(text, dauvet::events::Date::parse_iso("2023-01-01"));
  if (schedule.raw != text) std::abort();
  if (!schedule.needs_review && !schedule.review_reason.empty()) std::abort();
  nlohmann::json j;
  try {
    j = dauvet::events::to_json(schedule);
    (void)j.dump();  // raw text that is not UTF-8 throws here, and only here
  } catch (const nlohmann::json::exception&) {
    return 0;
  }
  auto back = dauvet::events::schedule_from_json(j);
  if (!back || !(*back == schedule)) std::abort();
  return 0;
}
