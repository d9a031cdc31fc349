#pragma once
/// The interface every backbone (SASRec, LightGCN) offers to what sits on top of it
/// (SAE training, neuron analysis, steering, candidate lists). Everything downstream goes
/// through this, without files in between.
///
/// Shapes: B = batch, d = dim(), I = n_items + 1 (row 0 = PAD). Tensors are float32 on
/// the backbone's device unless stated otherwise.
#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/seed.h"
#include "data/dataset.h"

namespace popsteer::models {

class Backbone {
 public:
  virtual ~Backbone() = default;

  /// "sasrec" or "lightgcn".
  virtual std::string kind() const = 0;
  /// Dimension d of the user representation the SAE attaches to.
  virtual int64_t dim() const = 0;
  /// Sequential backbones do not mask history in evaluation; general ones do (§6.1).
  virtual bool masks_history() const = 0;

  /// [B, d] user representation of `users` (internal ids) for predicting the target of
  /// `split` (SASRec: last position of the last layer over the split's context window;
  /// LightGCN: the propagated user embedding). Eval mode, no grad.
  virtual torch::Tensor user_representation(const std::vector<int32_t>& users,
                                            data::Split split) = 0;

  /// [B, d] representation of arbitrary item sequences `items` [B, M] (int64, oldest first,
  /// 0 = padding on the right). SASRec: output at the last real position. LightGCN: mean of
  /// the items' propagated embeddings (thesis §8.3). Eval mode, no grad.
  virtual torch::Tensor sequence_representation(const torch::Tensor& items) = 0;

  /// [I, d] item embeddings used to score (SASRec: the tied input table; LightGCN: the
  /// propagated item embeddings). Row 0 is PAD.
  virtual torch::Tensor item_embeddings() = 0;

  /// [n, d] the representations the SAE trains on (SASRec: every training prefix;
  /// LightGCN: every user's final embedding), eval mode, no grad.
  virtual torch::Tensor sae_training_inputs() = 0;

  /// The same rows as sae_training_inputs() (same order, [n, d], no grad) but computed with
  /// the backbone in TRAIN mode, i.e. with dropout active, as the reference code feeds its
  /// SAE (ALGORITHMS.md §3.6, A-14, option `backbone_dropout`). The dropout masks come from
  /// LibTorch's default generator, re-seeded with torch::manual_seed(seed) first, so a
  /// seed gives the same rows. The module's previous train/eval mode is restored.
  /// Backbones without dropout (LightGCN) throw UserError: the option would silently do
  /// nothing, which a researcher asking for it should know.
  virtual torch::Tensor sae_training_inputs_with_dropout(uint64_t seed) {
    (void)seed;
    throw UserError("backbone_dropout: the " + kind() +
                    " backbone has no dropout, so its SAE inputs cannot be drawn in train mode; "
                    "set backbone_dropout = false (A-14 concerns SASRec only)");
  }

  // ---- Added by the models module (non-pure: built on the methods above) ----

  /// The dataset the backbone was built for (ids, splits, history).
  virtual const data::Dataset& dataset() const = 0;
  /// Where the backbone's parameters live (CPU or cuda:N).
  virtual torch::Device device() const = 0;

  /// [B, I] full-sort scores from given representations h [B, d] (e.g. steered or
  /// SAE-decoded ones): h · item_embeddings()^T, PAD column = -inf and, when
  /// masks_history(), the items of context(user, split) = -inf (§6.1). Eval, no grad.
  virtual torch::Tensor scores_from(const torch::Tensor& h, const std::vector<int32_t>& users,
                                    data::Split split);
  /// [B, I] scores_from(user_representation(users, split), users, split).
  torch::Tensor scores(const std::vector<int32_t>& users, data::Split split);
  /// [B, L] int64 top-L item ids for re-rankers (L <= n_items, e.g. up to 1000), best
  /// first, ties to the lower id; PAD and masked history never appear before real items.
  torch::Tensor candidates(const std::vector<int32_t>& users, data::Split split, int64_t L);
  /// [B, L] scores of candidates() in the same order (float32).
  std::pair<torch::Tensor, torch::Tensor> candidates_with_scores(const std::vector<int32_t>& users,
                                                                 data::Split split, int64_t L);
};

/// The per-epoch SAE training inputs of A-14 for sae::train_sae's `epoch_inputs`: epoch e
/// gives backbone.sae_training_inputs_with_dropout(derive_seed(seed, "sae-backbone-dropout",
/// e)) as contiguous CPU float32. Fresh dropout masks per SAE epoch approximate the
/// reference, which re-runs the backbone at every SAE step (new masks per mini-batch).
/// `backbone` must outlive the returned function.
inline std::function<torch::Tensor(int64_t)> dropout_sae_inputs(Backbone& backbone, uint64_t seed) {
  return [&backbone, seed](int64_t epoch) {
    const auto s = derive_seed(seed, "sae-backbone-dropout", static_cast<uint64_t>(epoch));
    return backbone.sae_training_inputs_with_dropout(s).to(torch::kCPU, torch::kFloat).contiguous();
  };
}

/// Sets `history` -inf in scores [B, I] for each row's context(users[b], split) and the
/// PAD column; returns scores (modified in place).
torch::Tensor mask_scores(torch::Tensor scores, const data::Dataset& dataset,
                          const std::vector<int32_t>& users, data::Split split, bool mask_history);

}  // namespace popsteer::models
