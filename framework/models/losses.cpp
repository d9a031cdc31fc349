#include "models/losses.h"

namespace popsteer::models {

torch::Tensor sasrec_ce_loss(const torch::Tensor& logits, const torch::Tensor& targets) {
  return torch::nn::functional::cross_entropy(logits, targets);
}

torch::Tensor bpr_loss(const torch::Tensor& pos_scores, const torch::Tensor& neg_scores) {
  return -torch::log(1e-10 + torch::sigmoid(pos_scores - neg_scores)).mean();
}

torch::Tensor embedding_reg_loss(const torch::Tensor& users, const torch::Tensor& pos,
                                 const torch::Tensor& neg) {
  return (users.norm() + pos.norm() + neg.norm()) / double(users.size(0));
}

}  // namespace popsteer::models
