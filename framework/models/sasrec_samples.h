#pragma once
/// SASRec training samples in two formulations (ALGORITHMS.md §1.5).
///
/// A window is a slice of one user's training portion fed left-aligned to the model;
/// position p predicts the item right after it. `prefix` (RecBole): one window per
/// training target, ending right before it (<= L items), loss on its last position only.
/// `all-positions`: one causal pass per window with a loss term on every position; the
/// first window starts at the user's first item and covers the first L targets exactly
/// as the prefixes do; later windows (users with more than L+1 training items) end
/// `stride` targets further and add loss terms only for the targets not yet covered, so
/// those targets see L - stride .. L - 1 items of context instead of exactly L.
#include <torch/torch.h>

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace popsteer::models {

struct SasrecWindow {
  int32_t user = 0;
  int32_t start = 0;         ///< index into the user's training portion
  int32_t length = 0;        ///< number of input items (1..L)
  int32_t first_target = 0;  ///< positions >= first_target carry a loss term
  int32_t n_targets() const { return length - first_target; }
};

/// Every training prefix as a window with one target (RecBole's augmentation).
std::vector<SasrecWindow> prefix_windows(const data::Dataset& dataset, int64_t max_len);

/// All-positions windows; each training target appears in exactly one window.
std::vector<SasrecWindow> all_position_windows(const data::Dataset& dataset, int64_t max_len,
                                               int64_t stride);

/// Left-aligned batch: items [B, L] int64, targets [B, L] int64 (0 = no loss term).
struct SasrecBatch {
  torch::Tensor items, targets;
  int64_t n_targets = 0;
};
SasrecBatch make_sasrec_batch(const data::Dataset& dataset, std::span<const SasrecWindow> windows,
                              int64_t max_len);

/// Consecutive groups of the (already shuffled) windows, each holding about
/// `batch_targets` loss terms (never more, unless one window alone has more). Returns the
/// group boundaries [0, b1, b2, ..., windows.size()].
std::vector<size_t> pack_by_targets(std::span<const SasrecWindow> windows, int64_t batch_targets);

/// Left-aligned last `max_len` items of each sequence: [B, L] int64 plus last index [B].
std::pair<torch::Tensor, torch::Tensor> left_aligned(
    const std::vector<std::span<const int32_t>>& sequences, int64_t max_len);

}  // namespace popsteer::models
