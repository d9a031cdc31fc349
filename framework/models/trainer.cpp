#include "models/trainer.h"

#include <chrono>
#include <cstdio>

#include "core/progress.h"
#include "core/seed.h"
#include "models/evaluation.h"

namespace popsteer::models {

bool EarlyStopping::update(int64_t epoch, double value) {
  if (best_epoch_ == 0 || value >= best_) {
    best_ = value;
    best_epoch_ = epoch;
    bad_epochs_ = 0;
    return true;
  }
  ++bad_epochs_;
  return false;
}

std::vector<torch::Tensor> snapshot_state(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> state;
  for (auto& p : module.parameters()) state.push_back(p.detach().clone());
  for (auto& b : module.buffers()) state.push_back(b.detach().clone());
  return state;
}

void restore_state(torch::nn::Module& module, const std::vector<torch::Tensor>& state) {
  torch::NoGradGuard no_grad;
  size_t k = 0;
  for (auto& p : module.parameters()) p.copy_(state.at(k++));
  for (auto& b : module.buffers()) b.copy_(state.at(k++));
}

std::string format_epoch_line(const std::string& kind, const EpochRecord& r, const TrainOptions& o,
                              double elapsed_s) {
  const int64_t best_epoch = r.best_epoch;
  const double per_epoch = elapsed_s / double(r.epoch);
  // Upper bound: the remaining epochs allowed by patience and max_epochs.
  const int64_t left = std::min(o.max_epochs - r.epoch, best_epoch + o.patience + 1 - r.epoch);
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "%s epoch %lld/%lld loss=%.5f valid_ndcg@%lld=%.5f %.1fs (train %.1fs, valid %.1fs) "
                "best=epoch %lld ETA<=%s",
                kind.c_str(), (long long)r.epoch, (long long)o.max_epochs, r.stats.loss,
                (long long)o.valid_k, r.valid_ndcg, r.train_s + r.valid_s, r.train_s, r.valid_s,
                (long long)best_epoch, format_duration(per_epoch * double(std::max<int64_t>(left, 0))).c_str());
  return buf;
}

TrainReport train_backbone(TrainableBackbone& backbone, const TrainOptions& options, uint64_t seed,
                           const EpochCallback& on_epoch, const StopRequest& stop_requested) {
  const std::string kind = backbone.kind();
  std::mt19937_64 rng(derive_seed(seed, "backbone-train/" + kind));
  torch::manual_seed(derive_seed(seed, "backbone-dropout/" + kind));
  auto& module = backbone.module();
  torch::optim::Adam optimizer(module.parameters(), torch::optim::AdamOptions(options.lr));
  EarlyStopping stopping(options.patience);
  TrainReport report;
  std::vector<torch::Tensor> best_state;
  for (int64_t epoch = 1; epoch <= options.max_epochs; ++epoch) {
    EpochRecord record;
    record.epoch = epoch;
    auto t0 = std::chrono::steady_clock::now();
    record.stats = backbone.train_epoch(optimizer, options.step_batch(kind), rng);
    record.train_s = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    record.valid_ndcg =
        evaluate_backbone(backbone, data::Split::kValid, options.valid_k, options.eval_batch).ndcg;
    record.valid_s = seconds_since(t0);
    if (stopping.update(epoch, record.valid_ndcg)) best_state = snapshot_state(module);
    record.best_epoch = stopping.best_epoch();
    report.epochs.push_back(record);
    if (on_epoch) on_epoch(record, options);
    if (stopping.should_stop()) {
      report.early_stopped = true;
      break;
    }
    if (stop_requested && stop_requested()) {
      report.interrupted = true;
      break;
    }
  }
  if (!best_state.empty()) restore_state(module, best_state);
  module.eval();
  report.best_epoch = stopping.best_epoch();
  report.best_valid_ndcg = stopping.best_value();
  return report;
}

}  // namespace popsteer::models
