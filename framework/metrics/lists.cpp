#include "metrics/lists.h"

#include <algorithm>
#include <limits>

namespace popsteer::metrics {

TopKLists TopKLists::empty(int64_t n_rows, int32_t k) {
  TopKLists out;
  out.n_rows = n_rows;
  out.k = k;
  out.items.assign(static_cast<size_t>(n_rows) * k, 0);
  return out;
}

CandidateLists CandidateLists::empty(int64_t n_rows, int32_t width) {
  CandidateLists out;
  out.n_rows = n_rows;
  out.width = width;
  out.items.assign(static_cast<size_t>(n_rows) * width, 0);
  out.scores.assign(static_cast<size_t>(n_rows) * width,
                    -std::numeric_limits<float>::infinity());
  out.sizes.assign(static_cast<size_t>(n_rows), 0);
  return out;
}

TopKLists CandidateLists::head(int32_t k) const {
  TopKLists out = TopKLists::empty(n_rows, k);
  for (int64_t r = 0; r < n_rows; ++r) {
    const auto row = row_items(r);
    std::copy_n(row.begin(), std::min<size_t>(row.size(), static_cast<size_t>(k)), out.row(r).begin());
  }
  return out;
}

}  // namespace popsteer::metrics
