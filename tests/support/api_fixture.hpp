// A ledger with projections and a TokenStore, the full router, and tokens per role: the
// API driven through Router::handle without a network.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <vector>

#include "api/routes.hpp"
#include "api/services.hpp"
#include "api/tokens.hpp"
#include "support/temp_dir.hpp"

namespace dauvet::api::test {

// Pulls a streamed body as the session does, one piece at a time, waiting for the stream's
// wake when it has nothing yet; stops the stream when done with it.
class StreamReader {
 public:
  explicit StreamReader(std::shared_ptr<BodyStream> stream) : stream_(std::move(stream)) {}
  ~StreamReader() { stream_->stop(); }
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  // Pulls until `until(text so far)` holds (true), or the stream ends or `timeout` passes
  // (false).
  bool read_until(const std::function<bool(const std::string&)>& until,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!until(text_)) {
      if (ended_) return false;
      if (pending_) {
        std::unique_lock lock(wake_->mu);
        if (!wake_->cv.wait_until(lock, deadline, [&] { return wake_->woken; })) return false;
        wake_->woken = false;
        pending_ = false;
      }
      auto piece = stream_->pull([w = wake_] {
        std::lock_guard lock(w->mu);
        w->woken = true;
        w->cv.notify_all();
      });
      if (piece.state == BodyStream::Piece::State::data) {
        EXPECT_FALSE(piece.bytes.empty()) << "a data piece is never empty";
        text_ += piece.bytes;
      } else {
        (piece.state == BodyStream::Piece::State::end ? ended_ : pending_) = true;
      }
    }
    return true;
  }
  bool read_to_end(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    return read_until([&](const std::string&) { return ended_; }, timeout);
  }
  // The ids of the events read so far, in order.
  std::vector<std::uint64_t> ids() const { return event_ids(text_); }
  static std::vector<std::uint64_t> event_ids(const std::string& text) {
    std::vector<std::uint64_t> out;
    for (auto p = text.find("id: "); p != std::string::npos; p = text.find("id: ", p + 1)) {
      if (p != 0 && text[p - 1] != '\n') continue;
      out.push_back(std::stoull(text.substr(p + 4, text.find('\n', p) - p - 4)));
    }
    return out;
  }
  const std::string& text() const { return text_; }
  bool ended() const { return ended_; }
  bool pending() const { return pending_; }
  BodyStream& stream() { return *stream_; }

 private:
  struct WakeState {
    std::mutex mu;
    std::condition_variable cv;
    bool woken = false;
  };
  std::shared_ptr<BodyStream> stream_;
  std::shared_ptr<WakeState> wake_ = std::make_shared<WakeState>();
  std::string text_;
  bool ended_ = false, pending_ = false;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void open() {
    projector_ = std::make_shared<projections::Projector>();
    tokens_ = std::make_shared<TokenStore>();
    commits_ = std::make_shared<CommitSignal>();
    auto l = Ledger::open(dir_.str(), Ledger::Options{.hooks = {projector_, tokens_, commits_}, .create = true});
    ASSERT_TRUE(l) << l.error().to_string();
    ledger_ = std::move(*l);
    services_ = std::make_unique<Services>(*ledger_);
    services_->projector = projector_;
    services_->auth = tokens_;
    services_->commits = commits_;
  }

  void close() {
    commits_->close();
    services_.reset();
    ledger_.reset();
  }

  // Records a token as `dauvet token create` does and returns it.
  std::string issue(const std::string& actor, const std::string& role, const std::string& unit) {
    auto t = generate_token();
    EXPECT_TRUE(t);
    auto req = token_issued_request(t->sha256, events::Actor{actor, unit, role});
    EXPECT_TRUE(req) << req.error().to_string();
    auto r = ledger_->append(std::move(*req), Actor{"operator:test", "root", "admin"}).get();
    EXPECT_TRUE(r) << r.error().to_string();
    return t->token;
  }

  Response call(http::verb verb, const std::string& target, const std::string& token, std::string body = {},
                const std::map<std::string, std::string>& headers = {}) {
    Request req{verb, target, 11};
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = std::move(body);
    req.prepare_payload();
    std::promise<Response> p;
    router_.handle(req, *services_, [&](Response r) { p.set_value(std::move(r)); });
    Response res = p.get_future().get();
    if (res.stream) {  // a stream that ends (?wait=) is collected as the whole body
      StreamReader reader(std::move(res.stream));
      EXPECT_TRUE(reader.read_to_end()) << target << ": the stream did not end";
      res.body() = reader.text();
    }
    return res;
  }

  // The streamed body of a GET, for tests that read a stream while it stays open.
  std::unique_ptr<StreamReader> open_stream(const std::string& target, const std::string& token,
                                            const std::map<std::string, std::string>& headers = {}) {
    Request req{http::verb::get, target, 11};
    req.set(http::field::authorization, "Bearer " + token);
    for (const auto& [k, v] : headers) req.set(k, v);
    std::promise<Response> p;
    router_.handle(req, *services_, [&](Response r) { p.set_value(std::move(r)); });
    Response res = p.get_future().get();
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    EXPECT_TRUE(res.stream) << target << " answered without a stream";
    if (!res.stream) return nullptr;
    return std::make_unique<StreamReader>(std::move(res.stream));
  }

  Response command(const std::string& type, const nlohmann::json& body, const std::string& token,
                   const std::map<std::string, std::string>& headers = {}) {
    return call(http::verb::post, "/v1/commands/" + type, token, body.dump(), headers);
  }

  static nlohmann::json json_of(const Response& r) { return nlohmann::json::parse(r.body(), nullptr, false); }
  static std::string problem_type(const Response& r) { return json_of(r).value("type", std::string()); }

  std::uint64_t ledger_size() {
    auto snap = ledger_->read();
    return snap ? snap->view().size().value_or(0) : 0;
  }

  dauvet::testing::TempDir dir_;
  std::shared_ptr<projections::Projector> projector_;
  std::shared_ptr<TokenStore> tokens_;
  std::shared_ptr<CommitSignal> commits_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<Services> services_;
  Router router_ = make_router();
};

}  // namespace dauvet::api::test
