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
// The stream is answered as a finite batch of at most 1000 events followed by the end of
// the response; "retry: 1000" makes an EventSource reconnect with the last id it saw in
// Last-Event-ID. Every batch starts right after that id, so a client never misses or sees
// twice an entry. A client that already has every entry is held (long poll, up to `wait`
// seconds, default 15) until the next commit, and then answered at once: it learns of new
// entries within a commit, without polling. (Keeping one response open across batches
// would save the reconnects; it needs chunked writes in the session.)
#include <charconv>
#include <chrono>

#include <nlohmann/json.hpp>

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

Result<Response> events_stream(const Request& req, const LedgerView& view, std::uint64_t size, std::uint64_t from) {
  std::string out = "retry: 1000\n\n";
  for (std::uint64_t i = from; i < size && i < from + kMaxBatch; ++i) {
    auto e = event_json(view, i);
    if (!e) return fail(e.error());
    out += "id: " + std::to_string(i) + "\nevent: " + (*e)["type"].get<std::string>() + "\ndata: " +
           e->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
  }
  Response res = make_response(req, http::status::ok, std::move(out), "text/event-stream; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.set("X-Ledger-Index", ledger_index_header(size));
  return res;
}

// How long a caught-up client is held before "nothing yet": ?wait=SECONDS, 0 to 25.
constexpr std::uint64_t kDefaultHoldSeconds = 15, kMaxHoldSeconds = 25;

// Answers the stream; a client that has every entry is held until the ledger grows (or the
// hold ends), then answered from a fresh snapshot, so it neither polls nor misses a commit
// made between its snapshot and its wait.
void stream_answer(Request req, Principal who, Services& s, Responder respond, std::chrono::seconds hold) {
  std::optional<std::uint64_t> held_at;  // the size seen, when the client has it all
  Result<Response> res = [&]() -> Result<Response> {
    auto snap = s.ledger.read();  // not held while waiting: map growth waits for readers
    if (!snap) return fail(snap.error());
    auto size = snap->view().size();
    if (!size) return fail(size.error());
    if (auto in = require_whole_ledger(who, s, snap->view(), *size); !in) return fail(in.error());
    auto from = stream_from(req, *size);
    if (!from) return fail(from.error());
    if (*from >= *size && hold.count() > 0 && s.commits) {
      held_at = *size;
      return Response{};
    }
    return events_stream(req, snap->view(), *size, *from);
  }();
  if (held_at) {
    s.commits->wait_beyond(*held_at, std::chrono::steady_clock::now() + hold,
                           [req = std::move(req), who = std::move(who), &s, respond = std::move(respond)]() mutable {
                             stream_answer(std::move(req), std::move(who), s, std::move(respond), std::chrono::seconds(0));
                           });
    return;
  }
  respond(res ? std::move(*res) : problem(req, res.error()));
}

}  // namespace

void add_feed_routes(Router& router) {
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
             [](const Request& req, const Params&, const Principal& who, Services& s, Responder respond) {
               auto r = naming_actor(std::move(respond), who);
               auto wait = uint_query(req, "wait");
               if (!wait) return r(problem(req, wait.error()));
               const std::uint64_t hold = wait->value_or(kDefaultHoldSeconds);
               if (hold > kMaxHoldSeconds)
                 return r(problem(req, Error{Errc::invalid_argument, "must be between 0 and 25 seconds", "wait"}));
               stream_answer(req, who, s, std::move(r), std::chrono::seconds(hold));
             });
}

}  // namespace dauvet::api
