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

metrics::MetricSet score_lists(const data::Dataset& dataset, data::Split split, const metrics::TopKLists& lists,
                               int64_t tau) {
  const auto targets = targets_of(dataset, all_users(dataset), split);
  const metrics::ItemInfo items{dataset.n_items, dataset.item_group, dataset.train_count};
  metrics::MetricOptions options;
  options.k = lists.k;
  options.tau = tau;
  return metrics::evaluate(lists, metrics::Relevance::single(targets), items, options);
}

}  // namespace

metrics::MetricSet evaluate_backbone(Backbone& backbone, data::Split split, int64_t k, int64_t batch,
                                     int64_t tau) {
  const auto& dataset = backbone.dataset();
  const auto users = all_users(dataset);
  auto lists = metrics::TopKLists::empty(static_cast<int64_t>(users.size()), static_cast<int32_t>(k));
  for (size_t b0 = 0; b0 < users.size(); b0 += static_cast<size_t>(batch)) {
    const size_t b1 = std::min(users.size(), b0 + static_cast<size_t>(batch));
    std::vector<int32_t> chunk(users.begin() + b0, users.begin() + b1);
    const auto ids = backbone.candidates(chunk, split, k).to(torch::kCPU).to(torch::kInt32).contiguous();
    const int64_t width = std::min<int64_t>(ids.size(1), k);  // fewer than k items: rest stay 0
    for (int64_t r = 0; r < ids.size(0); ++r)
      std::copy_n(ids.data_ptr<int32_t>() + r * ids.size(1), width,
                  lists.row(static_cast<int64_t>(b0) + r).begin());
  }
  return score_lists(dataset, split, lists, tau);
}

metrics::MetricSet evaluate_popularity(const data::Dataset& dataset, data::Split split, int64_t k,
                                       bool mask_history, int64_t tau) {
  auto lists = metrics::TopKLists::empty(dataset.n_users, static_cast<int32_t>(k));
  std::vector<int32_t> order(dataset.n_items);
  for (int32_t i = 0; i < dataset.n_items; ++i) order[i] = i + 1;
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return dataset.train_count[a] > dataset.train_count[b];
  });
  for (int32_t u = 1; u <= dataset.n_users; ++u) {
    auto ctx = dataset.context(u, split);
    std::vector<int32_t> seen(ctx.begin(), ctx.end());
    std::sort(seen.begin(), seen.end());
    auto row = lists.row(u - 1);  // pre-filled with 0 (empty slot)
    int64_t filled = 0;
    for (int32_t item : order) {
      if (filled == k) break;
      if (mask_history && std::binary_search(seen.begin(), seen.end(), item)) continue;
      row[static_cast<size_t>(filled++)] = item;
    }
  }
  return score_lists(dataset, split, lists, tau);
}

}  // namespace popsteer::models
