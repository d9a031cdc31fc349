#include "data/labels.h"

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <numeric>

namespace popsteer::data {

int64_t round_half_even(double x) {
  // nearbyint rounds in the current mode; the default (and the one we force) is
  // to-nearest-even, exactly Python 3's round().
  const int old = std::fegetround();
  std::fesetround(FE_TONEAREST);
  const double r = std::nearbyint(x);
  std::fesetround(old);
  return static_cast<int64_t>(r);
}

ItemLabels item_labels(const std::vector<int64_t>& count, double head_fraction,
                       double pareto_share) {
  const size_t size = count.size();
  ItemLabels out;
  out.group.assign(size, 0);
  out.pareto_head.assign(size, 0);
  std::vector<int32_t> items;  // I_tr, ascending id
  int64_t total = 0;
  for (size_t i = 1; i < size; ++i)
    if (count[i] >= 1) {
      items.push_back(static_cast<int32_t>(i));
      total += count[i];
    }
  if (items.empty()) return out;
  const auto n = static_cast<int64_t>(items.size());
  const int64_t k = std::min<int64_t>(n, std::max<int64_t>(1, round_half_even(head_fraction * n)));

  std::vector<int32_t> by_desc = items;  // stable sort on ascending ids = ties by lower id
  std::stable_sort(by_desc.begin(), by_desc.end(),
                   [&](int32_t a, int32_t b) { return count[a] > count[b]; });
  std::vector<int32_t> by_asc = items;
  std::stable_sort(by_asc.begin(), by_asc.end(),
                   [&](int32_t a, int32_t b) { return count[a] < count[b]; });
  for (int64_t j = 0; j < k; ++j) out.group[by_desc[j]] = 1;
  for (int64_t j = 0; j < k; ++j)
    if (out.group[by_asc[j]] != 1) out.group[by_asc[j]] = -1;

  const double threshold = pareto_share * static_cast<double>(total);
  int64_t cum = 0;
  for (int32_t i : by_desc) {
    out.pareto_head[i] = 1;
    cum += count[i];
    if (static_cast<double>(cum) >= threshold) break;
  }
  return out;
}

std::vector<double> user_pop_scores(const std::vector<std::vector<int32_t>>& train,
                                    const std::vector<int8_t>& group) {
  std::vector<double> s(train.size(), 0.0);
  for (size_t u = 1; u < train.size(); ++u) {
    if (train[u].empty()) continue;
    int64_t sum = 0;
    for (int32_t i : train[u]) sum += group[i];
    s[u] = static_cast<double>(sum) / static_cast<double>(train[u].size());
  }
  return s;
}

std::vector<int8_t> user_groups(const std::vector<double>& s, double fraction) {
  std::vector<int8_t> g(s.size(), 0);
  if (s.size() <= 1) return g;
  const auto n = static_cast<int64_t>(s.size() - 1);
  std::vector<int32_t> users(n);
  std::iota(users.begin(), users.end(), 1);
  std::stable_sort(users.begin(), users.end(), [&](int32_t a, int32_t b) { return s[a] < s[b]; });
  const double x = fraction * static_cast<double>(n);
  const auto n_unpop = static_cast<int64_t>(std::floor(x + 1e-9));
  const auto n_pop = std::min<int64_t>(n - n_unpop, static_cast<int64_t>(std::ceil(x - 1e-9)));
  for (int64_t j = 0; j < n_unpop; ++j) g[users[j]] = -1;
  for (int64_t j = n - n_pop; j < n; ++j) g[users[j]] = 1;
  return g;
}

}  // namespace popsteer::data
