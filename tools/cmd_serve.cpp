// serve: the HTTP API over a ledger directory, until SIGINT or SIGTERM.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <iostream>
#include <thread>

#include "api/routes.hpp"
#include "api/server.hpp"
#include "api/services.hpp"
#include "core/ledger.hpp"
#include "tools/writer.hpp"
#include "tools/cli.hpp"

namespace dauvet::tools {

int cmd_serve(const Args& args) {
  const Usage usage{"serve", "DIR [--listen 127.0.0.1:8080] [--tls-cert F --tls-key F]",
                    "Serves the HTTP API over the ledger in DIR. On SIGINT or SIGTERM it stops\n"
                    "accepting, finishes in-flight requests (their writes are committed first)\n"
                    "and exits 0. Access log: one JSON line per request on stdout."};
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "ledger directory")(
      "listen", po::value<std::string>()->default_value("127.0.0.1:8080"), "address:port (port 0: any free port)")(
      "threads", po::value<unsigned>()->default_value(2), "I/O threads")(
      "tls-cert", po::value<std::string>()->default_value(""), "PEM certificate chain: serve HTTPS")(
      "tls-key", po::value<std::string>()->default_value(""), "PEM private key for --tls-cert")(
      "body-limit", po::value<std::size_t>()->default_value(1 << 20), "largest request body, bytes")(
      "checkpoint-every", po::value<std::uint64_t>()->default_value(1000), "sign a checkpoint every N entries")(
      "checkpoint-seconds", po::value<unsigned>()->default_value(10), "... or every T seconds while the ledger grows")(
      "quiet", po::bool_switch(), "no access log");
  po::positional_options_description pos;
  pos.add("dir", 1);
  int code = 0;
  auto vm = parse_args(args, usage, options, pos, &code);
  if (!vm) return code;
  const std::string listen = (*vm)["listen"].as<std::string>();
  const auto colon = listen.rfind(':');
  unsigned long port = 0;
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no port");
    port = std::stoul(listen.substr(colon + 1));
    if (port > 65535) throw std::out_of_range("port");
  } catch (const std::exception&) {
    std::cerr << "dauvet serve: --listen must be ADDRESS:PORT, not '" << listen << "'\n";
    return 2;
  }

  auto w = open_writer((*vm)["dir"].as<std::string>(),
                       Checkpointer::Options{.every_entries = std::max<std::uint64_t>(1, (*vm)["checkpoint-every"].as<std::uint64_t>()),
                                             .every = std::chrono::seconds((*vm)["checkpoint-seconds"].as<unsigned>())},
                       {}, stderr_progress());
  if (!w) {
    std::cerr << "dauvet serve: " << w.error().to_string() << '\n';
    return 1;
  }
  api::Services services(*w->ledger);
  services.projector = w->projector;
  services.auth = w->tokens;
  services.commits = w->commits;
  const api::Router router = api::make_router();
  api::ServerOptions so;
  so.address = listen.substr(0, colon);
  so.port = static_cast<std::uint16_t>(port);
  so.threads = (*vm)["threads"].as<unsigned>();
  so.tls_cert_file = (*vm)["tls-cert"].as<std::string>();
  so.tls_key_file = (*vm)["tls-key"].as<std::string>();
  so.body_limit = (*vm)["body-limit"].as<std::size_t>();
  so.access_log = (*vm)["quiet"].as<bool>() ? nullptr : &std::cout;
  api::Server server(so, router, services);
  auto bound = server.start();
  if (!bound) {
    std::cerr << "dauvet serve: " << bound.error().to_string() << '\n';
    return 1;
  }
  services.ready = true;
  std::cerr << "dauvet: serving " << (*vm)["dir"].as<std::string>() << " on " << (so.tls_cert_file.empty() ? "http" : "https")
            << "://" << so.address << ':' << *bound << std::endl;

  // Signals on their own small io_context, so stopping never waits behind request work.
  boost::asio::io_context signals_ioc;
  boost::asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (!ec) std::cerr << "dauvet: signal " << sig << ", finishing in-flight requests" << std::endl;
    w->commits->close();  // answers held event-stream clients now rather than after their wait
    server.stop();
  });
  std::thread signal_thread([&] { signals_ioc.run(); });
  server.run();
  signals_ioc.stop();
  signal_thread.join();
  w->checkpointer->stop();
  w->ledger->stop();  // commits whatever the writer still holds before the process exits
  std::cerr << "dauvet: stopped" << std::endl;
  return 0;
}

}  // namespace dauvet::tools
