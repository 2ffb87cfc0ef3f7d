// GET /metrics: Prometheus text that a scraper can read, and figures that agree with the
// ledger they describe.
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/api_fixture.hpp"

namespace dauvet::api::test {
namespace {

struct Sample {
  std::string name, labels;
  double value = 0;
};

// Every sample line as (name, labels, value); a line that is neither a comment nor a
// sample fails the test.
std::vector<Sample> parse(const std::string& text) {
  std::vector<Sample> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    const auto space = line.rfind(' ');
    EXPECT_NE(space, std::string::npos) << "not a sample: " << line;
    if (space == std::string::npos) continue;
    Sample s;
    std::string series = line.substr(0, space);
    s.value = std::stod(line.substr(space + 1));
    if (auto brace = series.find('{'); brace != std::string::npos) {
      EXPECT_EQ(series.back(), '}') << line;
      s.labels = series.substr(brace + 1, series.size() - brace - 2);
      series.resize(brace);
    }
    s.name = series;
    out.push_back(s);
  }
  return out;
}

double value_of(const std::vector<Sample>& samples, const std::string& name, const std::string& labels = "") {
  for (const auto& s : samples)
    if (s.name == name && s.labels == labels) return s.value;
  ADD_FAILURE() << "no sample " << name << "{" << labels << "}";
  return -1;
}

// The buckets of one histogram series in order; checks that they are cumulative and that
// +Inf is the count.
std::vector<double> buckets_of(const std::vector<Sample>& samples, const std::string& name,
                               const std::string& labels = "") {
  std::vector<double> out;
  const std::string prefix = labels.empty() ? "le=\"" : labels + ",le=\"";
  for (const auto& s : samples)
    if (s.name == name + "_bucket" && s.labels.starts_with(prefix)) out.push_back(s.value);
  EXPECT_EQ(out.size(), 13u) << name;
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LE(out[i - 1], out[i]) << name << " bucket " << i;
  if (!out.empty()) {
    EXPECT_EQ(out.back(), value_of(samples, name + "_count", labels)) << name;
  }
  return out;
}

class MetricsRoute : public ApiTest {};

TEST_F(MetricsRoute, WriterAndLedgerFiguresAgreeWithTheLedger) {
  const std::string admin = issue("quan-tri", "admin", "root");
  ASSERT_EQ(command("unit.create", {{"id", "root"}, {"name", "Tỉnh ủy"}, {"kind", "cap_uy"}}, admin).result_int(), 201);
  for (int i = 0; i < 4; ++i) {
    auto r = command("unit.create",
                     {{"id", "u" + std::to_string(i)}, {"name", "Đơn vị"}, {"kind", "ban_dang"}, {"parent", "root"}}, admin);
    ASSERT_EQ(r.result_int(), 201) << r.body();
  }
  auto res = call(http::verb::get, "/metrics", "");
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_TRUE(std::string(res[http::field::content_type]).starts_with("text/plain"));
  const auto samples = parse(res.body());

  EXPECT_EQ(value_of(samples, "dauvet_ledger_entries"), static_cast<double>(ledger_size()));
  const double batches = value_of(samples, "dauvet_writer_batches_total");
  EXPECT_GE(batches, 6.0) << "the token and five commands, each waited for";
  const auto waits = buckets_of(samples, "dauvet_writer_batch_duration_seconds");
  EXPECT_EQ(value_of(samples, "dauvet_writer_batch_duration_seconds_count"), batches);
  EXPECT_GT(value_of(samples, "dauvet_writer_batch_duration_seconds_sum"), 0.0);
  const auto sizes = buckets_of(samples, "dauvet_writer_batch_commands");
  EXPECT_EQ(value_of(samples, "dauvet_writer_batch_commands_count"), batches);
  EXPECT_EQ(value_of(samples, "dauvet_writer_batch_commands_sum"), value_of(samples, "dauvet_writer_commands_total"));
  ASSERT_FALSE(sizes.empty());
  EXPECT_EQ(sizes.front(), batches) << "one command at a time: every batch holds exactly one";
}

TEST_F(MetricsRoute, RequestLatencyLandsInItsBucketPerRoute) {
  services_->metrics.observe("state", 200, std::chrono::microseconds(3000));  // le=0.005
  services_->metrics.observe("state", 404, std::chrono::microseconds(400));   // le=0.0005
  services_->metrics.observe("healthz", 200, std::chrono::seconds(3));         // +Inf only
  const auto samples = parse(call(http::verb::get, "/metrics", "").body());
  const auto state = buckets_of(samples, "dauvet_http_request_duration_seconds", "route=\"state\"");
  ASSERT_EQ(state.size(), 13u);
  EXPECT_EQ(state[0], 1) << "le=0.0005";
  EXPECT_EQ(state[2], 1) << "le=0.0025";
  EXPECT_EQ(state[3], 2) << "le=0.005";
  EXPECT_NEAR(value_of(samples, "dauvet_http_request_duration_seconds_sum", "route=\"state\""), 0.0034, 1e-9);
  EXPECT_EQ(value_of(samples, "dauvet_http_requests_total", "route=\"state\",status=\"404\""), 1);
  const auto slow = buckets_of(samples, "dauvet_http_request_duration_seconds", "route=\"healthz\"");
  ASSERT_EQ(slow.size(), 13u);
  EXPECT_EQ(slow[11], 0) << "le=2.5";
  EXPECT_EQ(slow[12], 1) << "+Inf";
}

}  // namespace
}  // namespace dauvet::api::test
