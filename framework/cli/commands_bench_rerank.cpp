/// `popsteer bench rerank`: configs per second of every re-ranking baseline on a
/// synthetic input of ML-1M size (6,040 users x 3,416 items), and the wall time of the
/// thesis's 74-config baseline grid (ALGORITHMS.md §8), metrics included.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "cli/commands.h"
#include "core/seed.h"
#include "metrics/metrics.h"
#include "metrics/ranking.h"
#include "rerank/grid.h"
#include "rerank/registry.h"

namespace popsteer::cli {
namespace {

struct BenchArgs {
  int users = 6040;
  int items = 3416;
  int length = 1000;     // candidate prefix (DUOR's t goes up to 1000)
  int allocation = 250;  // per-provider candidates for P-MMF's M
  int k = 10;
  int threads = 2;
  uint64_t seed = 2020;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU seconds of the whole process (all threads): the wall clock on a shared machine
// says more about the neighbours than about this code.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Synthetic ML-1M-like input: Zipf training counts, scores = popularity + user taste +
// noise, labels as in §1.7 (head/tail 10% by count, Pareto 80% head).
struct Synthetic {
  int32_t n_items = 0;
  std::vector<int64_t> count;
  std::vector<int8_t> group;
  std::vector<uint8_t> pareto;
  std::vector<float> scores;  // [users x (items+1)]
  std::vector<std::vector<int32_t>> profiles;
  std::vector<int32_t> targets;
};

Synthetic synthesize(const BenchArgs& a) {
  Synthetic s;
  s.n_items = a.items;
  const size_t n = static_cast<size_t>(a.items) + 1;
  std::mt19937_64 rng(derive_seed(a.seed, "bench.rerank"));
  s.count.assign(n, 0);
  for (int32_t i = 1; i <= a.items; ++i)
    s.count[i] = static_cast<int64_t>(3000.0 / std::pow(static_cast<double>(1 + (i * 7919) % a.items), 0.9));
  std::vector<int32_t> order(static_cast<size_t>(a.items));
  std::iota(order.begin(), order.end(), 1);
  std::sort(order.begin(), order.end(), [&](int32_t x, int32_t y) {
    return s.count[x] > s.count[y] || (s.count[x] == s.count[y] && x < y);
  });
  s.group.assign(n, 0);
  s.pareto.assign(n, 0);
  const int32_t kk = std::max(1, static_cast<int32_t>(std::lround(0.1 * a.items)));
  for (int32_t j = 0; j < kk; ++j) s.group[order[j]] = 1;
  for (int32_t j = 0; j < kk; ++j) s.group[order[a.items - 1 - j]] = -1;
  const double total = std::accumulate(s.count.begin(), s.count.end(), 0.0);
  double cum = 0;
  for (int32_t i : order) {
    if (cum >= 0.8 * total) break;
    s.pareto[i] = 1;
    cum += static_cast<double>(s.count[i]);
  }
  std::normal_distribution<float> noise(0.0f, 1.0f);
  s.scores.resize(static_cast<size_t>(a.users) * n);
  std::vector<float> pop(n), taste(n);
  for (size_t i = 1; i < n; ++i) pop[i] = 0.6f * std::log1p(static_cast<float>(s.count[i]));
  std::discrete_distribution<int32_t> by_pop(s.count.begin(), s.count.end());
  for (int u = 0; u < a.users; ++u) {
    float* row = s.scores.data() + static_cast<size_t>(u) * n;
    row[0] = 0;
    for (size_t i = 1; i < n; ++i) row[i] = pop[i] + noise(rng);
    std::vector<int32_t> prof(50);
    for (auto& it : prof) it = by_pop(rng);
    s.profiles.push_back(std::move(prof));
    s.targets.push_back(by_pop(rng));
  }
  return s;
}

void run_bench(const BenchArgs& a) {
  auto t0 = std::chrono::steady_clock::now();
  const Synthetic s = synthesize(a);
  fmt::print("synthetic input: {} users x {} items ({:.2f}s)\n", a.users, a.items, seconds_since(t0));

  t0 = std::chrono::steady_clock::now();
  const double cand_cpu0 = cpu_seconds();
  metrics::RankOptions ro;
  ro.n_threads = a.threads;
  const metrics::ScoreMatrix sm{s.scores, a.users, a.items + 1};
  const auto cands = metrics::top_candidates(sm, a.length, ro, s.group, a.allocation);
  fmt::print("candidates: top-{} + top-{} per provider, width {} ({:.2f}s wall, {:.2f}s cpu)\n", a.length,
             a.allocation, cands.width, seconds_since(t0), cpu_seconds() - cand_cpu0);

  std::vector<int32_t> users(static_cast<size_t>(a.users));
  std::iota(users.begin(), users.end(), 1);
  std::vector<std::span<const int32_t>> profiles(s.profiles.begin(), s.profiles.end());
  rerank::RerankInput in;
  in.candidates = &cands;
  in.users = users;
  in.profiles = profiles;
  in.labels = {s.n_items, s.group, s.count, s.pareto};
  in.k = a.k;
  in.n_threads = a.threads;
  const auto relevance = metrics::Relevance::single(s.targets);
  const metrics::ItemInfo info{s.n_items, s.group, s.count};

  struct Timing {
    int configs = 0;
    double wall = 0, cpu = 0;
  };
  std::map<std::string, Timing> per_method;
  std::vector<std::string> method_order;
  const auto grid_t0 = std::chrono::steady_clock::now();
  const double grid_cpu0 = cpu_seconds();
  double metric_seconds = 0;
  for (const auto& cfg : rerank::thesis_grid()) {
    const auto c0 = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds();
    const auto lists = rerank::make_reranker(cfg.method, cfg.params)->rerank(in);
    const double rr = seconds_since(c0), rr_cpu = cpu_seconds() - cpu0;
    const auto m0 = std::chrono::steady_clock::now();
    const auto m = metrics::evaluate(lists, relevance, info, {a.k, 5, false});
    metric_seconds += seconds_since(m0);
    if (!per_method.count(cfg.method)) method_order.push_back(cfg.method);
    auto& t = per_method[cfg.method];
    ++t.configs;
    t.wall += rr;
    t.cpu += rr_cpu;
    if (m.users != a.users) throw std::runtime_error("bench: metric users mismatch");
  }
  const double grid_seconds = seconds_since(grid_t0), grid_cpu = cpu_seconds() - grid_cpu0;
  fmt::print("\n{:<8} {:>8} {:>10} {:>12} {:>10}\n", "method", "configs", "wall s", "configs/s", "cpu s");
  for (const auto& name : method_order) {
    const auto& t = per_method[name];
    fmt::print("{:<8} {:>8} {:>10.3f} {:>12.1f} {:>10.3f}\n", name, t.configs, t.wall,
               t.configs / std::max(t.wall, 1e-9), t.cpu);
  }
  fmt::print("metrics  {:>8} {:>10.3f} {:>12.1f}\n", 74, metric_seconds, 74 / std::max(metric_seconds, 1e-9));
  fmt::print("\nthesis grid: 74 configs (re-rank + metrics) in {:.2f}s wall, {:.2f}s cpu, {} thread(s)\n",
             grid_seconds, grid_cpu, a.threads);
}

}  // namespace

void add_bench_rerank_commands(CLI::App& app) {
  CLI::App* bench = nullptr;
  for (auto* sub : app.get_subcommands([](CLI::App* x) { return x->get_name() == "bench"; })) bench = sub;
  if (bench == nullptr) {
    bench = app.add_subcommand("bench", "Timings");
    bench->require_subcommand(1);
  }
  auto args = std::make_shared<BenchArgs>();
  auto* cmd = bench->add_subcommand(
      "rerank", "Configs/s per re-ranking baseline and the 74-config thesis grid on ML-1M-size synthetic input");
  cmd->add_option("--users", args->users, "Users")->capture_default_str()->check(CLI::Range(1, 10000000));
  cmd->add_option("--items", args->items, "Items")->capture_default_str()->check(CLI::Range(10, 10000000));
  cmd->add_option("--length", args->length, "Candidate list length (DUOR t up to this)")
      ->capture_default_str()->check(CLI::Range(10, 100000));
  cmd->add_option("--allocation", args->allocation, "Per-provider candidates (P-MMF allocation M)")
      ->capture_default_str()->check(CLI::Range(1, 100000));
  cmd->add_option("--k", args->k, "List length K")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--threads", args->threads, "Worker threads over users (0 = all cores)")
      ->capture_default_str()->check(CLI::Range(0, 1024));
  cmd->add_option("--seed", args->seed, "Seed of the synthetic input")->capture_default_str();
  cmd->callback([args] { run_bench(*args); });
}

}  // namespace popsteer::cli
