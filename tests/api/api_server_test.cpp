// The whole API over a real socket on 127.0.0.1 with Beast's client: a token issued as
// `dauvet token create` does, a command written with it, the access log naming its actor.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sstream>
#include <thread>

#include "api/server.hpp"
#include "support/api_fixture.hpp"

namespace dauvet::api {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

class ApiServer : public test::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.access_log = &log_;
    server_ = std::make_unique<Server>(options, router_, *services_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().to_string();
    port_ = *port;
    thread_ = std::thread([this] { server_->run(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  Response send(http::verb verb, const std::string& target, const std::string& token, const std::string& body = {},
                const std::map<std::string, std::string>& headers = {}) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    Request req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return res;
  }

  std::ostringstream log_;  // written only by the server thread until TearDown
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

TEST_F(ApiServer, CommandWithATokenOverTheNetwork) {
  const std::string admin = issue("admin", "admin", "root");
  auto r = send(http::verb::post, "/v1/commands/unit.create", admin,
                R"({"id":"root","name":"Tỉnh ủy","kind":"cap_uy"})", {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  EXPECT_EQ(r[http::field::etag], "\"1\"");
  EXPECT_EQ(r.find("X-Dauvet-Actor"), r.end()) << "internal header must not leave the server";
  EXPECT_FALSE(r["X-Ledger-Index"].empty());

  auto denied = send(http::verb::post, "/v1/commands/unit.create", "",
                     R"({"id":"x","name":"X","kind":"ubnd","parent":"root"})");
  EXPECT_EQ(denied.result(), http::status::unauthorized);
  EXPECT_EQ(denied[http::field::content_type], "application/problem+json");

  // Revoked through the API, refused on the next connection.
  const std::string clerk = issue("c1", "clerk", "root");
  EXPECT_EQ(send(http::verb::get, "/v1/events", clerk).result(), http::status::ok);
  auto del = send(http::verb::delete_, "/v1/tokens/" + token_sha256_hex(clerk), admin);
  ASSERT_EQ(del.result(), http::status::ok) << del.body();
  EXPECT_EQ(send(http::verb::get, "/v1/events", clerk).result(), http::status::unauthorized);

  auto doc = send(http::verb::get, "/v1/openapi.json", "");
  EXPECT_EQ(doc.result(), http::status::ok);

  server_->stop();
  thread_.join();
  thread_ = std::thread([] {});
  const std::string log = log_.str();
  EXPECT_NE(log.find(R"("actor":"admin")"), std::string::npos) << log;
  EXPECT_NE(log.find(R"("route":"command")"), std::string::npos) << log;
}

}  // namespace
}  // namespace dauvet::api
