#pragma once
/// Iterative k-core filtering (ALGORITHMS.md §1.2).
#include <cstdint>
#include <vector>

namespace popsteer::data {

struct KCoreResult {
  std::vector<int64_t> rows;  ///< kept row indices, ascending (file order preserved)
  int passes = 0;             ///< passes until nothing changed (the last pass changes nothing)
};

/// Repeats { drop rows whose user has < k rows; then drop rows whose item has < k rows
/// among those left } until a pass removes nothing. Counts are raw row counts, so
/// duplicates count. Considers only `rows` (ascending indices into user/item); user and
/// item values index arrays of size n_users / n_items. k <= 1 keeps everything.
KCoreResult kcore(const std::vector<int32_t>& user, const std::vector<int32_t>& item,
                  int32_t n_users, int32_t n_items, std::vector<int64_t> rows, int64_t k);

}  // namespace popsteer::data
