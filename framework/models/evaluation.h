#pragma once
/// Full-ranking leave-one-out evaluation of a backbone and of the most-popular ranking
/// (ALGORITHMS.md §6.1): all real users, K = 10 by default, PAD = -inf, history masked
/// only for backbones that mask it.
#include <cstdint>

#include "metrics/metrics.h"
#include "models/backbone.h"
#include "models/ranking.h"

namespace popsteer::models {

/// Ranks every user (in batches of `batch` users; top-k on the backbone's device) and
/// scores the lists with the metrics module (metrics::evaluate: NDCG, Hit, coverage(τ),
/// Gini, ... @k), the same code every sweep row uses.
metrics::MetricSet evaluate_backbone(Backbone& backbone, data::Split split, int64_t k, int64_t batch = 4096,
                                     int64_t tau = 5);

/// Most-popular ranking: items by training count (ties: lower id), the same list for every
/// user except that `mask_history` removes the user's context(u, split) items.
metrics::MetricSet evaluate_popularity(const data::Dataset& dataset, data::Split split, int64_t k,
                                       bool mask_history, int64_t tau = 5);

/// All real user ids 1..n_users.
std::vector<int32_t> all_users(const data::Dataset& dataset);

}  // namespace popsteer::models
