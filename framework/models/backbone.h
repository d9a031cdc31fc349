#pragma once
/// The interface every backbone (SASRec, LightGCN) offers to what sits on top of it
/// (SAE training, neuron analysis, steering, candidate lists). Everything downstream goes
/// through this, without files in between.
///
/// Shapes: B = batch, d = dim(), I = n_items + 1 (row 0 = PAD). Tensors are float32 on
/// the backbone's device unless stated otherwise.
#include <torch/types.h>

#include <string>
#include <vector>

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
};

}  // namespace popsteer::models
