#include "data/kcore.h"

#include <cstddef>

namespace popsteer::data {
namespace {

// Keeps the rows whose key (user or item) has >= k rows; returns true if any was dropped.
bool filter_by(const std::vector<int32_t>& key, int32_t n_keys, std::vector<int64_t>& rows,
               int64_t k) {
  std::vector<int64_t> count(n_keys, 0);
  for (int64_t r : rows) ++count[key[r]];
  size_t out = 0;
  for (int64_t r : rows)
    if (count[key[r]] >= k) rows[out++] = r;
  const bool changed = out != rows.size();
  rows.resize(out);
  return changed;
}

}  // namespace

KCoreResult kcore(const std::vector<int32_t>& user, const std::vector<int32_t>& item,
                  int32_t n_users, int32_t n_items, std::vector<int64_t> rows, int64_t k) {
  KCoreResult result;
  if (k <= 1) {
    result.rows = std::move(rows);
    result.passes = 1;
    return result;
  }
  while (true) {
    ++result.passes;
    const size_t before = rows.size();
    filter_by(user, n_users, rows, k);
    filter_by(item, n_items, rows, k);
    if (rows.size() == before) break;
  }
  result.rows = std::move(rows);
  return result;
}

}  // namespace popsteer::data
