#pragma once
/// Neuron analysis (ALGORITHMS.md §4, thesis §5.3): which SAE latents encode popularity.
/// Synthetic head-only / tail-only users (SASRec; for LightGCN the same call gives the
/// mean-of-items users of thesis §8.3) or the real top / bottom 10% users by s(u)
/// (LightGCN, §4.4); streamed through the frozen backbone and the SAE encoder in batches
/// (memory bounded by one batch), per-neuron moments in double, Cohen's d, and σ_j over
/// the validation users.
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/section.h"
#include "data/dataset.h"
#include "models/backbone.h"
#include "sae/sae.h"
#include "steering/neuron_stats.h"

namespace popsteer::steering {

struct AnalysisOptions {
  /// "synthetic" (head-only / tail-only profiles), "real_users" (top / bottom fraction of
  /// users by s(u)), or "auto" (synthetic for sasrec, real_users for lightgcn).
  std::string mode = "auto";
  int64_t n_profiles = 409600;   ///< n' per set (thesis; the code used 20,480)
  int64_t profile_length = 50;   ///< M, items drawn uniformly with replacement
  int64_t batch = 2048;          ///< rows per backbone/SAE call
  double user_fraction = 0.1;    ///< real_users: ⌈f·|U|⌉ popular, ⌊f·|U|⌋ unpopular
  uint64_t seed = 2020;          ///< profile sampling (derive it with derive_seed)

  /// Keys mode, n_profiles, profile_length, batch, user_fraction; finish().
  static AnalysisOptions from_config(config::Section s);
  /// The mode actually used for a backbone kind.
  std::string resolved_mode(const std::string& backbone_kind) const;
};

/// [count, length] int64 item ids drawn uniformly with replacement from `pool`, from a
/// generator keyed by (seed, first_row): the same rows whatever the batching.
torch::Tensor synthetic_profiles(const std::vector<int32_t>& pool, int64_t first_row, int64_t count,
                                 int64_t length, uint64_t seed);

/// Streams `n` synthetic profiles from `pool` through backbone + encoder; z moments.
RunningMoments synthetic_moments(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae,
                                 const std::vector<int32_t>& pool, const AnalysisOptions& options,
                                 uint64_t set_seed, const std::function<void(int64_t)>& on_batch = {});

/// z moments of real users' representations for `split` (batches of options.batch).
RunningMoments user_moments(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae,
                            const std::vector<int32_t>& users, data::Split split, int64_t batch);

/// The real-user groups of §4.4: users sorted by s(u) descending (ties lower id), the
/// first ⌈f·n⌉ are popular and the last ⌊f·n⌋ unpopular.
std::pair<std::vector<int32_t>, std::vector<int32_t>> popularity_user_groups(const data::Dataset& dataset,
                                                                             double fraction);

/// The whole §4 analysis: d from the two sets (mode), σ from all users' validation
/// representations (§4.3; for LightGCN these are all users' embeddings).
NeuronTable analyze_neurons(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae,
                            const AnalysisOptions& options,
                            const std::function<void(const std::string&)>& log = {});

/// The §8.2 pre-check: can a linear classifier tell synthetic head users from tail users
/// on the backbone representation? Logistic regression (standardised features, full-batch
/// Adam, `steps` steps) trained on 80% of each set, scored on the other 20%.
struct SeparabilityResult {
  double accuracy = 0;  ///< held-out, threshold 0.5
  double auc = 0;       ///< held-out ROC AUC (Mann–Whitney, ties count ½)
  int64_t n_train = 0, n_test = 0;
};
SeparabilityResult separability(const torch::Tensor& pos, const torch::Tensor& neg, uint64_t seed,
                                int64_t steps = 300);
/// ROC AUC of scores for positives vs negatives (ties count ½).
double roc_auc(const std::vector<double>& pos_scores, const std::vector<double>& neg_scores);

/// Pre-check on a backbone: `n` synthetic head and tail profiles each.
SeparabilityResult backbone_separability(models::Backbone& backbone, const AnalysisOptions& options,
                                         int64_t n = 4096);

}  // namespace popsteer::steering
