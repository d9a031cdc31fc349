#pragma once
/// The backbone training loop (ALGORITHMS.md §2.3): Adam, one validation NDCG@k per
/// epoch, early stopping, best-epoch weights restored at the end.
#include <functional>
#include <vector>

#include "models/train_options.h"
#include "models/trainable.h"

namespace popsteer::models {

/// RecBole's bookkeeping: an epoch improves if value >= best (ties count, the later epoch
/// is kept); training stops once patience + 1 consecutive epochs failed to improve.
class EarlyStopping {
 public:
  explicit EarlyStopping(int64_t patience) : patience_(patience) {}
  /// Records epoch `epoch`'s value; returns true if it is the new best.
  bool update(int64_t epoch, double value);
  bool should_stop() const { return bad_epochs_ > patience_; }
  double best_value() const { return best_; }
  int64_t best_epoch() const { return best_epoch_; }

 private:
  int64_t patience_;
  int64_t bad_epochs_ = 0;
  int64_t best_epoch_ = 0;
  double best_ = -1.0;
};

struct EpochRecord {
  int64_t epoch = 0;        ///< 1-based
  EpochStats stats;
  double valid_ndcg = 0;    ///< validation NDCG@valid_k after this epoch
  double train_s = 0, valid_s = 0;
  int64_t best_epoch = 0;   ///< best epoch so far (after this one)
};

struct TrainReport {
  std::vector<EpochRecord> epochs;
  int64_t best_epoch = 0;
  double best_valid_ndcg = 0;
  bool early_stopped = false;
  bool interrupted = false;  ///< stopped early because `stop_requested` returned true
};

/// Called after every epoch (progress lines, logs).
using EpochCallback = std::function<void(const EpochRecord&, const TrainOptions&)>;
/// Polled after every epoch: true ends training there (best epoch restored, as at the end).
using StopRequest = std::function<bool()>;

/// Trains `backbone` in place. Shuffling/negatives use std::mt19937_64 seeded with
/// derive_seed(seed, "backbone-train/<kind>"), dropout the torch generator seeded with
/// derive_seed(seed, "backbone-dropout/<kind>"). On return the module holds the weights
/// of the best validation epoch.
TrainReport train_backbone(TrainableBackbone& backbone, const TrainOptions& options, uint64_t seed,
                           const EpochCallback& on_epoch = {}, const StopRequest& stop_requested = {});

/// The default progress line: "sasrec epoch 3/1000 loss=… valid_ndcg@10=… 2.1s (valid 0.3s) best=… ETA …".
std::string format_epoch_line(const std::string& kind, const EpochRecord& record,
                              const TrainOptions& options, double elapsed_s);

/// Copies of every parameter and buffer of `module` (to restore the best epoch).
std::vector<torch::Tensor> snapshot_state(torch::nn::Module& module);
void restore_state(torch::nn::Module& module, const std::vector<torch::Tensor>& state);

}  // namespace popsteer::models
