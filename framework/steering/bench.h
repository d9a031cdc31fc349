#pragma once
/// `popsteer bench steer`: speed of the steering inner loop on random tensors of a given
/// size (default ML-1M: 6,040 users, 3,416 items, d = 64, N = 4,096, k = 48, K = 10),
/// against this machine's matrix-multiply rate measured in the same run. No dataset.
#include <cstdint>
#include <string>

namespace popsteer::steering {

struct SteerBenchOptions {
  int64_t users = 6040;
  int64_t items = 3416;      ///< real items (PAD row added)
  int64_t dim = 64;
  int64_t latents = 4096;    ///< N = s·d
  int64_t k_sae = 48;
  int32_t top_k = 10;
  int64_t configs = 810;     ///< the 405-config grid on valid + test
  int64_t block = 8;         ///< configs per rank() call
  int64_t chunk_rows = 256;
  uint64_t seed = 2020;
  int threads = 0;           ///< intra-op threads (at::set_num_threads); 0 = all hardware threads
};

struct SteerBenchResult {
  double peak_gflops = 0;     ///< sgemm 2048³ (the machine's matmul rate)
  double shape_gflops = 0;    ///< one sgemm of the scoring shape [block·U, d]x[d, I]
  double score_gflops = 0;    ///< achieved in the evaluator's scoring step (sgemm + top-K)
  double configs_per_s = 0;
  double total_s = 0;         ///< wall time for `configs` configs
  double encode_s = 0, score_s = 0, metrics_s = 0;
  double flops_per_config = 0;  ///< 2·U·d·I
  int threads = 0;
};

/// Runs the benchmark; `log` receives human-readable progress lines (may be empty).
SteerBenchResult run_steer_bench(const SteerBenchOptions& options);

/// The result as printed by the command (several lines).
std::string format_bench(const SteerBenchOptions& options, const SteerBenchResult& result);

}  // namespace popsteer::steering
