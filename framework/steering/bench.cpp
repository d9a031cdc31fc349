#include "steering/bench.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <torch/torch.h>

#include <chrono>
#include <thread>

#include "steering/evaluator.h"

namespace popsteer::steering {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Best-of-3 GFLOP/s of a [m, k] x [k, n] sgemm.
double sgemm_gflops(int64_t m, int64_t k, int64_t n, at::Generator& gen) {
  auto a = torch::randn({m, k}, gen);
  auto b = torch::randn({k, n}, gen);
  auto c = torch::empty({m, n});
  torch::mm_out(c, a, b);  // warm-up
  double best = 1e30;
  for (int rep = 0; rep < 3; ++rep) {
    auto t = Clock::now();
    torch::mm_out(c, a, b);
    best = std::min(best, since(t));
  }
  return 2.0 * static_cast<double>(m) * static_cast<double>(k) * static_cast<double>(n) / best / 1e9;
}

}  // namespace

SteerBenchResult run_steer_bench(const SteerBenchOptions& o) {
  SteerBenchResult r;
  // LibTorch defaults to the physical core count; a sweep rank owns all its hardware threads.
  at::set_num_threads(o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  r.threads = at::get_num_threads();
  auto gen = at::make_generator<at::CPUGeneratorImpl>(o.seed);
  r.peak_gflops = sgemm_gflops(2048, 2048, 2048, gen);
  r.shape_gflops = sgemm_gflops(o.block * o.users, o.dim, o.items + 1, gen);

  SteeringInputs in;
  in.z = torch::randn({o.users, o.latents}, gen);
  in.w_dec = torch::randn({o.latents, o.dim}, gen) / std::sqrt(static_cast<double>(o.dim));
  in.b_pre = torch::zeros({o.dim});
  in.items = torch::randn({o.items + 1, o.dim}, gen);
  in.k_sae = o.k_sae;
  SteeringEvaluator ev(in, {.top_k = o.top_k, .chunk_rows = o.chunk_rows});

  std::vector<int32_t> targets(static_cast<size_t>(o.users));
  for (int64_t u = 0; u < o.users; ++u) targets[u] = static_cast<int32_t>(1 + (u * 7919) % o.items);
  std::vector<int8_t> group(static_cast<size_t>(o.items + 1), 0);
  std::vector<int64_t> counts(static_cast<size_t>(o.items + 1), 1);
  for (int64_t i = 1; i <= o.items; ++i) group[i] = i <= o.items / 10 ? 1 : (i > o.items - o.items / 10 ? -1 : 0);
  const auto relevant = metrics::Relevance::single(targets);
  metrics::ItemInfo info{static_cast<int32_t>(o.items), group, counts};

  // Every config shifts every neuron (β = 0 is the most expensive case: nothing skipped).
  auto shifts = torch::randn({o.block, o.latents}, gen) * 0.5;
  std::vector<SteerRequest> block(static_cast<size_t>(o.block));
  for (int64_t c = 0; c < o.block; ++c) {
    auto s = shifts[c].contiguous();
    block[c].shift.assign(s.data_ptr<float>(), s.data_ptr<float>() + o.latents);
  }
  const auto start = Clock::now();
  int64_t done = 0;
  while (done < o.configs) {
    const int64_t n = std::min(o.block, o.configs - done);
    std::span<const SteerRequest> part(block.data(), static_cast<size_t>(n));
    const auto lists = ev.rank(part);
    r.encode_s += ev.last_timing().encode_s;
    r.score_s += ev.last_timing().score_s;
    auto tm = Clock::now();
    at::parallel_for(0, n, 1, [&](int64_t b, int64_t e) {
      for (int64_t c = b; c < e; ++c) (void)metrics::evaluate(lists[c], relevant, info);
    });
    r.metrics_s += since(tm);
    done += n;
  }
  r.total_s = since(start);
  r.configs_per_s = static_cast<double>(o.configs) / r.total_s;
  r.flops_per_config = 2.0 * static_cast<double>(o.users) * static_cast<double>(o.dim) *
                       static_cast<double>(o.items + 1);
  r.score_gflops = r.flops_per_config * static_cast<double>(o.configs) / r.score_s / 1e9;
  return r;
}

std::string format_bench(const SteerBenchOptions& o, const SteerBenchResult& r) {
  std::string s;
  s += fmt::format("steer bench: U={} I={} d={} N={} k_sae={} K={} configs={} block={} threads={}\n",
                   o.users, o.items, o.dim, o.latents, o.k_sae, o.top_k, o.configs, o.block, r.threads);
  s += fmt::format("machine sgemm 2048^3:              {:8.1f} GFLOP/s\n", r.peak_gflops);
  s += fmt::format("sgemm of the scoring shape:        {:8.1f} GFLOP/s  ([{}x{}]x[{}x{}])\n", r.shape_gflops,
                   o.block * o.users, o.dim, o.dim, o.items + 1);
  s += fmt::format("scoring (sgemm + top-{}) achieved: {:8.1f} GFLOP/s  = {:.0f}% of machine sgemm\n", o.top_k,
                   r.score_gflops, 100.0 * r.score_gflops / r.peak_gflops);
  s += fmt::format("per config: {:.2f} GFLOP scoring; time split encode {:.1f} ms, score {:.1f} ms, metrics {:.1f} ms\n",
                   r.flops_per_config / 1e9, 1e3 * r.encode_s / o.configs, 1e3 * r.score_s / o.configs,
                   1e3 * r.metrics_s / o.configs);
  s += fmt::format("{} configs in {:.1f} s = {:.1f} configs/s\n", o.configs, r.total_s, r.configs_per_s);
  return s;
}

}  // namespace popsteer::steering
