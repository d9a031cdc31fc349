#pragma once
/// Options of the backbone training loop (ALGORITHMS.md §2.3), table [backbone.train].
#include <cstdint>
#include <string>

#include "config/section.h"

namespace popsteer::models {

struct TrainOptions {
  double lr = 1e-3;            ///< Adam learning rate (no weight decay)
  int64_t batch_size = 2048;   ///< loss terms per step: SASRec prefix targets, LightGCN triples
  /// Loss terms per step for SASRec all-positions. Smaller than batch_size because the
  /// targets of one window share a forward pass and its dropout masks: a 2048-target step
  /// holds only ~40-80 users, where a RecBole prefix step spans ~900. Measured on ML-100k
  /// (README, docs/readme/models.md): 2048 trails the reference's epochs 1, 2 and 4,
  /// 512 and 1024 beat it at every epoch and converge higher, at the same FLOPs per epoch.
  int64_t all_positions_batch = 512;
  int64_t patience = 10;       ///< stop after patience+1 epochs without improvement
  int64_t max_epochs = 1000;
  /// SASRec: "all-positions" (one causal pass per window, loss on every position) or
  /// "prefix" (RecBole: each prefix a separate sample).
  std::string formulation = "all-positions";
  /// SASRec all-positions: targets a later window of a long user advances by (1..L).
  int64_t window_stride = 25;
  int64_t valid_k = 10;        ///< cut-off of the validation NDCG used for early stopping
  int64_t eval_batch = 4096;   ///< users per scoring batch in evaluation

  /// Loss terms per optimizer step for a backbone kind ("sasrec", "lightgcn").
  int64_t step_batch(const std::string& kind) const {
    return kind == "sasrec" && formulation == "all-positions" ? all_positions_batch : batch_size;
  }

  static TrainOptions from_config(config::Section s);
  std::string to_toml() const;
};

}  // namespace popsteer::models
