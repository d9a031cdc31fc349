#include "metrics/lists.h"

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

}  // namespace popsteer::metrics
