// Server time for `recorded_at`: UTC, millisecond precision, never decreasing.
//
// The system clock may step back (NTP correction, a VM restored from a snapshot). An audit
// record whose times go backwards invites the question "was this reordered?", so the
// writer's clock never returns less than the last time it handed out or observed in the
// ledger; while the system clock is behind, time stands still.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace dauvet::clock {

// Milliseconds since the Unix epoch, from the system clock.
std::int64_t system_ms();

// "2024-06-30T09:15:02.031Z" — the only form stored in entries.
std::string format_utc_ms(std::int64_t unix_ms);

// Parses exactly the stored form above; nullopt for anything else or an impossible date.
std::optional<std::int64_t> parse_utc_ms(std::string_view text);

// Parses RFC 3339 as users write it: "2024-06-30T16:15:02+07:00", "...Z", with or without
// fractional seconds (truncated to ms), or a bare date "2024-06-30" read as the END of that
// day in Vietnam time (UTC+7), since "as of 30/06/2024" means "by the end of that day".
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

class Monotonic {
 public:
  explicit Monotonic(std::function<std::int64_t()> source = system_ms) : source_(std::move(source)) {}

  // Raises the floor: called with the last recorded_at in the ledger on open.
  void observe(std::int64_t ms) {
    if (ms > last_) last_ = ms;
  }
  std::int64_t now() {
    observe(source_());
    return last_;
  }

 private:
  std::function<std::int64_t()> source_;
  std::int64_t last_ = 0;
};

}  // namespace dauvet::clock
