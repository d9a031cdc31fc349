#pragma once
/// Training losses of the backbones (ALGORITHMS.md §2.1, §2.2).
#include <torch/torch.h>

namespace popsteer::models {

/// Softmax cross-entropy over all items: logits [N, I], targets [N] int64 (never PAD)
/// -> scalar mean over the N rows.
torch::Tensor sasrec_ce_loss(const torch::Tensor& logits, const torch::Tensor& targets);

/// BPR: -mean log(1e-10 + sigmoid(pos - neg)); pos, neg [B] -> scalar.
torch::Tensor bpr_loss(const torch::Tensor& pos_scores, const torch::Tensor& neg_scores);

/// RecBole EmbLoss with require_pow = False: (||U||_F + ||P||_F + ||N||_F) / B for the
/// layer-0 batch rows users, pos, neg [B, d] (norms not squared).
torch::Tensor embedding_reg_loss(const torch::Tensor& users, const torch::Tensor& pos,
                                 const torch::Tensor& neg);

}  // namespace popsteer::models
