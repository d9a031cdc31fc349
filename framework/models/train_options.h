#pragma once
/// Options of the backbone training loop (ALGORITHMS.md §2.3), table [backbone.train].
#include <cstdint>
#include <string>

#include "config/section.h"

namespace popsteer::models {

struct TrainOptions {
  double lr = 1e-3;            ///< Adam learning rate (no weight decay)
  int64_t batch_size = 2048;   ///< loss terms per step (SASRec targets / LightGCN triples)
  int64_t patience = 10;       ///< stop after patience+1 epochs without improvement
  int64_t max_epochs = 1000;
  /// SASRec: "all-positions" (one causal pass per window, loss on every position) or
  /// "prefix" (RecBole: each prefix a separate sample).
  std::string formulation = "all-positions";
  /// SASRec all-positions: targets a later window of a long user advances by (1..L).
  int64_t window_stride = 25;
  int64_t valid_k = 10;        ///< cut-off of the validation NDCG used for early stopping
  int64_t eval_batch = 4096;   ///< users per scoring batch in evaluation

  static TrainOptions from_config(config::Section s);
  std::string to_toml() const;
};

}  // namespace popsteer::models
