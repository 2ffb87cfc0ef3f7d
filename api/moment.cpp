#include "api/moment.hpp"

#include <charconv>

#include "core/clock.hpp"
#include "projections/reader.hpp"

namespace dauvet::api {

namespace {

Result<std::int64_t> recorded_ms(const LedgerView& view, std::uint64_t index) {
  auto e = view.entry(index);
  if (!e) return fail(e.error());
  return clock::parse_utc_ms(e->recorded_at).value_or(0);
}

}  // namespace

Result<Moment> moment_of(const Request& req, const LedgerView& view, std::uint64_t size) {
  const auto as_of = query_param(req.target(), "as_of");
  if (size == 0) return fail(Errc::not_found, "the ledger has no entries yet", "as_of");
  if (!as_of) return Moment{size - 1, clock::system_ms()};
  std::uint64_t index = 0;
  auto [end, ec] = std::from_chars(as_of->data(), as_of->data() + as_of->size(), index);
  if (ec == std::errc{} && end == as_of->data() + as_of->size()) {
    if (index >= size) return fail(Errc::not_found, "the ledger has no entry " + std::to_string(index) + " yet", "as_of");
    auto ms = recorded_ms(view, index);
    if (!ms) return fail(ms.error());
    return Moment{index, *ms};
  }
  const auto ms = clock::parse_rfc3339(*as_of);
  if (!ms) return fail(Errc::invalid_argument, "must be a ledger index or an RFC 3339 time", "as_of");
  auto at = projections::index_at_time(view, *ms);
  if (!at) return fail(at.error());
  if (!*at) return fail(Errc::not_found, "nothing was recorded at or before " + *as_of, "as_of");
  return Moment{**at, *ms};
}

}  // namespace dauvet::api
