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

RankingAccumulator::RankingAccumulator(int64_t n_items, int64_t k)
    : n_items_(n_items), k_(k), counts_(n_items + 1, 0) {}

void RankingAccumulator::add(const torch::Tensor& lists, const std::vector<int32_t>& targets) {
  auto cpu = lists.slice(1, 0, k_).to(torch::kCPU, torch::kLong).contiguous();
  auto acc = cpu.accessor<int64_t, 2>();
  for (int64_t b = 0; b < cpu.size(0); ++b) {
    for (int64_t r = 0; r < cpu.size(1); ++r) {
      const int64_t item = acc[b][r];
      if (item >= 1 && item <= n_items_) ++counts_[item];
      if (item == targets[b]) {
        ndcg_sum_ += 1.0 / std::log2(double(r) + 2.0);
        hit_sum_ += 1.0;
      }
    }
    ++users_;
  }
}

double RankingAccumulator::ndcg() const { return users_ ? ndcg_sum_ / users_ : 0.0; }
double RankingAccumulator::hit() const { return users_ ? hit_sum_ / users_ : 0.0; }

double RankingAccumulator::coverage(int64_t tau) const {
  int64_t covered = 0;
  for (int64_t i = 1; i <= n_items_; ++i) covered += counts_[i] >= tau;
  return n_items_ ? double(covered) / n_items_ : 0.0;
}

double RankingAccumulator::gini() const {
  std::vector<int64_t> c(counts_.begin() + 1, counts_.end());
  std::sort(c.begin(), c.end());
  const auto n = static_cast<double>(c.size());
  double num = 0, total = 0;
  for (size_t j = 0; j < c.size(); ++j) {
    num += (2.0 * double(j + 1) - n - 1.0) * double(c[j]);
    total += double(c[j]);
  }
  return total > 0 ? num / (n * total) : 0.0;
}

}  // namespace popsteer::models
