/// Backbone commands: `popsteer train backbone`, `popsteer evaluate`, `popsteer bench train`.
#include <cstdio>

#include "cli/commands.h"
#include "cli/evaluate_rerank.h"
#include "cli/models_common.h"
#include "core/error.h"
#include "config/document.h"
#include "core/progress.h"
#include "sweep/drain.h"
#include "models/checkpoint.h"
#include "models/device.h"
#include "models/evaluation.h"
#include "models/trainer.h"

namespace popsteer::cli {

void add_models_bench_commands(CLI::App& bench);  // models_bench.cpp

namespace {

struct TrainArgs {
  DatasetArgs data;
  std::string model;
  std::string out;
  std::string formulation;
  int64_t epochs = 0;
  int64_t threads = 0;
  int64_t seed = -1;
};

/// Evaluates on validation and test and prints one line each, plus most-popular lines.
void report_accuracy(models::Backbone& backbone, int64_t k, int64_t batch) {
  const auto& d = backbone.dataset();
  for (auto [split, name] : {std::pair{data::Split::kValid, "valid"}, {data::Split::kTest, "test"}}) {
    print_metrics(backbone.kind(), name, models::evaluate_backbone(backbone, split, k, batch), k);
    print_metrics("pop", name, models::evaluate_popularity(d, split, k, backbone.masks_history()), k);
  }
}

void run_train(const TrainArgs& a) {
  setup_torch(a.threads);
  auto config = load_backbone_config(a.data.config_path);
  if (!a.model.empty()) config.model = a.model;
  if (a.epochs > 0) config.train.max_epochs = a.epochs;
  if (a.seed >= 0) config.seed = a.seed;
  if (!a.formulation.empty()) config.train.formulation = a.formulation;
  auto dataset = load_dataset(a.data);
  if (config.model == "pop") {
    for (auto [split, name] : {std::pair{data::Split::kValid, "valid"}, {data::Split::kTest, "test"}})
      for (bool mask : {false, true})
        print_metrics(mask ? "pop-masked" : "pop", name,
                      models::evaluate_popularity(*dataset, split, 10, mask), 10);
    return;
  }
  auto backbone = models::make_backbone(config, dataset, models::select_device());
  std::printf("%s", config.to_toml().c_str());
  std::fflush(stdout);
  Progress clock("train " + config.model, config.train.max_epochs, 0.0);
  // SIGTERM / SIGINT / SIGUSR1 (a SLURM time limit, Ctrl-C) end training after the
  // current epoch: the best epoch is restored, evaluated and checkpointed as usual.
  const std::atomic<bool>& stop = sweep::install_drain_handlers();
  auto report = models::train_backbone(
      *backbone, config.train, static_cast<uint64_t>(config.seed),
      [&](const models::EpochRecord& r, const models::TrainOptions& o) {
        std::printf("%s\n", models::format_epoch_line(config.model, r, o, clock.elapsed_s()).c_str());
        std::fflush(stdout);
      },
      [&] { return stop.load(); });
  std::printf("best epoch %lld valid_ndcg@%lld=%.5f (%zu epochs, %s)\n",
              static_cast<long long>(report.best_epoch), static_cast<long long>(config.train.valid_k),
              report.best_valid_ndcg, report.epochs.size(),
              report.early_stopped ? "early stop" : report.interrupted ? "stopped by a signal" : "max epochs");
  report_accuracy(*backbone, 10, config.train.eval_batch);
  if (!a.out.empty()) {
    models::save_checkpoint(a.out, *backbone, config, report);
    std::printf("checkpoint written: %s\n", a.out.c_str());
  }
  // Exit status 3 (like a drained sweep): the checkpoint holds the best epoch so far, but
  // training did not reach its end.
  if (report.interrupted)
    throw Interrupted("training stopped by a signal after epoch " + std::to_string(report.epochs.size()) +
                      (a.out.empty() ? "" : "; best epoch so far written to " + a.out));
}

void add_train_backbone(CLI::App& app) {
  auto* train = subcommand(app, "train", "Train one stage by hand");
  auto* cmd = train->add_subcommand("backbone", "Train SASRec or LightGCN with early stopping");
  auto args = std::make_shared<TrainArgs>();
  args->data.add_to(*cmd);
  cmd->add_option("--model", args->model, "sasrec | lightgcn | pop (overrides [backbone] model)")
      ->check(CLI::IsMember({"sasrec", "lightgcn", "pop"}));
  cmd->add_option("--out", args->out, "Checkpoint file to write");
  cmd->add_option("--epochs", args->epochs, "Maximum epochs (overrides [backbone.train] max_epochs)");
  cmd->add_option("--threads", args->threads, "LibTorch intra-op threads (default: usable cores)");
  cmd->add_option("--seed", args->seed, "Seed (overrides [backbone] seed)");
  cmd->add_option("--formulation", args->formulation, "SASRec: all-positions | prefix")
      ->check(CLI::IsMember({"all-positions", "prefix"}));
  cmd->callback([args] { run_train(*args); });
}

void add_evaluate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "evaluate", "Evaluate a backbone checkpoint on validation and test (optionally one re-ranking config)");
  auto data = std::make_shared<DatasetArgs>();
  auto rerank_args = std::make_shared<RerankArgs>();
  auto checkpoint = std::make_shared<std::string>();
  auto threads = std::make_shared<int64_t>(0);
  auto k = std::make_shared<int64_t>(10);
  data->add_to(*cmd);
  cmd->add_option("--checkpoint", *checkpoint, "Checkpoint written by `train backbone --out`")->required();
  cmd->add_option("--threads", *threads, "LibTorch intra-op threads (default: usable cores)");
  cmd->add_option("--k", *k, "Cut-off K")->check(CLI::PositiveNumber);
  rerank_args->add_to(*cmd);
  cmd->callback([=] {
    resolve_rerank(*rerank_args);  // bad method / parameter: fail before loading anything
    setup_torch(*threads);
    auto dataset = load_dataset(*data);
    const auto info = models::read_checkpoint_info(*checkpoint);
    std::printf("checkpoint %s: %s, best epoch %lld of %lld, valid_ndcg@10=%.5f\n", checkpoint->c_str(),
                info.kind.c_str(), static_cast<long long>(info.best_epoch),
                static_cast<long long>(info.epochs_run), info.best_valid_ndcg);
    auto backbone = models::load_checkpoint(*checkpoint, dataset, models::select_device());
    if (rerank_args->method.empty()) {
      report_accuracy(*backbone, *k, 4096);
      return;
    }
    // The SASRec input window of the checkpoint's own config (DUOR / PCT profiles).
    evaluate_rerank(*backbone, *rerank_args, *k, models::stored_config(info, *checkpoint).sasrec.max_seq_len(),
                    static_cast<int>(*threads));
  });
}

}  // namespace

void add_models_commands(CLI::App& app) {
  add_train_backbone(app);
  add_evaluate(app);
  add_models_bench_commands(*subcommand(app, "bench", "Benchmarks (timings, not tests)"));
}

}  // namespace popsteer::cli
