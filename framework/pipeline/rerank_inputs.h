#pragma once
/// What a re-ranking baseline needs from a trained backbone, built in one place for the
/// sweep's backbone and rerank tasks and for `popsteer evaluate --method`.
#include <cstdint>
#include <span>
#include <vector>

#include "data/dataset.h"
#include "metrics/lists.h"
#include "models/backbone.h"

namespace popsteer::pipeline {

/// Top-`length` candidates of `users` on `split` (rows in `users` order), plus each item
/// group's top-`per_group` when per_group > 0 (P-MMF's allocation must see them, §7.3).
/// Full scores are computed by the backbone in batches of users; PAD and, for backbones
/// that mask history, the user's history are excluded BEFORE ranking.
metrics::CandidateLists backbone_candidates(models::Backbone& backbone, const std::vector<int32_t>& users,
                                            data::Split split, int32_t length, int32_t per_group);

/// The user profiles DUOR (pop_u) and PCT (f_u) read: for a sequential backbone the last
/// `window` items of the split's context (the model's input window), otherwise the user's
/// training items. Spans point into `dataset`.
std::vector<std::span<const int32_t>> rerank_profiles(const data::Dataset& dataset,
                                                      const std::vector<int32_t>& users, data::Split split,
                                                      bool sequential, int64_t window);

}  // namespace popsteer::pipeline
