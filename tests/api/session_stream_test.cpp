// The event stream as one open chunked response over a real socket on 127.0.0.1: entries
// committed through POST /v1/commands arrive on it, a reconnect with Last-Event-ID
// continues exactly, an idle stream gets keep-alive comments and outlives the io timeout,
// a request pipelined behind it waits for its end, and stopping the server ends it with
// the final chunk.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <numeric>
#include <sstream>
#include <thread>

#include "api/server.hpp"
#include "support/api_fixture.hpp"
#include "support/sse_client.hpp"

namespace dauvet::api {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using Client = dauvet::testing::SseClient<beast::tcp_stream>;

class SessionStream : public test::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    admin_ = issue("admin", "admin", "root");
    reader_ = issue("o1", "oversight", "root");
    router_ = make_router(FeedOptions{.keepalive = 1s});
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_timeout = 2s;
    options.access_log = &log_;
    server_ = std::make_unique<Server>(options, router_, *services_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().to_string();
    port_ = *port;
    thread_ = std::thread([this] { server_->run(); });
    ASSERT_EQ(create_unit("root").result(), http::status::created);
  }
  void TearDown() override {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  // One command over its own connection, as another client would send it.
  Response create_unit(const std::string& id) {
    nlohmann::json body{{"id", id}, {"name", "Đơn vị " + id}, {"kind", id == "root" ? "cap_uy" : "ubnd"}};
    if (id != "root") body["parent"] = "root";
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(endpoint());
    Request req{http::verb::post, "/v1/commands/unit.create", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + admin_);
    req.set(http::field::content_type, "application/json");
    req.body() = body.dump();
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    return res;
  }
  tcp::endpoint endpoint() const { return {net::ip::make_address("127.0.0.1"), port_}; }

  std::string admin_, reader_;
  std::ostringstream log_;  // written only by the server's threads until they are joined
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

TEST_F(SessionStream, CommitsArriveOnTheOpenStreamAndAReconnectContinuesExactly) {
  net::io_context ioc;
  beast::tcp_stream socket(ioc);
  socket.connect(endpoint());
  Client client(ioc, socket);
  ASSERT_TRUE(client.open("/v1/events/stream", reader_)) << client.error().message();
  EXPECT_EQ(client.head().result(), http::status::ok);
  EXPECT_EQ(client.head()[http::field::content_type], "text/event-stream; charset=utf-8");
  EXPECT_EQ(client.head()[http::field::transfer_encoding], "chunked");
  EXPECT_EQ(client.head().count(http::field::content_length), 0u);
  EXPECT_EQ(client.head().count("X-Dauvet-Actor"), 0u);
  const std::uint64_t size = ledger_size();
  ASSERT_TRUE(client.read_until(Client::has_ids(size))) << client.body();

  for (int i = 1; i <= 3; ++i) {
    ASSERT_EQ(create_unit("u" + std::to_string(i)).result(), http::status::created);
    ASSERT_TRUE(client.read_until(Client::has_ids(size + i))) << "commit " << i << " not on the open stream";
  }
  std::vector<std::uint64_t> want(size + 3);
  std::iota(want.begin(), want.end(), 0);
  EXPECT_EQ(client.ids(), want);
  EXPECT_FALSE(client.done());

  // The client goes away; two more commits; it comes back with the last id it saw.
  socket.close();
  ASSERT_EQ(create_unit("u4").result(), http::status::created);
  ASSERT_EQ(create_unit("u5").result(), http::status::created);
  beast::tcp_stream again(ioc);
  again.connect(endpoint());
  Client resumed(ioc, again);
  ASSERT_TRUE(resumed.open("/v1/events/stream", reader_, {{"Last-Event-ID", std::to_string(want.back())}}));
  ASSERT_TRUE(resumed.read_until(Client::has_ids(2))) << resumed.body();
  ASSERT_EQ(create_unit("u6").result(), http::status::created);
  ASSERT_TRUE(resumed.read_until(Client::has_ids(3))) << resumed.body();
  EXPECT_EQ(resumed.ids(), (std::vector<std::uint64_t>{size + 3, size + 4, size + 5}));
}

TEST_F(SessionStream, AnIdleStreamGetsKeepAlivesAndOutlivesTheIoTimeout) {
  net::io_context ioc;
  beast::tcp_stream socket(ioc);
  socket.connect(endpoint());
  Client client(ioc, socket);
  ASSERT_TRUE(client.open("/v1/events/stream", reader_));
  const std::uint64_t size = ledger_size();
  ASSERT_TRUE(client.read_until(Client::has_ids(size)));
  const auto start = std::chrono::steady_clock::now();
  auto keepalives = [](std::size_t n) {
    return [n](const std::string& body) {
      std::size_t count = 0;
      for (auto p = body.find(": keep-alive\n\n"); p != std::string::npos; p = body.find(": keep-alive\n\n", p + 1)) ++count;
      return count >= n;
    };
  };
  ASSERT_TRUE(client.read_until(keepalives(1), 3s)) << client.body();
  EXPECT_GE(std::chrono::steady_clock::now() - start, 800ms) << "only once idle";
  ASSERT_TRUE(client.read_until(keepalives(3), 4s)) << client.body();
  EXPECT_GT(std::chrono::steady_clock::now() - start, 2s) << "idle for longer than io_timeout";
  ASSERT_EQ(create_unit("late").result(), http::status::created);
  ASSERT_TRUE(client.read_until(Client::has_ids(size + 1))) << client.body();
  EXPECT_EQ(client.ids().back(), size);
}

TEST_F(SessionStream, StoppingTheServerEndsTheStreamWithTheFinalChunk) {
  net::io_context ioc;
  beast::tcp_stream socket(ioc);
  socket.connect(endpoint());
  Client client(ioc, socket);
  ASSERT_TRUE(client.open("/v1/events/stream", reader_));
  ASSERT_TRUE(client.read_until(Client::has_ids(ledger_size())));
  const auto start = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_TRUE(client.read_to_end(3s)) << client.error().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 800ms) << "does not wait for the next keep-alive (1 s) or commit";
  thread_.join();
  // Logged once, when it ended, with every byte of it.
  const std::string log = log_.str();
  const auto at = log.find(R"("route":"events_stream")");
  ASSERT_NE(at, std::string::npos) << log;
  EXPECT_EQ(log.find(R"("route":"events_stream")", at + 1), std::string::npos) << log;
  const auto line = nlohmann::json::parse(log.substr(log.rfind('\n', at) + 1, log.find('\n', at) - log.rfind('\n', at) - 1));
  EXPECT_EQ(line["status"], 200);
  EXPECT_EQ(line["actor"], "o1");
  EXPECT_GT(line["bytes"].get<std::size_t>(), client.body().size());
}

// The stream occupies its connection: a request pipelined behind it is answered once the
// stream ends (here after ?wait=1 idle second), on the same connection.
TEST_F(SessionStream, ARequestPipelinedBehindAStreamIsAnsweredWhenItEnds) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(endpoint());
  const std::string raw = "GET /v1/events/stream?wait=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + reader_ +
                          "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  net::write(socket, net::buffer(raw));
  std::string out;
  boost::system::error_code ec;
  net::read(socket, net::dynamic_buffer(out), ec);  // until the server closes after /healthz
  EXPECT_EQ(ec, net::error::eof);
  const auto stream_end = out.find("\r\n0\r\n\r\n");
  const auto health = out.find("HTTP/1.1 200 OK", 1);
  ASSERT_NE(stream_end, std::string::npos) << out;
  ASSERT_NE(health, std::string::npos) << out;
  EXPECT_EQ(health, stream_end + 7) << out;
  EXPECT_NE(out.find("retry: 1000"), std::string::npos);
  EXPECT_NE(out.find(R"({"status":"ok"})", health), std::string::npos) << out;
}

}  // namespace
}  // namespace dauvet::api
