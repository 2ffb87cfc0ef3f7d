// kill -9 of the real `dauvet serve` under mixed HTTP load, 20 times: every write the
// server acknowledged with 201 is in the ledger afterwards, the ledger verifies, the
// projections need no rebuild and equal one byte for byte, and the server restarts on the
// ledger its predecessor left each time.
//
// Two writer threads create tasks (each a new item, so every one must commit) and a reader
// thread reads back acknowledged tasks and the unit's dashboard, over keep-alive
// connections on 127.0.0.1. Transport errors are expected around each kill; an HTTP error
// status never is.
#include <gtest/gtest.h>


#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "projections/projector.hpp"
#include "support/projection_tables.hpp"
#include "support/serve_process.hpp"
#include "support/temp_dir.hpp"
#include "tools/run.hpp"

namespace dauvet::api {
namespace {

namespace http = boost::beast::http;
using dauvet::testing::HttpClient;
using dauvet::testing::ServeProcess;

constexpr int kRounds = 20;
const std::string kSymbol = "7-KH/KILL";

struct Acked {
  std::string item;
  std::uint64_t index;
};

std::string write_setup(const dauvet::testing::TempDir& tmp) {
  const std::string path = tmp.sub("setup.ndjson");
  std::ofstream(path)
      << R"({"type":"unit.create","body":{"id":"kill-unit","name":"Đơn vị","kind":"khac","parent":"root"}})" "\n"
      << R"({"type":"unit.create","body":{"id":"kill-lead","name":"Đơn vị chủ trì","kind":"khac","parent":"kill-unit"}})" "\n"
      << R"({"type":"actor.register","body":{"id":"kill-issuer","unit":"kill-unit","role":"issuer","name":"Chuyên viên"}})" "\n"
      << R"({"type":"directive.issue","body":{"issuer":"kill-unit","symbol":")" << kSymbol
      << R"(","kind":"ke_hoach","date":"2025-01-02","signer":"Trưởng ban","title":"Kế hoạch"},"as":"kill-issuer"})" "\n";
  return path;
}

TEST(ServeCrash, KilledUnderLoadTwentyTimesItLosesNoAcknowledgedWrite) {
  dauvet::testing::TempDir tmp;
  const std::string dir = tmp.sub("ledger");
  ASSERT_EQ(dauvet::testing::dauvet("init " + dir + " --origin crash.example/ledger").code, 0);
  auto r = dauvet::testing::dauvet("exec " + dir + " " + write_setup(tmp), true);
  ASSERT_EQ(r.code, 0) << r.out;
  r = dauvet::testing::dauvet("token create " + dir + " --actor kill-issuer --role issuer --unit kill-unit");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string bearer = "Bearer " + dauvet::testing::first_line(r.out);

  std::mt19937 rng(20261123);
  std::vector<Acked> acked;
  std::mutex mu;
  std::vector<std::string> http_errors;
  for (int round = 0; round < kRounds; ++round) {
    ServeProcess server(dir, tmp.sub("serve-" + std::to_string(round) + ".err"));
    ASSERT_TRUE(server.error().empty()) << "round " << round << ": " << server.error();
    std::atomic<bool> stop{false};
    auto note_error = [&](const std::string& what, const http::response<http::string_body>& res) {
      std::lock_guard lock(mu);
      http_errors.push_back(what + " answered " + std::to_string(res.result_int()) + ": " + res.body());
    };
    auto writer = [&](int w) {
      HttpClient client(server.port());
      for (int n = 0; !stop; ++n) {
        const std::string item = std::to_string(round) + "." + std::to_string(w) + "." + std::to_string(n);
        http::request<http::string_body> req{http::verb::post, "/v1/commands/task.create", 11};
        req.set(http::field::authorization, bearer);
        req.set(http::field::content_type, "application/json");
        req.body() = R"({"issuer":"kill-unit","symbol":")" + kSymbol + R"(","item":")" + item +
                     R"(","content":"Nhiệm vụ","lead":"kill-lead"})";
        auto res = client.send(std::move(req));
        if (!res) continue;  // the server is gone or not yet back: the write was not acknowledged
        if (res->result() != http::status::created) {
          note_error("task.create " + item, *res);
          continue;
        }
        std::lock_guard lock(mu);
        const auto body = nlohmann::json::parse(res->body(), nullptr, false);
        if (body.is_discarded() || !body.contains("entries") || body["entries"].empty()) {
          note_error("task.create " + item + " (no entries in the answer)", *res);
          continue;
        }
        acked.push_back({item, body["entries"][0]["index"].get<std::uint64_t>()});
      }
    };
    auto reader = [&] {
      HttpClient client(server.port());
      std::mt19937 pick(static_cast<unsigned>(round));
      while (!stop) {
        std::string target = "/v1/units/kill-unit/dashboard";
        {
          std::lock_guard lock(mu);
          if (!acked.empty() && pick() % 2 == 0)
            target = "/v1/state?stream=task%2Fkill-unit%2F7-KH%2FKILL%2F" + acked[pick() % acked.size()].item;
        }
        http::request<http::string_body> req{http::verb::get, target, 11};
        req.set(http::field::authorization, bearer);
        auto res = client.send(std::move(req));
        if (res && res->result() != http::status::ok) note_error("GET " + target, *res);
      }
    };
    std::vector<std::thread> clients;
    clients.emplace_back(writer, 0);
    clients.emplace_back(writer, 1);
    clients.emplace_back(reader);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 500)(rng)));
    server.kill();
    stop = true;
    for (auto& t : clients) t.join();
  }
  EXPECT_TRUE(http_errors.empty()) << http_errors.size() << " HTTP errors, the first: " << http_errors.front();
  ASSERT_GT(acked.size(), 100u) << "the writers should have been acknowledged before the kills";

  r = dauvet::testing::dauvet("verify " + dir, true);
  ASSERT_EQ(r.code, 0) << r.out;

  auto projector = std::make_shared<projections::Projector>();
  auto ledger = Ledger::open(dir, Ledger::Options{.hooks = {projector}});
  ASSERT_TRUE(ledger) << ledger.error().to_string();
  EXPECT_FALSE(projector->needs_rebuild()) << "projections and entries diverged";
  {
    auto snap = (*ledger)->read();
    ASSERT_TRUE(snap);
    for (const auto& a : acked) {
      auto e = snap->view().entry(a.index);
      ASSERT_TRUE(e) << "acknowledged entry " << a.index << " (" << a.item << ") is gone: " << e.error().to_string();
      EXPECT_EQ(e->stream, "task/kill-unit/" + kSymbol + "/" + a.item);
      EXPECT_EQ(e->type, "task.created");
    }
  }
  const auto served = dauvet::testing::dump_tables(**ledger, *projector);
  ASSERT_TRUE(projector->rebuild(**ledger));
  EXPECT_EQ(dauvet::testing::dump_tables(**ledger, *projector), served)
      << "the tables the crashed servers left differ from a rebuild";
}

}  // namespace
}  // namespace dauvet::api
