#pragma once
/// Top-K lists from score matrices and the accuracy/diversity figures the backbones are
/// validated with (ALGORITHMS.md §6.1-6.4). Ties go to the lower item id.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace popsteer::models {

/// scores [B, I] float -> [B, k] int64 item ids, best first; equal scores rank the lower
/// id first (exactly, not just usually: rows with a tie at the cut fall back to a stable
/// full sort). -inf entries (PAD, masked history) are ranked last.
torch::Tensor top_k_items(const torch::Tensor& scores, int64_t k);

/// Accumulates leave-one-out ranking figures over batches of users.
class RankingAccumulator {
 public:
  /// n_items = real items (coverage/Gini run over ids 1..n_items); k = cut-off.
  RankingAccumulator(int64_t n_items, int64_t k);
  /// lists [B, >=k] int64 (CPU or any device), targets: one relevant item per user.
  void add(const torch::Tensor& lists, const std::vector<int32_t>& targets);

  int64_t users() const { return users_; }
  double ndcg() const;  ///< mean over users of 1/log2(rank+1) if the target is in the top k
  double hit() const;   ///< fraction of users whose target is in the top k
  /// ItemCoverage@k: fraction of real items in at least `tau` users' lists (§6.3, τ=5).
  double coverage(int64_t tau = 5) const;
  /// Gini@k over the recommendation counts of all real items (§6.4).
  double gini() const;
  const std::vector<int64_t>& counts() const { return counts_; }

 private:
  int64_t n_items_, k_;
  int64_t users_ = 0;
  double ndcg_sum_ = 0, hit_sum_ = 0;
  std::vector<int64_t> counts_;  // size n_items + 1
};

}  // namespace popsteer::models
