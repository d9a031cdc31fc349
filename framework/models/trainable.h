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

/// Switches a module to eval mode for a scope and restores its previous mode.
class EvalScope {
 public:
  explicit EvalScope(torch::nn::Module& m) : m_(m), was_training_(m.is_training()) { m_.eval(); }
  ~EvalScope() { m_.train(was_training_); }
  EvalScope(const EvalScope&) = delete;
  EvalScope& operator=(const EvalScope&) = delete;

 private:
  torch::nn::Module& m_;
  bool was_training_;
};

/// Seconds since `start` (steady clock).
double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace popsteer::models
