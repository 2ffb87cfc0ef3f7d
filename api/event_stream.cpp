#include "api/event_stream.hpp"

#include <algorithm>

#include "api/services.hpp"
#include "core/entry.hpp"

namespace dauvet::api {
namespace {

// A batch ends after this many events or bytes, whichever comes first (always at least
// one event): the session writes one batch at a time, so this bounds what a slow client
// can make the server hold, and how long one pull keeps its snapshot.
constexpr std::uint64_t kBatchEvents = 1000;
constexpr std::size_t kBatchBytes = 64 * 1024;

// Tells a reconnecting EventSource to come back after a second.
constexpr std::string_view kPreamble = "retry: 1000\n\n";
constexpr std::string_view kKeepAlive = ": keep-alive\n\n";

}  // namespace

Result<nlohmann::json> event_json(const LedgerView& view, std::uint64_t index) {
  auto e = view.entry(index);
  if (!e) return fail(e.error());
  auto payload = view.payload(index);
  if (!payload) return fail(payload.error());
  nlohmann::json body = nullptr;  // erased
  if (*payload) {
    body = nlohmann::json::parse(**payload, nullptr, false);
    if (body.is_discarded()) return fail(Errc::corrupt, "payload " + std::to_string(index) + " is not JSON");
  }
  return nlohmann::json{{"index", e->index},
                        {"stream", e->stream},
                        {"version", e->version},
                        {"type", e->type},
                        {"actor", {{"id", e->actor.id}, {"unit", e->actor.unit}, {"role", e->actor.role}}},
                        {"recorded_at", e->recorded_at},
                        {"payload", std::move(body)}};
}

EventStream::EventStream(Services& services, std::uint64_t from, EventStreamOptions options,
                         StillAllowed still_allowed)
    : services_(services),
      options_(options),
      still_allowed_(std::move(still_allowed)),
      next_(from),
      last_event_(Clock::now()),
      last_write_(last_event_) {}

Result<std::uint64_t> EventStream::append_batch(std::string& out) {
  auto snap = services_.ledger.read();
  if (!snap) return fail(snap.error());
  auto size = snap->view().size();
  if (!size) return fail(size.error());
  const std::size_t start = out.size();
  for (std::uint64_t n = 0; next_ < *size && n < kBatchEvents && out.size() - start < kBatchBytes; ++n) {
    auto e = event_json(snap->view(), next_);
    if (!e) return fail(e.error());
    out += "id: " + std::to_string(next_) + "\nevent: " + (*e)["type"].get<std::string>() + "\ndata: " +
           e->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
    ++next_;  // only once formatted: a failed entry is never skipped
  }
  return *size;
}

BodyStream::Piece EventStream::pull(Wake wake) {
  {
    std::lock_guard lock(mu_);
    if (stopped_) ended_ = true;
  }
  if (ended_) return {Piece::State::end, {}};
  std::string out;
  if (!started_) {
    started_ = true;
    out = kPreamble;
  }
  if (still_allowed_) {
    if (auto allowed = still_allowed_(); !allowed) return end_with_error(std::move(out), allowed.error());
  }
  const std::uint64_t before = next_;
  auto size = append_batch(out);
  const auto now = Clock::now();
  if (!size) return end_with_error(std::move(out), size.error());
  if (next_ != before) last_event_ = now;
  if (!out.empty()) {
    last_write_ = now;
    return {Piece::State::data, std::move(out)};
  }
  if (options_.idle_limit && now >= last_event_ + *options_.idle_limit) return {Piece::State::end, {}};
  if (now >= last_write_ + options_.keepalive) {
    last_write_ = now;
    return {Piece::State::data, std::string(kKeepAlive)};
  }
  return wait(*size, std::move(wake));
}

// The headers are gone, so no problem document: say why in a comment and end. A client
// whose token still works reconnects from the last id it has; one whose token was revoked
// gets its 401 then.
BodyStream::Piece EventStream::end_with_error(std::string out, const Error& error) {
  ended_ = true;
  out += ": error: " + error.message + "\n\n";
  return {Piece::State::data, std::move(out)};
}

// Caught up at `size`: parks `wake` until a commit beyond it, the next keep-alive, the idle
// limit, stop() or the signal's close, whichever comes first.
BodyStream::Piece EventStream::wait(std::uint64_t size, Wake wake) {
  if (!services_.commits || services_.commits->closed()) return {Piece::State::end, {}};
  auto deadline = last_write_ + options_.keepalive;
  if (options_.idle_limit) deadline = std::min(deadline, last_event_ + *options_.idle_limit);
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return {Piece::State::end, {}};
    wake_ = std::move(wake);
    generation = ++generation_;
  }
  // Weak: a stream that ended while the signal still holds its wait must not be kept.
  services_.commits->wait_beyond(size, deadline, [weak = weak_from_this(), generation] {
    if (auto self = weak.lock()) self->on_signal(generation);
  });
  return {Piece::State::pending, {}};
}

void EventStream::on_signal(std::uint64_t generation) {
  Wake wake;
  {
    std::lock_guard lock(mu_);
    if (generation != generation_ || !wake_) return;  // an earlier wait, already answered
    wake = std::move(wake_);
    wake_ = nullptr;
  }
  wake();
}

void EventStream::stop() {
  Wake wake;
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
    wake = std::move(wake_);
    wake_ = nullptr;
  }
  if (wake) wake();
}

}  // namespace dauvet::api
