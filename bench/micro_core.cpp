// Per-entry costs on the writer's path and the verifier's, one primitive at a time.
#include <benchmark/benchmark.h>

#include "core/canonical_json.hpp"
#include "core/entry.hpp"

namespace {

using namespace dauvet;

Entry sample_entry() {
  Entry e;
  e.index = 123'456;
  e.stream = "task/26-CTr/TU/II.7";
  e.version = 4;
  e.type = "task.progress_reported";
  e.actor = {"nguyen.van.a", "ban-to-chuc-tinh-uy", "clerk"};
  e.recorded_at = "2024-06-30T09:15:02.031Z";
  e.payload_sha256 = crypto::sha256("{}");
  e.prev = crypto::leaf_hash("x");
  return e;
}

const std::string kPayload = R"({"content":"Tham mưu Đề án Nâng cao chất lượng phát triển đảng viên ở Đảng bộ tỉnh",)"
                             R"("lead":"Ban Tổ chức Tỉnh ủy","time_frame":"Quý III/2023","note":")" +
                             std::string(220, 'x') + R"("})";

void BM_EntryEncode(benchmark::State& state) {
  const Entry e = sample_entry();
  for (auto _ : state) benchmark::DoNotOptimize(entry::encode(e));
}
BENCHMARK(BM_EntryEncode);

void BM_EntryDecode(benchmark::State& state) {
  const std::string bytes = entry::encode(sample_entry());
  for (auto _ : state) benchmark::DoNotOptimize(entry::decode(bytes));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_EntryDecode);

void BM_LeafHash(benchmark::State& state) {
  const std::string bytes = entry::encode(sample_entry());
  for (auto _ : state) benchmark::DoNotOptimize(crypto::leaf_hash(bytes));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_LeafHash);

void BM_PayloadSha256(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(crypto::sha256(kPayload));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPayload.size()));
}
BENCHMARK(BM_PayloadSha256);

void BM_Canonicalize(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(canonical::canonicalize(kPayload));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kPayload.size()));
}
BENCHMARK(BM_Canonicalize);

// A stored payload read back, as the rebuild and the readers do: nlohmann's general parser
// against the reader that accepts exactly canonical text (canonical_read.cpp).
const std::string kStoredPayload = *canonical::canonicalize(kPayload);

void BM_ParseStoredNlohmann(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(kStoredPayload));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kStoredPayload.size()));
}
BENCHMARK(BM_ParseStoredNlohmann);

void BM_ReadCanonical(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(canonical::read_canonical(kStoredPayload));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kStoredPayload.size()));
}
BENCHMARK(BM_ReadCanonical);

}  // namespace

BENCHMARK_MAIN();
