// Prometheus text-format metrics: request counts and latency histograms by route, and the
// ledger's own figures (size, writer batches, commit latency) read at scrape time.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace dauvet {
class Ledger;
}

namespace dauvet::api {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void observe(const std::string& route, unsigned status, std::chrono::nanoseconds latency);
  std::string render(const Ledger& ledger) const;

 private:
  struct Series {
    std::map<unsigned, std::uint64_t> by_status;
    std::array<std::uint64_t, kBuckets.size() + 1> buckets{};  // last: +Inf
    double sum_seconds = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, Series> routes_;
};

}  // namespace dauvet::api
