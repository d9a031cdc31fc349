#include "models/evaluation.h"

#include <algorithm>

namespace popsteer::models {

std::vector<int32_t> all_users(const data::Dataset& dataset) {
  std::vector<int32_t> users(dataset.n_users);
  for (int32_t u = 0; u < dataset.n_users; ++u) users[u] = u + 1;
  return users;
}

namespace {

std::vector<int32_t> targets_of(const data::Dataset& dataset, const std::vector<int32_t>& users,
                                data::Split split) {
  std::vector<int32_t> t;
  t.reserve(users.size());
  for (int32_t u : users) t.push_back(dataset.target(u, split));
  return t;
}

}  // namespace

RankingAccumulator evaluate_backbone(Backbone& backbone, data::Split split, int64_t k, int64_t batch) {
  const auto& dataset = backbone.dataset();
  RankingAccumulator acc(dataset.n_items, k);
  const auto users = all_users(dataset);
  for (size_t b0 = 0; b0 < users.size(); b0 += static_cast<size_t>(batch)) {
    const size_t b1 = std::min(users.size(), b0 + static_cast<size_t>(batch));
    std::vector<int32_t> chunk(users.begin() + b0, users.begin() + b1);
    acc.add(backbone.candidates(chunk, split, k), targets_of(dataset, chunk, split));
  }
  return acc;
}

RankingAccumulator evaluate_popularity(const data::Dataset& dataset, data::Split split, int64_t k,
                                       bool mask_history) {
  RankingAccumulator acc(dataset.n_items, k);
  std::vector<int32_t> order(dataset.n_items);
  for (int32_t i = 0; i < dataset.n_items; ++i) order[i] = i + 1;
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return dataset.train_count[a] > dataset.train_count[b];
  });
  std::vector<int64_t> list;
  for (int32_t u = 1; u <= dataset.n_users; ++u) {
    list.clear();
    auto ctx = dataset.context(u, split);
    std::vector<int32_t> seen(ctx.begin(), ctx.end());
    std::sort(seen.begin(), seen.end());
    for (int32_t item : order) {
      if (static_cast<int64_t>(list.size()) == k) break;
      if (mask_history && std::binary_search(seen.begin(), seen.end(), item)) continue;
      list.push_back(item);
    }
    while (static_cast<int64_t>(list.size()) < k) list.push_back(0);
    acc.add(torch::tensor(list, torch::kLong).view({1, k}), {dataset.target(u, split)});
  }
  return acc;
}

}  // namespace popsteer::models
