// `dauvet serve` as a child process on 127.0.0.1, and a blocking HTTP/1.1 client with
// deadlines, for tests that need the real binary: crashes, full disks.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

namespace dauvet::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

// The server as a child process; its stderr goes to a file, where it names its port.
class ServeProcess {
 public:
  ServeProcess(const std::string& dir, const std::string& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen(log.c_str(), "w", stderr);
      std::freopen("/dev/null", "w", stdout);
      ::execl(DAUVET_BINARY, DAUVET_BINARY, "serve", dir.c_str(), "--listen", "127.0.0.1:0", nullptr);
      ::_exit(127);
    }
    const std::regex serving(R"(serving .* on http://127\.0\.0\.1:([0-9]+))");
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      if (std::smatch m; std::regex_search(s, m, serving)) port_ = static_cast<unsigned short>(std::stoi(m[1]));
      else if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        error_ = "dauvet serve exited: " + s;
        return;
      } else std::this_thread::sleep_for(50ms);
    }
    if (port_ == 0) error_ = "dauvet serve did not name its port";
  }
  ~ServeProcess() { kill(); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;
  // SIGTERM and wait: returns the exit status (-1 if it did not exit normally).
  int stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  unsigned short port() const { return port_; }
  const std::string& error() const { return error_; }

 private:
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::string error_;
};

// One keep-alive connection; nullopt when the transport failed (and it reconnects next time).
class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : endpoint_(net::ip::make_address("127.0.0.1"), port) {}
  std::optional<http::response<http::string_body>> send(http::request<http::string_body> req) {
    beast::error_code ec;
    if (!connected_) {
      stream_.expires_after(2s);
      stream_.connect(endpoint_, ec);
      if (ec) return fail();
      connected_ = true;
    }
    req.version(11);
    req.set(http::field::host, "127.0.0.1");
    req.prepare_payload();
    stream_.expires_after(5s);
    http::write(stream_, req, ec);
    if (ec) return fail();
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream_, buffer, res, ec);
    if (ec) return fail();
    return res;
  }

 private:
  std::nullopt_t fail() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
    connected_ = false;
    return std::nullopt;
  }
  net::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  tcp::endpoint endpoint_;
  bool connected_ = false;
};

}  // namespace dauvet::testing
