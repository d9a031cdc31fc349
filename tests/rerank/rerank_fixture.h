#pragma once
// Helpers to build tiny re-ranking inputs for the hand examples (ALGORITHMS.md §7).
// Example item index j is item id j + 1 (0 is PAD).
#include <algorithm>
#include <numeric>
#include <span>
#include <vector>

#include "rerank/reranker.h"

namespace popsteer::rerank::testing {

/// Candidate rows from per-row score vectors over items 1..n (scores[r][j] = item j+1),
/// sorted by (score desc, id asc), keeping the best `length` (all when 0).
inline metrics::CandidateLists candidates(const std::vector<std::vector<float>>& scores, int32_t length = 0) {
  const int32_t n = static_cast<int32_t>(scores.at(0).size());
  const int32_t width = length > 0 ? std::min(length, n) : n;
  auto c = metrics::CandidateLists::empty(static_cast<int64_t>(scores.size()), width);
  for (size_t r = 0; r < scores.size(); ++r) {
    std::vector<int32_t> ids(static_cast<size_t>(n));
    std::iota(ids.begin(), ids.end(), 1);
    const auto& s = scores[r];
    std::stable_sort(ids.begin(), ids.end(), [&](int32_t a, int32_t b) { return s[a - 1] > s[b - 1]; });
    for (int32_t j = 0; j < width; ++j) {
      c.items[r * width + j] = ids[j];
      c.scores[r * width + j] = s[ids[j] - 1];
    }
    c.sizes[r] = width;
  }
  return c;
}

/// Owns everything a RerankInput points to.
struct Problem {
  metrics::CandidateLists cands;
  std::vector<int32_t> users;
  std::vector<std::vector<int32_t>> profile_items;
  std::vector<std::span<const int32_t>> profiles;
  std::vector<int8_t> group;
  std::vector<int64_t> count;
  std::vector<uint8_t> pareto;

  /// `group`/`count`/`pareto` per example index (item id = index + 1); PAD prepended.
  Problem(metrics::CandidateLists c, std::vector<int8_t> g, std::vector<int64_t> cnt = {},
          std::vector<uint8_t> p = {})
      : cands(std::move(c)) {
    group.assign(g.size() + 1, 0);
    for (size_t j = 0; j < g.size(); ++j) group[j + 1] = g[j];
    count.assign(group.size(), 0);
    for (size_t j = 0; j < cnt.size(); ++j) count[j + 1] = cnt[j];
    pareto.assign(group.size(), 0);
    for (size_t j = 0; j < p.size(); ++j) pareto[j + 1] = p[j];
    users.resize(static_cast<size_t>(cands.n_rows));
    std::iota(users.begin(), users.end(), 1);
    profile_items.resize(users.size());
  }
  RerankInput input(int32_t k, int n_threads = 1) {
    profiles.assign(profile_items.begin(), profile_items.end());
    RerankInput in;
    in.candidates = &cands;
    in.users = users;
    in.profiles = profiles;
    in.labels = {static_cast<int32_t>(group.size()) - 1, group, count, pareto};
    in.k = k;
    in.n_threads = n_threads;
    return in;
  }
};

inline std::vector<int32_t> row(const metrics::TopKLists& l, int64_t r) {
  auto s = l.row(r);
  return {s.begin(), s.end()};
}

/// Example indices -> item ids.
inline std::vector<int32_t> ids(std::vector<int32_t> idx) {
  for (auto& i : idx) i += 1;
  return idx;
}

}  // namespace popsteer::rerank::testing
