#pragma once
/// What the training loop needs from a backbone beyond the downstream interface.
#include <torch/torch.h>

#include <random>
#include <string>

#include "models/backbone.h"

namespace popsteer::models {

/// Work and wall time of one training epoch, split by phase (for `popsteer bench`).
struct EpochStats {
  double loss = 0;          ///< mean training loss over the epoch's steps
  int64_t samples = 0;      ///< loss terms (SASRec targets, LightGCN triples)
  int64_t sequences = 0;    ///< forward rows (SASRec windows; LightGCN = samples)
  int64_t steps = 0;
  double flops = 0;         ///< analytic forward + backward FLOPs
  double batching_s = 0, forward_s = 0, backward_s = 0, optimizer_s = 0;
};

class TrainableBackbone : public Backbone {
 public:
  virtual torch::nn::Module& module() = 0;
  /// The resolved model options as TOML lines (for checkpoints).
  virtual std::string options_toml() const = 0;
  /// One pass over the shuffled training samples in train mode; `rng` shuffles and
  /// draws negatives. `batch_size` counts loss terms per step.
  virtual EpochStats train_epoch(torch::optim::Optimizer& optimizer, int64_t batch_size,
                                 std::mt19937_64& rng) = 0;
};

/// Switches a module to train (dropout on) or eval mode for a scope and restores its
/// previous mode.
class ModeScope {
 public:
  ModeScope(torch::nn::Module& m, bool training) : m_(m), was_training_(m.is_training()) { m_.train(training); }
  ~ModeScope() { m_.train(was_training_); }
  ModeScope(const ModeScope&) = delete;
  ModeScope& operator=(const ModeScope&) = delete;

 private:
  torch::nn::Module& m_;
  bool was_training_;
};

/// Eval mode for a scope (the usual case: representations, scores).
class EvalScope : public ModeScope {
 public:
  explicit EvalScope(torch::nn::Module& m) : ModeScope(m, false) {}
};

/// Seconds since `start` (steady clock).
double seconds_since(std::chrono::steady_clock::time_point start);

/// The part of a training step every backbone shares: zero_grad, backward and the
/// optimizer step (each timed into `stats`), then the step's loss (summed into
/// stats.loss) and counts. finish_epoch turns the summed loss into the per-step mean.
void optimizer_step(torch::optim::Optimizer& optimizer, const torch::Tensor& loss, int64_t samples,
                    int64_t sequences, double flops, EpochStats& stats);
void finish_epoch(EpochStats& stats);

}  // namespace popsteer::models
