/// `popsteer bench train`: where a backbone's training time goes (a benchmark, not a test).
#include <torch/csrc/autograd/profiler_legacy.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/models_common.h"
#include "core/seed.h"
#include "models/device.h"
#include "models/trainable.h"

namespace popsteer::cli {

namespace {

/// Achieved fp32 GFLOP/s of an n x n x n torch::mm, repeated for about `seconds`.
double matmul_gflops(int64_t n, double seconds) {
  auto a = torch::randn({n, n}), b = torch::randn({n, n});
  auto c = torch::mm(a, b);  // warm-up
  int64_t reps = 0;
  const auto t0 = std::chrono::steady_clock::now();
  while (models::seconds_since(t0) < seconds) {
    c = torch::mm(a, b);
    ++reps;
  }
  return 2.0 * double(n) * double(n) * double(n) * double(reps) / models::seconds_since(t0) / 1e9;
}

struct BenchArgs {
  DatasetArgs data;
  std::string model = "sasrec";
  std::string formulation;
  std::string profile;
  int64_t epochs = 3;
  int64_t threads = 0;
};

void run_bench(const BenchArgs& a) {
  setup_torch(a.threads);
  auto config = load_backbone_config(a.data.config_path);
  config.model = a.model;
  if (!a.formulation.empty()) config.train.formulation = a.formulation;
  auto dataset = load_dataset(a.data);
  const double peak = matmul_gflops(1024, 2.0);
  std::printf("matmul 1024^3 fp32: %.1f GFLOP/s\n", peak);
  std::fflush(stdout);
  auto backbone = models::make_backbone(config, dataset, models::select_device());
  torch::optim::Adam optimizer(backbone->module().parameters(),
                               torch::optim::AdamOptions(config.train.lr));
  std::mt19937_64 rng(derive_seed(static_cast<uint64_t>(config.seed), "backbone-train/" + a.model));
  std::printf("model=%s formulation=%s batch=%lld\n", a.model.c_str(),
              a.model == "sasrec" ? config.train.formulation.c_str() : "-",
              static_cast<long long>(config.train.step_batch(a.model)));
  std::fflush(stdout);
  for (int64_t epoch = 1; epoch <= a.epochs; ++epoch) {
    std::unique_ptr<torch::autograd::profiler::RecordProfile> profile;
    if (epoch == 1 && !a.profile.empty())
      profile = std::make_unique<torch::autograd::profiler::RecordProfile>(a.profile);
    const auto t0 = std::chrono::steady_clock::now();
    const auto s = backbone->train_epoch(optimizer, config.train.step_batch(a.model), rng);
    const double secs = models::seconds_since(t0);
    profile.reset();
    const double other = secs - s.batching_s - s.forward_s - s.backward_s - s.optimizer_s;
    std::printf(
        "epoch %lld: %.2f s, %lld steps, %.0f samples/s (%lld loss terms, %lld rows), %.1f GFLOP -> "
        "%.1f GFLOP/s (%.0f%% of matmul); batching %.0f%% forward %.0f%% backward %.0f%% "
        "optimizer %.0f%% other %.0f%%; loss %.4f\n",
        static_cast<long long>(epoch), secs, static_cast<long long>(s.steps), double(s.samples) / secs,
        static_cast<long long>(s.samples), static_cast<long long>(s.sequences), s.flops / 1e9,
        s.flops / secs / 1e9, 100.0 * s.flops / secs / 1e9 / peak, 100 * s.batching_s / secs,
        100 * s.forward_s / secs, 100 * s.backward_s / secs, 100 * s.optimizer_s / secs,
        100 * other / secs, s.loss);
    std::fflush(stdout);
  }
  if (!a.profile.empty()) std::printf("profile of epoch 1 written: %s\n", a.profile.c_str());
}

}  // namespace

void add_models_bench_commands(CLI::App& bench) {
  auto* cmd = bench.add_subcommand("train", "Seconds/epoch, samples/s and GFLOP/s of backbone training");
  auto args = std::make_shared<BenchArgs>();
  args->data.add_to(*cmd);
  cmd->add_option("--model", args->model, "sasrec | lightgcn")->check(CLI::IsMember({"sasrec", "lightgcn"}));
  cmd->add_option("--epochs", args->epochs, "Epochs to time")->check(CLI::PositiveNumber);
  cmd->add_option("--threads", args->threads, "LibTorch intra-op threads (default: usable cores)");
  cmd->add_option("--formulation", args->formulation, "SASRec: all-positions | prefix")
      ->check(CLI::IsMember({"all-positions", "prefix"}));
  cmd->add_option("--profile", args->profile, "Write a LibTorch profiler trace of epoch 1 to this file");
  cmd->callback([args] { run_bench(*args); });
}

}  // namespace popsteer::cli
