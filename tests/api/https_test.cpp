// The server over TLS on 127.0.0.1: a throwaway self-signed certificate made here with
// OpenSSL, a Beast ssl_stream client that trusts only that certificate (and checks that it
// names 127.0.0.1), plain HTTP refused on the HTTPS port, and half a TLS configuration
// refused at start.
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

#include "api/server.hpp"
#include "core/identity.hpp"
#include "support/api_fixture.hpp"
#include "support/sse_client.hpp"

namespace dauvet::api {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<&EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<&X509_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<&X509_EXTENSION_free>>;
struct CloseFile {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, CloseFile>;

// Adds one v3 extension written in openssl.cnf syntax ("IP:127.0.0.1").
bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext != nullptr && X509_add_ext(cert, ext.get(), -1) == 1;
}

// A P-256 key and a self-signed certificate for 127.0.0.1, valid for an hour, as PEM files.
// Returns an empty string on success, else what failed.
std::string make_self_signed(const std::string& cert_path, const std::string& key_path) {
  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return "EVP_EC_gen";
  X509Ptr cert(X509_new());
  if (!cert) return "X509_new";
  if (X509_set_version(cert.get(), 2) != 1) return "X509_set_version";
  if (ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) != 1) return "serial";
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60) == nullptr) return "notBefore";
  if (X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600) == nullptr) return "notAfter";
  if (X509_set_pubkey(cert.get(), key.get()) != 1) return "X509_set_pubkey";
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0) != 1)
    return "CN";
  if (X509_set_issuer_name(cert.get(), name) != 1) return "issuer";
  if (!add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE")) return "basicConstraints";
  if (!add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign")) return "keyUsage";
  if (!add_extension(cert.get(), NID_subject_alt_name, "IP:127.0.0.1")) return "subjectAltName";
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return "X509_sign";

  FilePtr cf(std::fopen(cert_path.c_str(), "w"));
  if (!cf || PEM_write_X509(cf.get(), cert.get()) != 1) return "writing " + cert_path;
  FilePtr kf(std::fopen(key_path.c_str(), "w"));
  if (!kf || PEM_write_PrivateKey(kf.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return "writing " + key_path;
  return {};
}

class Https : public test::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    const std::string made = make_self_signed(cert_, key_);
    ASSERT_EQ(made, "") << "could not make the test certificate: " << made;
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  void serve(const std::string& cert, const std::string& key) {
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.tls_cert_file = cert;
    options.tls_key_file = key;
    options.io_timeout = std::chrono::seconds(10);
    server_ = std::make_unique<Server>(options, router_, *services_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().to_string();
    port_ = *port;
    thread_ = std::thread([this] { server_->run(); });
  }

  struct TlsConnection {
    net::io_context ioc;
    ssl::context ctx{ssl::context::tls_client};
    std::optional<beast::ssl_stream<beast::tcp_stream>> stream;
  };

  // Connects and handshakes, trusting only the test certificate and requiring it to name
  // 127.0.0.1.
  void connect_tls(TlsConnection& c) {
    c.ctx.load_verify_file(cert_);
    c.ctx.set_verify_mode(ssl::verify_peer);
    auto& stream = c.stream.emplace(c.ioc, c.ctx);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.native_handle()), "127.0.0.1");
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(stream).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    stream.handshake(ssl::stream_base::client);
  }

  // One GET over a fresh TLS connection.
  Response get_tls(const std::string& target) {
    TlsConnection c;
    connect_tls(c);
    auto& stream = *c.stream;
    Request req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    beast::flat_buffer buffer;
    Response res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.shutdown(ec);  // the server may close first; either way the answer is in
    return res;
  }

  dauvet::testing::TempDir pki_;
  const std::string cert_ = pki_.sub("cert.pem"), key_ = pki_.sub("key.pem");
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

TEST_F(Https, ServesHealthAndTheVerifierKeyOverTls) {
  auto vkey = create_identity(*ledger_, "dauvet.test/https");
  ASSERT_TRUE(vkey) << vkey.error().to_string();
  serve(cert_, key_);

  const Response health = get_tls("/healthz");
  EXPECT_EQ(health.result(), http::status::ok) << health.body();

  const Response key = get_tls("/v1/ledger/key");
  ASSERT_EQ(key.result(), http::status::ok) << key.body();
  EXPECT_EQ(key.body(), *vkey + "\n");
  EXPECT_EQ(key[http::field::content_type], "text/plain; charset=utf-8");
}

// The event stream's chunks go through TLS like any write, and the server's stop ends it
// with the final chunk (then the TLS close).
TEST_F(Https, TheEventStreamStaysOpenOverTls) {
  const std::string admin = issue("admin", "admin", "root"), reader = issue("o1", "oversight", "root");
  // The feed is whole-ledger: a reader of the root unit, once there is one.
  auto root = command("unit.create", {{"id", "root"}, {"name", "Tỉnh ủy"}, {"kind", "cap_uy"}}, admin);
  ASSERT_EQ(root.result_int(), 201) << root.body();
  serve(cert_, key_);
  TlsConnection c;
  connect_tls(c);
  using Client = dauvet::testing::SseClient<beast::ssl_stream<beast::tcp_stream>>;
  Client client(c.ioc, *c.stream);
  ASSERT_TRUE(client.open("/v1/events/stream", reader)) << client.error().message();
  EXPECT_EQ(client.head().result(), http::status::ok);
  const std::uint64_t size = ledger_size();
  ASSERT_TRUE(client.read_until(Client::has_ids(size))) << client.body();
  issue("o2", "oversight", "root");  // a commit while the stream is open
  ASSERT_TRUE(client.read_until(Client::has_ids(size + 1))) << client.body();
  EXPECT_EQ(client.ids().back(), size);
  server_->stop();
  EXPECT_TRUE(client.read_to_end(std::chrono::seconds(3))) << client.error().message();
}

TEST_F(Https, AClientThatDoesNotTrustTheCertificateIsRefused) {
  serve(cert_, key_);
  // The default store does not hold a certificate made a moment ago.
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_verify_mode(ssl::verify_peer);
  net::io_context ioc;
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  beast::error_code ec;
  stream.handshake(ssl::stream_base::client, ec);
  EXPECT_TRUE(ec) << "the handshake succeeded without trusting the certificate";
}

TEST_F(Https, PlainHttpOnTheHttpsPortGetsNoHttpAnswer) {
  serve(cert_, key_);
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(15));
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  Request req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "127.0.0.1");
  beast::error_code ec;
  http::write(stream, req, ec);
  // Writing may already fail if the server has closed; reading must not yield a response.
  beast::flat_buffer buffer;
  Response res;
  if (!ec) http::read(stream, buffer, res, ec);
  ASSERT_TRUE(ec) << "plain HTTP got an HTTP answer from the HTTPS port: " << res.result_int();
  EXPECT_NE(ec, beast::error::timeout) << "the server kept a plain-HTTP connection open instead of closing it";

  // The server still serves TLS afterwards.
  EXPECT_EQ(get_tls("/healthz").result(), http::status::ok);
}

TEST_F(Https, ACertificateWithoutAKeyIsRefusedAtStart) {
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.tls_cert_file = cert_;
  Server server(options, router_, *services_);
  auto port = server.start();
  ASSERT_FALSE(port) << "started on port " << *port << " with a certificate and no key";
  EXPECT_NE(port.error().to_string().find("key"), std::string::npos) << port.error().to_string();

  // And a key that is not a PEM key is refused too, not served with.
  const std::string junk = pki_.sub("junk.pem");
  FilePtr f(std::fopen(junk.c_str(), "w"));
  ASSERT_TRUE(f);
  std::fputs("not a key\n", f.get());
  f.reset();
  options.tls_key_file = junk;
  Server server2(options, router_, *services_);
  auto port2 = server2.start();
  ASSERT_FALSE(port2) << "started on port " << *port2 << " with an unreadable key";
  EXPECT_NE(port2.error().to_string().find("TLS"), std::string::npos) << port2.error().to_string();
}

}  // namespace
}  // namespace dauvet::api
