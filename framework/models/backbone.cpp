#include "models/backbone.h"

#include <limits>

#include "models/ranking.h"

namespace popsteer::models {

torch::Tensor mask_scores(torch::Tensor scores, const data::Dataset& dataset,
                          const std::vector<int32_t>& users, data::Split split, bool mask_history) {
  const float neg_inf = -std::numeric_limits<float>::infinity();
  scores.select(1, 0).fill_(neg_inf);
  if (!mask_history) return scores;
  std::vector<int64_t> rows, cols;
  for (size_t b = 0; b < users.size(); ++b)
    for (int32_t item : dataset.context(users[b], split)) {
      rows.push_back(static_cast<int64_t>(b));
      cols.push_back(item);
    }
  if (rows.empty()) return scores;
  auto flat = torch::tensor(rows, torch::kLong) * scores.size(1) + torch::tensor(cols, torch::kLong);
  scores.view({-1}).index_fill_(0, flat.to(scores.device()), neg_inf);
  return scores;
}

torch::Tensor Backbone::scores_from(const torch::Tensor& h, const std::vector<int32_t>& users,
                                    data::Split split) {
  torch::NoGradGuard no_grad;
  auto s = torch::matmul(h.to(device()), item_embeddings().t()).contiguous();
  return mask_scores(s, dataset(), users, split, masks_history());
}

torch::Tensor Backbone::scores(const std::vector<int32_t>& users, data::Split split) {
  return scores_from(user_representation(users, split), users, split);
}

torch::Tensor Backbone::candidates(const std::vector<int32_t>& users, data::Split split, int64_t L) {
  return top_k_items(scores(users, split), L);
}

std::pair<torch::Tensor, torch::Tensor> Backbone::candidates_with_scores(
    const std::vector<int32_t>& users, data::Split split, int64_t L) {
  auto s = scores(users, split);
  auto ids = top_k_items(s, L);
  return {ids, s.gather(1, ids)};
}

}  // namespace popsteer::models
