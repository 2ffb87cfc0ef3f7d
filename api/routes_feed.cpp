// Reading the ledger in order, with payloads (so: readers, not verifiers).
//
//   GET /v1/ledger/entries?start=S&end=E   [{"index":i,"entry":base64(entry bytes),
//                                            "payload":base64(payload bytes)|null}, ...]
//                                           S <= i < min(E, S+1000); exact bytes, for verifiers
//   GET /v1/events?after=I&limit=N           {"events":[{index,stream,version,type,actor,
//                                            recorded_at,payload}],"next_after":J|null}
//                                           entries after index I (all if absent), N <= 1000
//   GET /v1/events/stream[?wait=S]           text/event-stream, resuming after Last-Event-ID
//
// The stream is one long-lived response (chunked; event_stream.hpp): "retry: 1000", every
// entry after Last-Event-ID (or ?last_event_id=; from 0 if neither), then each new entry
// as soon as it is committed, with a ": keep-alive" comment after FeedOptions::keepalive
// (15 s) without anything to send. Event ids are entry indexes, so an EventSource that
// reconnects with the last id it saw neither misses nor repeats an entry. It runs until
// the client leaves or the server stops (which ends it with the final chunk), or, with
// ?wait=S (0 to 25, the bound of the long poll this replaced), after S seconds without a
// new entry: ?wait=0 answers what there is and ends, as the batch answer used to. The
// stream occupies its connection: requests pipelined behind it are read once it ends.
// The token is asked about again before every batch: revoking it ends its open streams.
#include <charconv>
#include <chrono>

#include <nlohmann/json.hpp>

#include "api/event_stream.hpp"
#include "api/handler_util.hpp"
#include "api/routes.hpp"
#include "api/scope.hpp"
#include "api/services.hpp"
#include "core/entry.hpp"
#include "crypto/base64.hpp"

namespace dauvet::api {
namespace {

constexpr std::uint64_t kMaxBatch = 1000;
constexpr std::uint64_t kDefaultLimit = 100;

// The stream outlives its request, so it keeps the presented token (the router has just
// resolved it) and the actor it named, and resolves the token again before each batch.
StillAllowed token_still_names(const Request& req, const Principal& who, const Services& s) {
  return [auth = s.auth, token = std::string(bearer_token(req).value_or("")), actor = who.actor]() -> Result<void> {
    if (!auth) return fail(Errc::unauthorized, "this server accepts no tokens");
    auto now = auth->authenticate(token);
    if (!now) return fail(now.error());
    if (now->actor != actor) return fail(Errc::unauthorized, "the token now names another actor");
    return {};
  };
}

Result<Response> ledger_entries(const Request& req, const LedgerView& view, std::uint64_t size) {
  auto start = uint_query(req, "start");
  if (!start) return fail(start.error());
  auto end = uint_query(req, "end");
  if (!end) return fail(end.error());
  if (!*start) return fail(Errc::invalid_argument, "the query parameter is required", "start");
  if (!*end) return fail(Errc::invalid_argument, "the query parameter is required", "end");
  if (**start >= **end || **end > size)
    return fail(Errc::invalid_argument, "need start < end <= " + std::to_string(size), "end");
  const std::uint64_t stop = std::min(**end, **start + kMaxBatch);
  nlohmann::json out = nlohmann::json::array();
  for (std::uint64_t i = **start; i < stop; ++i) {
    auto bytes = view.entry_bytes(i);
    if (!bytes) return fail(bytes.error());
    if (!*bytes) return fail(Errc::corrupt, "entry " + std::to_string(i) + " is missing");
    auto payload = view.payload(i);
    if (!payload) return fail(payload.error());
    out.push_back({{"index", i},
                   {"entry", crypto::base64_encode(**bytes)},
                   {"payload", *payload ? nlohmann::json(crypto::base64_encode(**payload)) : nlohmann::json(nullptr)}});
  }
  return make_response(req, http::status::ok, out.dump());
}

Result<Response> events_page(const Request& req, const LedgerView& view, std::uint64_t size) {
  auto after = uint_query(req, "after");
  if (!after) return fail(after.error());
  auto limit = uint_query(req, "limit");
  if (!limit) return fail(limit.error());
  const std::uint64_t n = limit->value_or(kDefaultLimit);
  if (n == 0 || n > kMaxBatch)
    return fail(Errc::invalid_argument, "must be between 1 and " + std::to_string(kMaxBatch), "limit");
  const std::uint64_t from = *after ? **after + 1 : 0;
  nlohmann::json events = nlohmann::json::array();
  for (std::uint64_t i = from; i < size && i < from + n; ++i) {
    auto e = event_json(view, i);
    if (!e) return fail(e.error());
    events.push_back(std::move(*e));
  }
  nlohmann::json next = events.empty() ? (*after ? nlohmann::json(**after) : nlohmann::json(nullptr))
                                       : events.back()["index"];
  return make_response(req, http::status::ok, nlohmann::json{{"events", std::move(events)}, {"next_after", next}}.dump());
}

// The first index the stream sends: one past Last-Event-ID (or ?last_event_id=), else 0.
Result<std::uint64_t> stream_from(const Request& req, std::uint64_t size) {
  std::optional<std::string> last;
  if (auto it = req.find("Last-Event-ID"); it != req.end()) last = std::string(it->value());
  else last = query_param(req.target(), "last_event_id");
  if (!last || last->empty()) return 0;
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(last->data(), last->data() + last->size(), id);
  if (ec != std::errc{} || end != last->data() + last->size())
    return fail(Errc::invalid_argument, "Last-Event-ID must be an entry index", "Last-Event-ID");
  if (id >= size) return fail(Errc::invalid_argument, "this ledger has no entry " + std::to_string(id) + " yet", "Last-Event-ID");
  return id + 1;
}

// ?wait= bounds how long a caught-up stream stays open without a new entry.
constexpr std::uint64_t kMaxWaitSeconds = 25;

}  // namespace

void add_feed_routes(Router& router, FeedOptions options) {
  router.add(http::verb::get, "/v1/ledger/entries", "ledger_entries", Access::reader,
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               on_snapshot(req, s, r, [&](const LedgerView& v, std::uint64_t n) -> Result<Response> {
                 if (auto in = require_whole_ledger(who, s, v, n); !in) return fail(in.error());
                 return ledger_entries(req, v, n);
               });
             });
  router.add(http::verb::get, "/v1/events", "events", Access::reader,
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               on_snapshot(req, s, r, [&](const LedgerView& v, std::uint64_t n) -> Result<Response> {
                 if (auto in = require_whole_ledger(who, s, v, n); !in) return fail(in.error());
                 return events_page(req, v, n);
               });
             });
  router.add(http::verb::get, "/v1/events/stream", "events_stream", Access::reader,
             [options](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               auto wait = uint_query(req, "wait");
               if (!wait) return r(problem(req, wait.error()));
               if (*wait && **wait > kMaxWaitSeconds)
                 return r(problem(req, Error{Errc::invalid_argument, "must be between 0 and 25 seconds", "wait"}));
               EventStreamOptions o{options.keepalive, std::nullopt};
               if (*wait) o.idle_limit = std::chrono::seconds(**wait);
               // The snapshot checks access and the resume point; the stream reads its own.
               on_snapshot(req, s, r, [&](const LedgerView& v, std::uint64_t n) -> Result<Response> {
                 if (auto in = require_whole_ledger(who, s, v, n); !in) return fail(in.error());
                 auto from = stream_from(req, n);
                 if (!from) return fail(from.error());
                 Response res = make_response(req, http::status::ok, {}, "text/event-stream; charset=utf-8");
                 res.set(http::field::cache_control, "no-store");
                 res.set("X-Accel-Buffering", "no");  // nginx would otherwise hold the events back
                 res.stream = std::make_shared<EventStream>(s, *from, o, token_still_names(req, who, s));
                 return res;
               });
             })
      .streams = true;
}

}  // namespace dauvet::api
