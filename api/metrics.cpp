#include "api/metrics.hpp"

#include <sstream>

#include "core/ledger.hpp"

namespace dauvet::api {
namespace {

// One Prometheus histogram series: cumulative buckets, then _sum and _count. count_at(b)
// is bucket b's own count; the last bucket is +Inf. Each bucket is read once and _count is
// the +Inf total, so a scrape while the writer observes a batch is still self-consistent.
template <class CountAt>
void write_histogram(std::ostream& out, const std::string& name, const std::string& labels,
                     const std::array<double, 12>& bounds, CountAt count_at, double sum) {
  const std::string sep = labels.empty() ? "" : ",";
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b <= bounds.size(); ++b) {
    cumulative += count_at(b);
    out << name << "_bucket{" << labels << sep << "le=\"";
    if (b < bounds.size()) out << bounds[b]; else out << "+Inf";
    out << "\"} " << cumulative << '\n';
  }
  out << name << "_sum" << braces << ' ' << sum << '\n' << name << "_count" << braces << ' ' << cumulative << '\n';
}

}  // namespace

void Metrics::observe(const std::string& route, unsigned status, std::chrono::nanoseconds latency) {
  const double s = std::chrono::duration<double>(latency).count();
  std::lock_guard lock(mu_);
  Series& series = routes_[route];
  ++series.by_status[status];
  std::size_t b = 0;
  while (b < kBuckets.size() && s > kBuckets[b]) ++b;
  ++series.buckets[b];
  series.sum_seconds += s;
}

std::string Metrics::render(const Ledger& ledger) const {
  std::ostringstream out;
  out << "# HELP dauvet_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE dauvet_http_requests_total counter\n";
  std::lock_guard lock(mu_);
  for (const auto& [route, series] : routes_) {
    for (const auto& [status, n] : series.by_status)
      out << "dauvet_http_requests_total{route=\"" << route << "\",status=\"" << status << "\"} " << n << '\n';
  }
  out << "# HELP dauvet_http_request_duration_seconds Request latency by route.\n"
      << "# TYPE dauvet_http_request_duration_seconds histogram\n";
  for (const auto& [route, series_of_route] : routes_) {
    const Series& series = series_of_route;  // clang will not capture a structured binding
    write_histogram(out, "dauvet_http_request_duration_seconds", "route=\"" + route + "\"", kBuckets,
                    [&](std::size_t b) { return series.buckets[b]; }, series.sum_seconds);
  }
  const WriterStats& w = ledger.stats();
  const std::uint64_t batches = w.batches.load();
  std::uint64_t size = 0;
  if (auto snap = ledger.read()) size = snap->view().size().value_or(0);
  out << "# HELP dauvet_ledger_entries Entries in the ledger.\n# TYPE dauvet_ledger_entries gauge\n"
      << "dauvet_ledger_entries " << size << '\n'
      << "# HELP dauvet_writer_batches_total Commits made by the writer.\n# TYPE dauvet_writer_batches_total counter\n"
      << "dauvet_writer_batches_total " << batches << '\n'
      << "# HELP dauvet_writer_commands_total Commands the writer completed.\n"
      << "# TYPE dauvet_writer_commands_total counter\n"
      << "dauvet_writer_commands_total " << w.commands.load() << '\n'
      << "# HELP dauvet_writer_entries_total Entries appended.\n# TYPE dauvet_writer_entries_total counter\n"
      << "dauvet_writer_entries_total " << w.entries.load() << '\n'
      << "# HELP dauvet_writer_batch_seconds_total Time spent deciding, writing and committing batches.\n"
      << "# TYPE dauvet_writer_batch_seconds_total counter\n"
      << "dauvet_writer_batch_seconds_total " << static_cast<double>(w.commit_ns_total.load()) / 1e9 << '\n'
      << "# HELP dauvet_writer_map_grows_total Times the LMDB map was grown.\n"
      << "# TYPE dauvet_writer_map_grows_total counter\n"
      << "dauvet_writer_map_grows_total " << w.map_grows.load() << '\n';
  const auto seconds = [&](std::size_t b) { return w.batch_seconds[b].load(); };
  const auto sizes = [&](std::size_t b) { return w.batch_commands[b].load(); };
  out << "# HELP dauvet_writer_batch_duration_seconds How long each committed batch kept its commands waiting, "
         "from its first attempt to its commit (map growth included).\n"
      << "# TYPE dauvet_writer_batch_duration_seconds histogram\n";
  write_histogram(out, "dauvet_writer_batch_duration_seconds", "", WriterStats::kSecondsBounds, seconds,
                  static_cast<double>(w.batch_wait_ns_total.load()) / 1e9);
  out << "# HELP dauvet_writer_batch_commands Commands per committed batch (group commit at work).\n"
      << "# TYPE dauvet_writer_batch_commands histogram\n";
  write_histogram(out, "dauvet_writer_batch_commands", "", WriterStats::kSizeBounds, sizes,
                  static_cast<double>(w.commands.load()));
  return out.str();
}

}  // namespace dauvet::api
