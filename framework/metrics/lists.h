#pragma once
/// Fixed-width per-user item lists shared by metrics and rerankers: top-K
/// recommendation lists and top-L candidate lists (items + scores). No LibTorch.
///
/// Item ids are the dataset's dense 1-based ids; 0 is PAD and marks an empty slot.
#include <cstdint>
#include <span>
#include <vector>

namespace popsteer::metrics {

/// Top-K lists of a batch of users: row r is the ranked list of the r-th evaluated
/// user (row order is the caller's; metrics do not depend on it).
struct TopKLists {
  int64_t n_rows = 0;
  int32_t k = 0;
  /// [n_rows x k] row-major item ids; 0 = empty slot (a row shorter than k).
  std::vector<int32_t> items;

  /// n_rows x k lists, every slot empty.
  static TopKLists empty(int64_t n_rows, int32_t k);
  std::span<const int32_t> row(int64_t r) const {
    return {items.data() + r * k, static_cast<size_t>(k)};
  }
  std::span<int32_t> row(int64_t r) { return {items.data() + r * k, static_cast<size_t>(k)}; }
};

/// Top-L candidates per user with their scores, each row ordered by (score desc, id asc).
/// Rows have a common `width`; row r holds `sizes[r]` valid entries followed by padding
/// (item 0, score -inf).
struct CandidateLists {
  int64_t n_rows = 0;
  int32_t width = 0;
  std::vector<int32_t> items;   ///< [n_rows x width]
  std::vector<float> scores;    ///< [n_rows x width]
  std::vector<int32_t> sizes;   ///< [n_rows] valid entries per row

  /// n_rows x width, all rows empty.
  static CandidateLists empty(int64_t n_rows, int32_t width);
  /// The valid items of row r, best first.
  std::span<const int32_t> row_items(int64_t r) const {
    return {items.data() + r * width, static_cast<size_t>(sizes[r])};
  }
  /// The scores of row_items(r).
  std::span<const float> row_scores(int64_t r) const {
    return {scores.data() + r * width, static_cast<size_t>(sizes[r])};
  }
  /// The first k items of every row: the ranking the candidates came from, cut at k
  /// (same order: score desc, id asc); short rows leave empty slots.
  TopKLists head(int32_t k) const;
};

}  // namespace popsteer::metrics
