#include "models/ranking.h"

#include <algorithm>
#include <cmath>

namespace popsteer::models {

torch::Tensor top_k_items(const torch::Tensor& scores, int64_t k) {
  const int64_t n = scores.size(1);
  k = std::min(k, n);
  // One extra column tells whether the k-th value ties with the (k+1)-th.
  const int64_t probe = std::min(k + 1, n);
  auto [values, index] = torch::topk(scores, probe, 1, /*largest=*/true, /*sorted=*/true);
  auto top_vals = values.slice(1, 0, k), top_idx = index.slice(1, 0, k);
  // Within the top k, order by (value desc, id asc): sort by id, then stable-sort by value.
  auto by_id = std::get<1>(torch::sort(top_idx, 1));
  auto idx_sorted = top_idx.gather(1, by_id), val_sorted = top_vals.gather(1, by_id);
  auto by_val = std::get<1>(torch::sort(val_sorted, /*stable=*/true, 1, /*descending=*/true));
  auto result = idx_sorted.gather(1, by_val);
  if (probe > k) {
    auto tied = values.select(1, k - 1).eq(values.select(1, k)).nonzero().flatten();
    if (tied.numel() > 0) {
      // Which of the tied items made the cut is up to topk: redo those rows exactly.
      auto rows = scores.index_select(0, tied);
      auto order = std::get<1>(torch::sort(rows, /*stable=*/true, 1, /*descending=*/true));
      result.index_copy_(0, tied, order.slice(1, 0, k));
    }
  }
  return result;
}

}  // namespace popsteer::models
