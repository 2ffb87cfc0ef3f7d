// The server over real sockets on 127.0.0.1: framing, limits, pipelining order, timeouts
// and graceful shutdown. Routes are test routes; the API's own routes have their tests.
#include "api/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <thread>

#include "api/services.hpp"
#include "core/ledger.hpp"
#include "support/temp_dir.hpp"

namespace dauvet::api {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { start(ServerOptions{}); }

  void start(ServerOptions options) {
    auto l = Ledger::open(dir_.str(), Ledger::Options{.create = true});
    ASSERT_TRUE(l);
    ledger_ = std::move(*l);
    services_ = std::make_unique<Services>(*ledger_);
    // /slow?ms=N answers from another thread after N ms, like a write waiting for its commit.
    router_.add(http::verb::get, "/slow", "slow", [](const Request& req, const Params&, Services&, Responder respond) {
      const int ms = std::stoi(query_param(req.target(), "ms").value_or("0"));
      std::thread([req, ms, respond = std::move(respond)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        respond(make_response(req, http::status::ok, "slow " + std::to_string(ms), "text/plain"));
      }).detach();
    });
    router_.add(http::verb::post, "/echo", "echo", [](const Request& req, const Params&, Services&, Responder respond) {
      respond(make_response(req, http::status::ok, req.body(), "text/plain"));
    });
    options.address = "127.0.0.1";
    options.port = 0;
    options.body_limit = 1024;
    options.header_limit = 1024;
    options.io_timeout = std::chrono::seconds(1);
    server_ = std::make_unique<Server>(options, router_, *services_);
    auto port = server_->start();
    ASSERT_TRUE(port);
    port_ = *port;
    thread_ = std::thread([this] { server_->run(); });
  }

  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  // Sends raw bytes, then reads until the server closes or `wait` passes.
  std::string exchange(const std::string& raw, std::chrono::milliseconds wait = std::chrono::milliseconds(3000)) {
    net::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    net::write(socket, net::buffer(raw));
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    socket.non_blocking(true);
    char buf[4096];
    while (std::chrono::steady_clock::now() < deadline) {
      boost::system::error_code ec;
      const std::size_t n = socket.read_some(net::buffer(buf), ec);
      if (ec == net::error::would_block) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      if (ec) break;  // closed by the server
      out.append(buf, n);
    }
    return out;
  }

  static int count(const std::string& s, const std::string& what) {
    int n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
    return n;
  }

  testing::TempDir dir_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<Services> services_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, PipelinedResponsesComeBackInRequestOrder) {
  const std::string out = exchange(
      "GET /slow?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /slow?ms=1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /slow?ms=100 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  // Completion order is 1, 100, 300; response order must be request order: 300, 1, 100.
  const auto a = out.find("slow 300");
  const auto b = out.find("slow 1\r\n") != std::string::npos ? out.find("slow 1\r\n") : out.find("slow 1", a + 8);
  const auto c = out.find("slow 100");
  ASSERT_NE(a, std::string::npos) << out;
  ASSERT_NE(c, std::string::npos) << out;
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(count(out, "HTTP/1.1 200 OK"), 3);
  EXPECT_EQ(count(out, "X-Ledger-Index: -1"), 3);
}

TEST_F(ServerTest, OversizedBodyGets413ProblemAndClose) {
  const std::string out = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
  EXPECT_NE(out.find("HTTP/1.1 413"), std::string::npos) << out;
  EXPECT_NE(out.find("application/problem+json"), std::string::npos);
  EXPECT_NE(out.find("urn:dauvet:problem:body_too_large"), std::string::npos);
}

TEST_F(ServerTest, OversizedHeadersGet431Problem) {
  const std::string out = exchange("GET /slow HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'h') + "\r\n\r\n");
  EXPECT_NE(out.find("HTTP/1.1 431"), std::string::npos) << out;
  EXPECT_NE(out.find("urn:dauvet:problem:headers_too_large"), std::string::npos);
}

TEST_F(ServerTest, MalformedRequestGets400ProblemAndClose) {
  std::string out = exchange("GARBAGE\r\n\r\n");
  EXPECT_NE(out.find("HTTP/1.1 400"), std::string::npos) << out;
  EXPECT_NE(out.find("urn:dauvet:problem:malformed_request"), std::string::npos);
  // Invalid chunked framing.
  out = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
  EXPECT_NE(out.find("HTTP/1.1 400"), std::string::npos) << out;
}

TEST_F(ServerTest, SlowClientIsDropped) {
  const auto start = std::chrono::steady_clock::now();
  const std::string out = exchange("GET /slow HTTP/1.1\r\nHost:", std::chrono::milliseconds(5000));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(out, "");
  EXPECT_LT(took, std::chrono::milliseconds(4000)) << "the server should close a stalled request after io_timeout";
}

TEST_F(ServerTest, StopFinishesInFlightRequests) {
  std::string out;
  std::thread client([&] { out = exchange("GET /slow?ms=500 HTTP/1.1\r\nHost: x\r\n\r\n"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  server_->stop();
  client.join();
  EXPECT_NE(out.find("slow 500"), std::string::npos) << out;
}

}  // namespace
}  // namespace dauvet::api
