#pragma once
/// Full-ranking top-K and top-L candidate extraction from a score matrix, without
/// LibTorch (ALGORITHMS.md §6.1). Partial selection: O(I + n log n) per user for n
/// selected items out of I, never a full sort.
///
/// Ordering everywhere: score descending, ties to the lower item id. NaN scores rank as
/// -inf. Column 0 (PAD) is never selected.
#include <cstdint>
#include <span>

#include "metrics/lists.h"

namespace popsteer::metrics {

/// A row-major score matrix view [n_rows x n_cols]; n_cols = n_items + 1, column 0 = PAD.
struct ScoreMatrix {
  std::span<const float> data;
  int64_t n_rows = 0;
  int64_t n_cols = 0;
};

struct RankOptions {
  /// History masking (§6.1): per row, items that must not be selected. Empty span = no
  /// masking (the sequential-backbone protocol: SASRec may recommend seen items); when
  /// set (general backbones such as LightGCN: training items for validation, training +
  /// validation items for test) it has one entry per row.
  std::span<const std::span<const int32_t>> exclude;
  /// Worker threads over rows (results do not depend on it). 0 = hardware concurrency.
  int n_threads = 1;
};

/// The best `k` items of every row. A row with fewer than k selectable items is padded
/// with empty slots (0) at the end.
TopKLists top_k(const ScoreMatrix& scores, int32_t k, const RankOptions& options = {});

/// Candidate lists for rerankers: the best `length` items of every row with their
/// scores. When `item_group` (size n_cols; labels -1/0/+1) and `per_group` > 0 are given,
/// each row is the union of the overall top-`length` and the top-`per_group` items of
/// each of the three groups (what P-MMF's providers need, §7.3), ordered by (score desc,
/// id asc); the overall top-`length` is always the row's prefix. Row width =
/// length + 3 * per_group (upper bound; `sizes` says how many entries are valid).
CandidateLists top_candidates(const ScoreMatrix& scores, int32_t length,
                              const RankOptions& options = {},
                              std::span<const int8_t> item_group = {}, int32_t per_group = 0);

}  // namespace popsteer::metrics
