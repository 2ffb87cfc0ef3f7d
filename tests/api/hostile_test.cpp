// Hostile clients against the real server on 127.0.0.1, over raw sockets: slowloris,
// header floods, request smuggling, broken chunking, deep JSON, invalid UTF-8, garbage
// request lines and pipelining past the queue limit.
//
// Every case asserts that (a) the server answers with a 4xx problem document or closes
// the connection, never a 2xx, (b) nothing was written to the ledger, and (c) a normal
// GET /healthz on a new connection still gets 200 afterwards. Every socket operation has
// a deadline: a server that neither answers nor closes fails the test instead of hanging.
//
// DAUVET_HOSTILE_VERBOSE=1 prints what the server answered each case. Two cases here
// found real bugs (a Transfer-Encoding not ending in chunked ran its body as a request; a
// deep array inside a raw-object field crashed the server) and stay as their regressions.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <poll.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/server.hpp"
#include "support/api_fixture.hpp"

namespace dauvet::api {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kIoTimeout = std::chrono::seconds(1);
constexpr std::size_t kHeaderLimit = 8 * 1024;
constexpr std::size_t kBodyLimit = 1024 * 1024;
constexpr milliseconds kReadWait{5000};

// How a connection ended from the client's side.
enum class End { closed, reset, open };

struct Outcome {
  std::string bytes;  // everything the server sent
  End end = End::open;
  Clock::time_point ended{};  // when the close was seen (End::closed / End::reset)
};

std::string printable(std::string_view s, std::size_t max = 400) {
  std::string out;
  for (char c : s.substr(0, max)) {
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) out += '?';
    else out += c;
  }
  if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

std::string describe(const Outcome& o) {
  const char* end = o.end == End::closed ? "closed" : o.end == End::reset ? "reset" : "still open";
  return std::string("connection ") + end + ", received: \"" + printable(o.bytes) + "\"";
}

// One client connection with non-blocking I/O: every wait is bounded by a deadline.
class RawConn {
 public:
  explicit RawConn(std::uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    socket_.set_option(tcp::no_delay(true));
    socket_.non_blocking(true);
  }

  // Writes all of `bytes`; false when the peer closed or `within` passed first.
  bool send(std::string_view bytes, milliseconds within = kReadWait) {
    const auto deadline = Clock::now() + within;
    std::size_t off = 0;
    while (off < bytes.size()) {
      boost::system::error_code ec;
      const std::size_t n = socket_.write_some(net::buffer(bytes.data() + off, bytes.size() - off), ec);
      if (ec == net::error::would_block || ec == net::error::try_again) {
        if (!wait(POLLOUT, deadline)) return false;
        continue;
      }
      if (ec) return false;  // reset / broken pipe: the server closed
      off += n;
    }
    return true;
  }

  // Reads until the server closes or `within` passes.
  Outcome read_until_close(milliseconds within = kReadWait) {
    const auto deadline = Clock::now() + within;
    while (out_.end == End::open) {
      if (!drain()) break;
      if (out_.end != End::open) break;
      if (!wait(POLLIN, deadline)) break;
    }
    return out_;
  }

  // Without waiting: has the server closed the connection yet? (Reads what is pending.)
  bool closed_by_peer() {
    drain();
    return out_.end != End::open;
  }

  const Outcome& outcome() const { return out_; }

 private:
  // Reads everything available now; false on an unexpected error.
  bool drain() {
    char buf[16 * 1024];
    while (out_.end == End::open) {
      boost::system::error_code ec;
      const std::size_t n = socket_.read_some(net::buffer(buf), ec);
      if (ec == net::error::would_block || ec == net::error::try_again) return true;
      if (ec == net::error::eof) {
        out_.end = End::closed;
        out_.ended = Clock::now();
        return true;
      }
      if (ec) {  // connection_reset and friends: closed, maybe with unread bytes of ours
        out_.end = End::reset;
        out_.ended = Clock::now();
        return true;
      }
      out_.bytes.append(buf, n);
    }
    return true;
  }

  bool wait(short events, Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{socket_.native_handle(), events, 0};
    return ::poll(&p, 1, static_cast<int>(left)) > 0;
  }

  net::io_context ioc_;
  tcp::socket socket_;
  Outcome out_;
};

struct Parsed {
  std::vector<Response> responses;
  std::string rest;  // bytes that do not form a complete response
};

Parsed parse_responses(std::string_view raw) {
  Parsed out;
  while (!raw.empty()) {
    http::response_parser<http::string_body> p;
    p.eager(true);
    p.body_limit(64 * 1024 * 1024);
    std::size_t used = 0;
    beast::error_code ec;
    while (!p.is_done() && used < raw.size()) {
      const std::size_t n = p.put(net::buffer(raw.data() + used, raw.size() - used), ec);
      used += n;
      if (ec == http::error::need_more) {
        ec = {};
        if (n == 0) break;
        continue;
      }
      if (ec) break;
    }
    if (!p.is_done()) {
      out.rest = std::string(raw);
      break;
    }
    out.responses.push_back(p.release());
    raw.remove_prefix(used);
  }
  return out;
}

std::string request(std::string_view method_target, const std::vector<std::string>& headers, std::string_view body = {}) {
  std::string r = std::string(method_target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& h : headers) r += h + "\r\n";
  r += "\r\n";
  r += body;
  return r;
}

std::string chunked(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx", data.size());
  return std::string(size) + "\r\n" + std::string(data) + "\r\n0\r\n\r\n";
}

class Hostile : public test::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = issue("admin", "admin", "root");
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_timeout = kIoTimeout;
    options.header_limit = kHeaderLimit;
    options.body_limit = kBodyLimit;
    options.pipeline_limit = 16;
    server_ = std::make_unique<Server>(options, router_, *services_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().to_string();
    port_ = *port;
    thread_ = std::thread([this] { server_->run(); });
    size0_ = ledger_size();
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string bearer() const { return "Authorization: Bearer " + admin_; }

  // A command the server would accept and write (201), as a complete request.
  std::string valid_command(std::string_view id = "root", bool close = true) const {
    const std::string body = std::string(R"({"id":")") + std::string(id) + R"(","name":"Tỉnh ủy","kind":"cap_uy"})";
    std::vector<std::string> h{bearer(), "Content-Type: application/json", "Content-Length: " + std::to_string(body.size())};
    if (close) h.push_back("Connection: close");
    return request("POST /v1/commands/unit.create", h, body);
  }

  Outcome exchange(std::string_view raw, milliseconds within = kReadWait) {
    RawConn c(port_);
    c.send(raw);  // a refusal may close before everything is written
    return c.read_until_close(within);
  }

  // (a): every answer is a 4xx problem document, or there is none and the connection was
  // closed; never a 2xx, never silence on an open connection.
  void expect_refused(const Outcome& o, std::string_view what) {
    SCOPED_TRACE(std::string(what));
    const Parsed p = parse_responses(o.bytes);
    if (std::getenv("DAUVET_HOSTILE_VERBOSE") != nullptr) {
      std::string statuses;
      for (const auto& r : p.responses) statuses += " " + std::to_string(r.result_int()) + " " + problem_type(r);
      std::fprintf(stderr, "  [%s] responses:%s; %s\n", std::string(what).c_str(), statuses.empty() ? " none" : statuses.c_str(),
                   o.end == End::closed ? "closed" : o.end == End::reset ? "reset" : "open");
    }
    if (p.responses.empty()) {
      EXPECT_NE(o.end, End::open) << "no answer and the connection was not closed: " << describe(o);
    }
    for (const auto& r : p.responses) {
      EXPECT_GE(r.result_int(), 400u) << describe(o);
      EXPECT_LT(r.result_int(), 500u) << describe(o);
      EXPECT_EQ(r[http::field::content_type], "application/problem+json") << describe(o);
      EXPECT_EQ(json_of(r).value("status", 0), static_cast<int>(r.result_int())) << r.body();
    }
    if (o.end != End::reset) {
      EXPECT_TRUE(p.rest.empty()) << "unparseable bytes: " << describe(o);
    }
  }

  // (b)
  void expect_nothing_written(std::string_view what) {
    EXPECT_EQ(ledger_size(), size0_) << what << ": the ledger grew";
  }

  // (c): GET /healthz on a new connection gets 200.
  void expect_healthy(std::string_view what) {
    SCOPED_TRACE(std::string(what));
    const auto start = Clock::now();
    const Outcome o = exchange(request("GET /healthz", {"Connection: close"}));
    const Parsed p = parse_responses(o.bytes);
    ASSERT_EQ(p.responses.size(), 1u) << describe(o);
    EXPECT_EQ(p.responses[0].result(), http::status::ok) << describe(o);
    EXPECT_EQ(p.responses[0].body(), R"({"status":"ok"})");
    EXPECT_LT(Clock::now() - start, milliseconds(900)) << "healthz was slow";
  }

  // One hostile request on its own connection: (a), (b), (c).
  void expect_hostile_refused(std::string_view raw, std::string_view what, milliseconds within = kReadWait) {
    const Outcome o = exchange(raw, within);
    expect_refused(o, what);
    expect_nothing_written(what);
    expect_healthy(what);
  }

  std::string admin_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::uint64_t size0_ = 0;
};

// ---------------------------------------------------------------------------------------
// 1. Slowloris

// The request line and one header arrive a byte at a time, then nothing more: the server
// must close within its io_timeout while another client is served normally meanwhile.
TEST_F(Hostile, SlowlorisStalledHeadersAreDroppedWhileOthersAreServed) {
  const std::string head = "POST /v1/commands/unit.create HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  const auto start = Clock::now();
  RawConn slow(port_);
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (!slow.send(head.substr(i, 1))) break;
    if (i == head.size() / 2) expect_healthy("while a slowloris client trickles");
    std::this_thread::sleep_for(milliseconds(10));
  }
  // Stalled now; the server must still serve others, then drop the stalled client.
  ASSERT_FALSE(slow.closed_by_peer()) << "closed before io_timeout: " << describe(slow.outcome());
  expect_healthy("while a slowloris client stalls");
  const Outcome o = slow.read_until_close(milliseconds(5000));
  ASSERT_NE(o.end, End::open) << "the stalled client was never dropped: " << describe(o);
  const auto held = o.ended - start;
  EXPECT_LT(held, kIoTimeout + milliseconds(1500))
      << "held for " << std::chrono::duration_cast<milliseconds>(held).count() << " ms";
  EXPECT_GE(held, kIoTimeout - milliseconds(100));
  expect_refused(o, "slowloris");
  expect_nothing_written("slowloris");
  expect_healthy("after slowloris");
}

// The classic slowloris never stops: one header byte every 100 ms. The timeout covers the
// whole request, so trickling does not keep the connection alive.
TEST_F(Hostile, SlowlorisTrickleForeverIsDropped) {
  const auto start = Clock::now();
  RawConn slow(port_);
  ASSERT_TRUE(slow.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
  bool dropped = false;
  while (Clock::now() - start < kIoTimeout + milliseconds(3000)) {
    if (slow.closed_by_peer() || !slow.send("a")) {
      dropped = true;
      break;
    }
    std::this_thread::sleep_for(milliseconds(100));
  }
  const auto held = Clock::now() - start;
  ASSERT_TRUE(dropped) << "a client trickling a byte every 100 ms kept its connection for "
                       << std::chrono::duration_cast<milliseconds>(held).count() << " ms";
  EXPECT_LT(held, kIoTimeout + milliseconds(1500));
  expect_refused(slow.read_until_close(milliseconds(1000)), "trickle");
  expect_nothing_written("trickle");
  expect_healthy("after trickle");
}

// ---------------------------------------------------------------------------------------
// 2. Header floods

TEST_F(Hostile, TenThousandHeadersGet431OrClose) {
  const std::string body = R"({"id":"root","name":"R","kind":"cap_uy"})";
  std::vector<std::string> h{bearer(), "Content-Length: " + std::to_string(body.size())};
  for (int i = 0; i < 10000; ++i) h.push_back("X-Flood-" + std::to_string(i) + ": v");
  const Outcome o = exchange(request("POST /v1/commands/unit.create", h, body));
  expect_refused(o, "10000 headers");
  const Parsed p = parse_responses(o.bytes);
  if (!p.responses.empty()) {
    EXPECT_EQ(p.responses[0].result(), http::status::request_header_fields_too_large) << describe(o);
    EXPECT_EQ(problem_type(p.responses[0]), "urn:dauvet:problem:headers_too_large");
  }
  expect_nothing_written("10000 headers");
  expect_healthy("after 10000 headers");
}

TEST_F(Hostile, OneHeaderOverTheLimitGets431OrClose) {
  const std::string body = R"({"id":"root","name":"R","kind":"cap_uy"})";
  const Outcome o = exchange(request("POST /v1/commands/unit.create",
                                     {bearer(), "X-Big: " + std::string(kHeaderLimit * 4, 'h'),
                                      "Content-Length: " + std::to_string(body.size())},
                                     body));
  expect_refused(o, "one huge header");
  const Parsed p = parse_responses(o.bytes);
  if (!p.responses.empty()) {
    EXPECT_EQ(p.responses[0].result(), http::status::request_header_fields_too_large) << describe(o);
  }
  expect_nothing_written("one huge header");
  expect_healthy("after one huge header");
}

// ---------------------------------------------------------------------------------------
// 3. Request smuggling

// Content-Length and Transfer-Encoding: chunked together (in both orders), two different
// Content-Lengths, Transfer-Encoding twice: each must be refused as unframeable, and the
// request hidden after the body must never run.
TEST_F(Hostile, SmugglingConflictingFramingIsRefusedAndTheHiddenRequestNeverRuns) {
  const std::string json = R"({"id":"outer","name":"Outer","kind":"cap_uy"})";
  const std::string hidden = valid_command("root");
  const std::string body = chunked(json) + hidden;
  const std::string cl = "Content-Length: " + std::to_string(body.size());
  const std::string te = "Transfer-Encoding: chunked";
  struct Case {
    const char* what;
    std::vector<std::string> headers;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"CL then TE", {bearer(), cl, te}, body},
      {"TE then CL", {bearer(), te, cl}, body},
      {"CL 0 then TE", {bearer(), "Content-Length: 0", te}, body},
      {"two Content-Lengths", {bearer(), "Content-Length: " + std::to_string(json.size()), cl}, json + hidden},
      {"Content-Length list", {bearer(), "Content-Length: " + std::to_string(json.size()) + ", " + std::to_string(body.size())},
       json + hidden},
      {"TE twice", {bearer(), te, te}, body},
  };
  for (const auto& c : cases) {
    expect_hostile_refused(request("POST /v1/commands/unit.create", c.headers, c.body), c.what);
  }
  // Control: the hidden request on its own is a write the server accepts, so the checks
  // above would have seen it run.
  const Parsed p = parse_responses(exchange(hidden).bytes);
  ASSERT_EQ(p.responses.size(), 1u);
  EXPECT_EQ(p.responses[0].result(), http::status::created) << p.responses[0].body();
  EXPECT_EQ(ledger_size(), size0_ + 1);
}

// RFC 9112 section 6.3: a request whose Transfer-Encoding does not end in chunked has no
// determinable length; the server MUST answer 400 and close. A server that instead takes
// the body as empty, or frames it by a Content-Length sent after it, runs what a front
// proxy saw as body.
TEST_F(Hostile, SmugglingTransferEncodingNotEndingInChunkedIsRefused) {
  // The root unit exists first, so every hidden command below (a child unit of its own)
  // would be written if it ran: each case is judged on its own.
  ASSERT_EQ(parse_responses(exchange(valid_command("root")).bytes).responses.at(0).result(), http::status::created);
  auto child = [](const std::string& id) {
    return R"({"id":")" + id + R"(","name":"Hidden","kind":"ubnd","parent":"root"})";
  };
  auto child_request = [&](const std::string& id) {
    const std::string body = child(id);
    return request("POST /v1/commands/unit.create",
                   {bearer(), "Content-Length: " + std::to_string(body.size()), "Connection: close"}, body);
  };
  struct Case {
    const char* what;
    std::vector<std::string> headers;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"TE gzip, request in body", {bearer(), "Transfer-Encoding: gzip"}, child_request("h1")},
      {"TE 'chunked, gzip', request in body", {bearer(), "Transfer-Encoding: chunked, gzip"}, child_request("h2")},
      {"TE identity, request in body", {bearer(), "Transfer-Encoding: identity"}, child_request("h3")},
      {"TE xchunked then CL",
       {bearer(), "Transfer-Encoding: xchunked", "Content-Length: " + std::to_string(child("h4").size()),
        "Connection: close"},
       child("h4")},
  };
  for (const auto& c : cases) {
    size0_ = ledger_size();
    expect_hostile_refused(request("POST /v1/commands/unit.create", c.headers, c.body), c.what);
  }
}

// ---------------------------------------------------------------------------------------
// 4. Invalid chunking

TEST_F(Hostile, InvalidChunkingIsRefused) {
  const std::string json = R"({"id":"root","name":"R","kind":"cap_uy"})";
  const std::vector<std::string> h{bearer(), "Transfer-Encoding: chunked", "Connection: close"};
  struct Case {
    const char* what;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"chunk size zz", "zz\r\n" + json + "\r\n0\r\n\r\n"},
      {"chunk longer than declared", "3\r\n" + json + "\r\n0\r\n\r\n"},
      {"chunk size overflows 64 bits", "1ffffffffffffffffff\r\n" + json + "\r\n0\r\n\r\n"},
      {"chunk size over the body limit", "7fffffff\r\n" + json + "\r\n0\r\n\r\n"},
      {"negative chunk size", "-1\r\n" + json + "\r\n0\r\n\r\n"},
      {"control byte in a chunk extension", "5;\x01\r\nhello\r\n0\r\n\r\n"},
      {"no CRLF after the last chunk", "0\r\nX-Trailer\r\n\r\n"},
  };
  for (const auto& c : cases) {
    expect_hostile_refused(request("POST /v1/commands/unit.create", h, c.body), c.what);
  }
}

// A chunk shorter than declared, then silence: dropped at io_timeout, nothing written.
TEST_F(Hostile, ChunkShorterThanDeclaredThenStallIsDropped) {
  const std::string json = R"({"id":"root","name":"R","kind":"cap_uy"})";
  const auto start = Clock::now();
  const Outcome o = exchange(request("POST /v1/commands/unit.create", {bearer(), "Transfer-Encoding: chunked"},
                                     "ff\r\n" + json));
  ASSERT_NE(o.end, End::open) << describe(o);
  EXPECT_LT(Clock::now() - start, kIoTimeout + milliseconds(1500));
  expect_refused(o, "short chunk");
  expect_nothing_written("short chunk");
  expect_healthy("after short chunk");
}

// ---------------------------------------------------------------------------------------
// 5. Deep JSON nesting (a recursive parser or walker would overflow the stack and crash
// the whole test process)

std::string command_request(const std::string& bearer, std::string_view type, std::string_view body) {
  return request("POST /v1/commands/" + std::string(type),
                 {bearer, "Content-Type: application/json", "Content-Length: " + std::to_string(body.size()),
                  "Connection: close"},
                 body);
}

TEST_F(Hostile, HugeJsonNestingGets400) {
  constexpr std::size_t kDepth = 100'000;
  const std::string open(kDepth, '['), close(kDepth, ']');
  struct Case {
    const char* what;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"100000 [ unbalanced", open},
      {"100000 [ balanced", open + close},
      {"100000 { unbalanced", [&] {
         std::string s;
         for (std::size_t i = 0; i < kDepth; ++i) s += R"({"a":)";
         return s;
       }()},
      {"deep array in a string field", R"({"id":"root","name":)" + open + close + R"(,"kind":"cap_uy"})"},
  };
  for (const auto& c : cases) {
    ASSERT_LT(c.body.size(), kBodyLimit);
    const Outcome o = exchange(command_request(bearer(), "unit.create", c.body));
    expect_refused(o, c.what);
    const Parsed p = parse_responses(o.bytes);
    ASSERT_EQ(p.responses.size(), 1u) << c.what << ": " << describe(o);
    EXPECT_EQ(p.responses[0].result(), http::status::bad_request) << c.what << ": " << p.responses[0].body();
    expect_nothing_written(c.what);
    expect_healthy(c.what);
  }
}

// Fields kept as raw JSON objects (entry.correct's "corrected", task.create's
// time_frame.schedule) are walked by the decoder looking for floats, before any state
// is consulted; a clerk's token is enough to reach it.
class HostileRawObject : public Hostile {
 protected:
  void send_deep(std::string_view type, const std::string& before, const std::string& after) {
    const std::string clerk = "Authorization: Bearer " + issue("c1", "clerk", "root");
    size0_ = ledger_size();
    constexpr std::size_t kDepth = 100'000;
    const std::string body = before + std::string(kDepth, '[') + std::string(kDepth, ']') + after;
    ASSERT_LT(body.size(), kBodyLimit);
    const Outcome o = exchange(command_request(clerk, type, body));
    expect_refused(o, type);
    expect_nothing_written(type);
    expect_healthy(type);
  }
};

TEST_F(HostileRawObject, HugeJsonNestingInEntryCorrectGets400) {
  send_deep("entry.correct", R"({"index":0,"kind":"correction","reason":"r","corrected":{"a":)", "}}");
}

TEST_F(HostileRawObject, HugeJsonNestingInTaskScheduleGets400) {
  send_deep("task.create",
            R"({"issuer":"root","symbol":"S1","item":"1","content":"c","time_frame":{"raw":"r","schedule":{"kind":"once","x":)",
            "}}}");
}

// ---------------------------------------------------------------------------------------
// 6. Invalid UTF-8 in a JSON string

TEST_F(Hostile, InvalidUtf8InACommandGets400) {
  struct Case {
    const char* what;
    std::string name;  // the raw bytes between the quotes of "name"
  };
  const std::vector<Case> cases = {
      {"C3 28 (bad continuation)", "T\xC3" "\x28" "nh"},
      {"C0 AF (overlong)", "a\xC0\xAF"},
      {"ED A0 80 (encoded surrogate)", "a\xED\xA0\x80"},
      {"F5 80 80 80 (beyond U+10FFFF)", "a\xF5\x80\x80\x80"},
      {"E2 82 (truncated)", "a\xE2\x82"},
      {"FF", "\xFF"},
      {"lone surrogate escape", "a\\ud800b"},
  };
  for (const auto& c : cases) {
    const std::string body = R"({"id":"root","name":")" + c.name + R"(","kind":"cap_uy"})";
    const Outcome o = exchange(command_request(bearer(), "unit.create", body));
    expect_refused(o, c.what);
    const Parsed p = parse_responses(o.bytes);
    ASSERT_EQ(p.responses.size(), 1u) << c.what << ": " << describe(o);
    EXPECT_EQ(p.responses[0].result(), http::status::bad_request) << c.what << ": " << p.responses[0].body();
    EXPECT_EQ(problem_type(p.responses[0]), "urn:dauvet:problem:malformed_json") << c.what;
    expect_nothing_written(c.what);
  }
  // Invalid UTF-8 in a key.
  expect_hostile_refused(command_request(bearer(), "unit.create", "{\"\xFF\":\"x\",\"id\":\"root\"}"), "bad key");
  expect_healthy("after invalid UTF-8");
  // Control: the same command with valid UTF-8 is written.
  const Parsed p = parse_responses(exchange(valid_command("root")).bytes);
  ASSERT_EQ(p.responses.size(), 1u);
  EXPECT_EQ(p.responses[0].result(), http::status::created) << p.responses[0].body();
}

// ---------------------------------------------------------------------------------------
// 7. Absurd request lines

TEST_F(Hostile, AbsurdRequestLinesAreRefused) {
  const std::string body = R"({"id":"root","name":"R","kind":"cap_uy"})";
  const std::vector<std::string> close_h{"Connection: close"};
  const std::vector<std::string> command_h{bearer(), "Content-Length: " + std::to_string(body.size()),
                                           "Connection: close"};
  struct Case {
    const char* what;
    std::string raw;
  };
  const std::vector<Case> cases = {
      {"absurd method, relative target", request("BREWCOFFEEPLEASE healthz", close_h)},
      {"absurd method", request("BREWCOFFEEPLEASE /healthz", close_h)},
      {"GET without leading slash", request("GET healthz", close_h)},
      {"GET dot-dot target", request("GET ../healthz", close_h)},
      {"GET asterisk", request("GET *", close_h)},
      {"POST command without leading slash", request("POST v1/commands/unit.create", command_h, body)},
      {"20000-byte method", request(std::string(20000, 'X') + " /healthz", close_h)},
      {"control byte in method", request("GE\x01T /healthz", close_h)},
      {"empty method", request(" /healthz", close_h)},
      {"NUL in target", request(std::string("GET /heal\0thz", 13), close_h)},
      {"trailing junk after version", request("GET /healthz HTTP/1.1 junk", close_h)},
      {"no version", "GET /healthz\r\nHost: 127.0.0.1\r\n\r\n"},
      {"bad version", "GET /healthz HTTQ/1.1\r\nHost: 127.0.0.1\r\n\r\n"},
      {"binary garbage", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n"},
  };
  for (const auto& c : cases) expect_hostile_refused(c.raw, c.what);
}

// ---------------------------------------------------------------------------------------
// 8. Pipelining past the queue limit (pipeline_limit is 16)

TEST_F(Hostile, HundredPipelinedRequestsAreAnsweredInOrderOrClosed) {
  constexpr int kCount = 100;
  std::string raw;
  for (int i = 0; i < kCount; ++i)
    raw += request("GET /healthz", i + 1 == kCount ? std::vector<std::string>{"Connection: close"}
                                                   : std::vector<std::string>{});
  RawConn c(port_);
  ASSERT_TRUE(c.send(raw));
  const Outcome o = c.read_until_close(milliseconds(10000));
  ASSERT_NE(o.end, End::open) << describe(o);
  const Parsed p = parse_responses(o.bytes);
  EXPECT_TRUE(p.rest.empty()) << printable(p.rest);
  EXPECT_GE(p.responses.size(), 1u);
  EXPECT_LE(p.responses.size(), static_cast<std::size_t>(kCount));
  for (const auto& r : p.responses) {
    EXPECT_EQ(r.result(), http::status::ok);
    EXPECT_EQ(r.body(), R"({"status":"ok"})");
  }
  RecordProperty("answered", static_cast<int>(p.responses.size()));
  expect_nothing_written("pipelining");
  expect_healthy("after pipelining");
}

// The same with responses that can be told apart: whatever is answered is answered in
// request order.
TEST_F(Hostile, PipelinedResponsesPastTheLimitKeepRequestOrder) {
  constexpr int kCount = 100;
  std::string raw;
  for (int i = 0; i < kCount; ++i) {
    std::vector<std::string> h;
    if (i + 1 == kCount) h.push_back("Connection: close");
    raw += request(i % 2 == 0 ? "GET /healthz" : "GET /no-such-route-" + std::to_string(i), h);
  }
  RawConn c(port_);
  ASSERT_TRUE(c.send(raw));
  const Outcome o = c.read_until_close(milliseconds(10000));
  ASSERT_NE(o.end, End::open) << describe(o);
  const Parsed p = parse_responses(o.bytes);
  EXPECT_TRUE(p.rest.empty()) << printable(p.rest);
  ASSERT_GE(p.responses.size(), 1u);
  EXPECT_LE(p.responses.size(), static_cast<std::size_t>(kCount));
  RecordProperty("answered", static_cast<int>(p.responses.size()));
  for (std::size_t i = 0; i < p.responses.size(); ++i) {
    const auto& r = p.responses[i];
    if (i % 2 == 0) {
      EXPECT_EQ(r.result(), http::status::ok) << "response " << i;
    } else {
      EXPECT_EQ(r.result(), http::status::not_found) << "response " << i;
      EXPECT_NE(r.body().find("/no-such-route-" + std::to_string(i) + ";"), std::string::npos)
          << "response " << i << " out of order: " << r.body();
    }
  }
  expect_nothing_written("ordered pipelining");
  expect_healthy("after ordered pipelining");
}

// Pipelined writes: each command waits for its commit, the queue fills, the server stops
// reading until it drains; all are answered in order and written exactly once.
TEST_F(Hostile, PipelinedCommandsPastTheLimitAreEachWrittenOnce) {
  constexpr int kCount = 40;
  std::string raw = valid_command("root", false);
  for (int i = 1; i < kCount; ++i) {
    const std::string body = R"({"id":"u)" + std::to_string(i) + R"(","name":"U","kind":"ubnd","parent":"root"})";
    std::vector<std::string> h{bearer(), "Content-Length: " + std::to_string(body.size())};
    if (i + 1 == kCount) h.push_back("Connection: close");
    raw += request("POST /v1/commands/unit.create", h, body);
  }
  RawConn c(port_);
  ASSERT_TRUE(c.send(raw));
  const Outcome o = c.read_until_close(milliseconds(15000));
  ASSERT_NE(o.end, End::open) << describe(o);
  const Parsed p = parse_responses(o.bytes);
  EXPECT_TRUE(p.rest.empty()) << printable(p.rest);
  std::size_t created = 0;
  for (std::size_t i = 0; i < p.responses.size(); ++i) {
    const auto& r = p.responses[i];
    ASSERT_EQ(r.result(), http::status::created) << "response " << i << ": " << r.body();
    const auto entries = json_of(r)["entries"];
    ASSERT_EQ(entries.size(), 1u) << r.body();
    EXPECT_EQ(entries[0].value("stream", std::string()), i == 0 ? "unit/root" : "unit/u" + std::to_string(i))
        << "response " << i << " out of order";
    ++created;
  }
  EXPECT_EQ(created, static_cast<std::size_t>(kCount)) << "the connection ended early: " << describe(o);
  EXPECT_EQ(ledger_size(), size0_ + created) << "each answered command is written exactly once";
  expect_healthy("after pipelined commands");
}

}  // namespace
}  // namespace dauvet::api
