// The ledger's disk fills up under the real server: the ledger lives on a 16 MiB tmpfs
// that also holds a 4 MiB ballast file. Documents are stored until the disk is full; then
// every write gets a 507 problem document and writes nothing, reads keep working, and once
// the ballast is deleted writes resume. The ledger verifies at the end with every
// acknowledged write in it.
//
// Mounting needs CAP_SYS_ADMIN (CI runs as root); without it the test says so and skips.
#include <gtest/gtest.h>

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "support/serve_process.hpp"
#include "support/temp_dir.hpp"
#include "tools/run.hpp"

namespace dauvet::api {
namespace {

using dauvet::testing::HttpClient;
using dauvet::testing::ServeProcess;
namespace http = boost::beast::http;

constexpr std::size_t kDocument = 256 * 1024;

class SmallDisk {
 public:
  explicit SmallDisk(const std::string& path) : path_(path) {
    std::filesystem::create_directories(path);
    mounted_ = ::mount("tmpfs", path.c_str(), "tmpfs", 0, "size=16m") == 0;
    if (!mounted_) why_ = std::string("mount tmpfs: ") + std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }

 private:
  std::string path_, why_;
  bool mounted_ = false;
};

TEST(FullDisk, WritesGet507ReadsGoOnAndWritesResumeWhenSpaceIsFreed) {
  dauvet::testing::TempDir tmp;
  SmallDisk disk(tmp.sub("disk"));
  if (!disk.mounted()) GTEST_SKIP() << "cannot make a small filesystem here (" << disk.why() << ")";
  const std::string dir = tmp.sub("disk/ledger"), ballast = tmp.sub("disk/ballast");
  {
    std::ofstream out(ballast, std::ios::binary);
    out << std::string(4 << 20, 'b');
    ASSERT_TRUE(out.flush()) << "the ballast does not fit";
  }
  ASSERT_EQ(dauvet::testing::dauvet("init " + dir + " --origin disk.example/ledger").code, 0);
  const std::string setup = tmp.sub("setup.ndjson");
  std::ofstream(setup)
      << R"({"type":"unit.create","body":{"id":"u","name":"Đơn vị","kind":"khac","parent":"root"}})" "\n"
      << R"({"type":"actor.register","body":{"id":"u.issuer","unit":"u","role":"issuer","name":"Chuyên viên"}})" "\n"
      << R"({"type":"directive.issue","body":{"issuer":"u","symbol":"1-KH/DISK","kind":"ke_hoach","date":"2025-01-02",)"
         R"("signer":"Trưởng ban","title":"Kế hoạch"},"as":"u.issuer"})" "\n";
  auto r = dauvet::testing::dauvet("exec " + dir + " " + setup, true);
  ASSERT_EQ(r.code, 0) << r.out;
  r = dauvet::testing::dauvet("token create " + dir + " --actor u.issuer --role issuer --unit u");
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string bearer = "Bearer " + dauvet::testing::first_line(r.out);

  ServeProcess server(dir, tmp.sub("serve.err"));
  ASSERT_TRUE(server.error().empty()) << server.error();
  HttpClient client(server.port());
  auto send = [&](http::verb verb, const std::string& target, std::string body = {}) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::authorization, bearer);
    if (verb != http::verb::get) req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    auto res = client.send(std::move(req));
    EXPECT_TRUE(res) << "no answer to " << target;
    return res.value_or(http::response<http::string_body>{});
  };
  int tasks = 0;
  std::string content;
  while (content.size() < 2000) content += "Rà soát, bổ sung quy hoạch cán bộ; ";
  auto create_task = [&] {
    return send(http::verb::post, "/v1/commands/task.create",
                R"({"issuer":"u","symbol":"1-KH/DISK","item":")" + std::to_string(tasks) +
                    R"(","content":")" + content + R"(","lead":"u"})");
  };
  auto ledger_index = [&] { return std::string(send(http::verb::get, "/healthz")["X-Ledger-Index"]); };

  // Fill the disk with documents of random bytes until the server says it is full.
  std::mt19937_64 rng(7);
  std::vector<std::string> stored;
  std::optional<http::response<http::string_body>> refused;
  for (int i = 0; i < 200 && !refused; ++i) {
    std::string doc(kDocument, '\0');
    for (auto& c : doc) c = static_cast<char>(rng());
    http::request<http::string_body> req{http::verb::put, "/v1/blobs", 11};
    req.set(http::field::authorization, bearer);
    req.body() = doc;
    auto res = client.send(std::move(req));
    ASSERT_TRUE(res);
    if (res->result() == http::status::created) stored.push_back(nlohmann::json::parse(res->body())["sha256"]);
    else refused = std::move(*res);
  }
  ASSERT_TRUE(refused) << "200 documents of 256 KiB fitted on a 16 MiB disk";
  const auto& full = *refused;
  ASSERT_EQ(full.result(), http::status::insufficient_storage) << full.body();
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(full[http::field::content_type], "application/problem+json");
  const auto problem = nlohmann::json::parse(full.body());
  EXPECT_EQ(problem["type"], "urn:dauvet:problem:storage_full") << full.body();
  EXPECT_EQ(problem["status"], 507);

  // Small commands may still fit in the last pages; write tasks until one does not. From
  // then on every command is refused the same way and writes nothing; reads go on.
  std::optional<http::response<http::string_body>> first;
  for (int i = 0; i < 5000 && !first; ++i) {
    auto res = create_task();
    if (res.result() == http::status::created) ++tasks;
    else first = std::move(res);
  }
  ASSERT_TRUE(first) << tasks << " tasks fitted on a full disk";
  EXPECT_EQ(first->result(), http::status::insufficient_storage) << first->body();
  const std::string before = ledger_index();
  for (int i = 0; i < 3; ++i) {
    auto res = create_task();
    EXPECT_EQ(res.result(), http::status::insufficient_storage) << res.body();
    EXPECT_EQ(nlohmann::json::parse(res.body(), nullptr, false).value("type", ""), "urn:dauvet:problem:storage_full");
  }
  EXPECT_EQ(ledger_index(), before);
  EXPECT_EQ(send(http::verb::get, "/v1/blobs/" + stored.front()).body().size(), kDocument);
  EXPECT_EQ(send(http::verb::get, "/v1/state?stream=unit%2Fu").result(), http::status::ok);
  EXPECT_EQ(send(http::verb::get, "/v1/ledger/checkpoint").result(), http::status::ok);

  // Space freed: writes resume at once.
  std::filesystem::remove(ballast);
  for (int i = 0; i < 2; ++i) {
    auto res = create_task();
    ASSERT_EQ(res.result(), http::status::created) << res.body();
    ++tasks;
  }
  EXPECT_EQ(std::stoull(ledger_index()), std::stoull(before) + 2);

  EXPECT_EQ(server.stop(), 0) << "the server did not stop cleanly after a full disk";
  r = dauvet::testing::dauvet("verify " + dir, true);
  EXPECT_EQ(r.code, 0) << r.out;
  r = dauvet::testing::dauvet("log " + dir + " --from " + before);
  EXPECT_NE(r.out.find("task/u/1-KH/DISK/" + std::to_string(tasks - 1) + "\""), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dauvet::api
