#include "api/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>

#include "api/session.hpp"

namespace dauvet::api {

using tcp = net::ip::tcp;

namespace {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, std::shared_ptr<Server::Shared> shared, net::ssl::context* tls)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), shared_(std::move(shared)), tls_(tls) {}

  Result<std::uint16_t> bind(const std::string& address, std::uint16_t port) {
    beast::error_code ec;
    const auto addr = net::ip::make_address(address, ec);
    if (ec) return fail(Errc::invalid_argument, "cannot listen on '" + address + "': " + ec.message(), "listen");
    const tcp::endpoint endpoint{addr, port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail(Errc::io, "cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message(), "listen");
    return acceptor_.local_endpoint().port();
  }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec && !shared_->stopping) {
      std::shared_ptr<SessionBase> session;
      if (tls_ != nullptr) {
        auto s = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(shared_, std::move(socket), *tls_);
        s->run();
        session = s;
      } else {
        auto s = std::make_shared<Session<beast::tcp_stream>>(shared_, std::move(socket));
        s->run();
        session = s;
      }
      std::lock_guard lock(shared_->sessions_mu);
      std::erase_if(shared_->sessions, [](auto& w) { return w.expired(); });
      shared_->sessions.push_back(session);
    }
    accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<Server::Shared> shared_;
  net::ssl::context* tls_;
};

}  // namespace

Server::Server(ServerOptions options, const Router& router, Services& services)
    : options_(std::move(options)),
      ioc_(static_cast<int>(std::max(1u, options_.threads))),
      shared_(std::make_shared<Shared>(router, services, options_)) {}

Server::~Server() {
  stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

Result<std::uint16_t> Server::start() {
  if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
    if (options_.tls_cert_file.empty() || options_.tls_key_file.empty())
      return fail(Errc::invalid_argument, "HTTPS needs both --tls-cert and --tls-key", "tls");
    tls_.emplace(net::ssl::context::tls_server);
    tls_->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                      net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    tls_->use_certificate_chain_file(options_.tls_cert_file, ec);
    if (!ec) tls_->use_private_key_file(options_.tls_key_file, net::ssl::context::pem, ec);
    if (ec) return fail(Errc::invalid_argument, "cannot load the TLS certificate or key: " + ec.message(), "tls");
  }
  auto listener = std::make_shared<Listener>(ioc_, shared_, tls_ ? &*tls_ : nullptr);
  auto port = listener->bind(options_.address, options_.port);
  if (!port) return port;
  listener->accept();
  listener_ = listener;
  return port;
}

void Server::run() {
  auto guard = net::make_work_guard(ioc_);
  // The guard keeps the threads alive while requests wait on the writer; stop() releases
  // it once every session has closed (or after a grace period).
  auto release = std::make_shared<net::steady_timer>(ioc_);
  std::function<void()> poll = [this, release, &guard, &poll, deadline = std::chrono::steady_clock::time_point{}]() mutable {
    if (shared_->stopping) {
      if (deadline == std::chrono::steady_clock::time_point{})
        deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      if (shared_->live == 0 || std::chrono::steady_clock::now() > deadline) {
        guard.reset();
        if (shared_->live != 0) ioc_.stop();
        return;
      }
    }
    release->expires_after(std::chrono::milliseconds(50));
    release->async_wait([&poll](beast::error_code) { poll(); });
  };
  poll();
  for (unsigned i = 1; i < std::max(1u, options_.threads); ++i) threads_.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void Server::stop() {
  if (shared_->stopping.exchange(true)) return;
  if (listener_) std::static_pointer_cast<Listener>(listener_)->close();
  std::lock_guard lock(shared_->sessions_mu);
  for (auto& weak : shared_->sessions) {
    if (auto s = weak.lock()) s->shutdown();
  }
}

}  // namespace dauvet::api
