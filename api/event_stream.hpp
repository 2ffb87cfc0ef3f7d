// The body of GET /v1/events/stream (routes_feed.cpp): the ledger's entries as
// Server-Sent Events from a given index on, then each new entry as it is committed, for as
// long as the client stays.
//
// Entries go out strictly in index order, each exactly once, with its index as the event
// id, so a client that resumes with Last-Event-ID continues where it was. Each pull reads
// one bounded batch from a fresh snapshot and lets the snapshot go before returning: an
// open stream never holds an LMDB reader while it waits, since the map cannot grow while
// readers hold it. Caught up, the stream waits on the CommitSignal (the session pulls
// again when woken), sends a keep-alive comment after `keepalive` without a write so that
// proxies keep the connection, and ends after `idle_limit` without a new entry (if set),
// at stop(), or once the signal is closed (server shutdown).
//
// Access is not settled once at the start: every pull first asks `still_allowed`, so a
// token revoked while its stream is open ends the stream before one more event goes out.
// A revocation is itself a commit, and the TokenStore applies it before the CommitSignal
// wakes the streams (the order of the ledger's hooks), so a parked stream ends at once.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

#include <nlohmann/json.hpp>

#include "api/http.hpp"
#include "base/result.hpp"
#include "core/ledger.hpp"

namespace dauvet::api {

struct Services;

struct EventStreamOptions {
  std::chrono::milliseconds keepalive{std::chrono::seconds(15)};
  std::optional<std::chrono::milliseconds> idle_limit;  // unset: until the client leaves
};

// Whether the client that opened the stream may still read it; an error ends the stream
// with its message as a comment.
using StillAllowed = std::function<Result<void>()>;

class EventStream final : public BodyStream, public std::enable_shared_from_this<EventStream> {
 public:
  using Clock = std::chrono::steady_clock;

  // Create with make_shared: wakes reach the stream through a weak pointer.
  EventStream(Services& services, std::uint64_t from, EventStreamOptions options, StillAllowed still_allowed = {});

  Piece pull(Wake wake) override;
  void stop() override;

  std::uint64_t next_index() const { return next_; }

 private:
  // Appends the events from next_ on (at most one batch) to `out`; returns the ledger size
  // seen, so a caught-up stream knows which commit to wait beyond.
  Result<std::uint64_t> append_batch(std::string& out);
  Piece wait(std::uint64_t size, Wake wake);
  Piece end_with_error(std::string out, const Error& error);
  void on_signal(std::uint64_t generation);

  Services& services_;
  const EventStreamOptions options_;
  const StillAllowed still_allowed_;
  std::uint64_t next_;  // the first index not yet sent
  bool started_ = false, ended_ = false;
  Clock::time_point last_event_, last_write_;

  std::mutex mu_;  // stop() and the signal's wakes come from other threads than pull()
  bool stopped_ = false;
  Wake wake_;  // set while pending
  std::uint64_t generation_ = 0;  // tells the current wait from earlier ones
};

// One entry as the event feeds show it: {index, stream, version, type, actor,
// recorded_at, payload (null once erased)}.
Result<nlohmann::json> event_json(const LedgerView& view, std::uint64_t index);

}  // namespace dauvet::api
