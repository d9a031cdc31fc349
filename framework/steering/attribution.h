#pragma once
/// Per-neuron attribution of score changes (thesis Appendix A). For one user with
/// unsteered activations a and steered a' (both sparse: k indices + values), and an item
/// with original embedding e_i:
///   Δs_i    = e_i·x̂' − e_i·x̂ = Σ_k A_{i,k}
///   A_{i,k} = (a'_k − a_k) · (W_dec[k] · e_i)          (b_pre cancels)
/// The sum is exact up to float rounding; `popsteer explain` prints the largest |A|.
#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "steering/evaluator.h"

namespace popsteer::steering {

struct NeuronContribution {
  int64_t neuron = 0;
  double delta_activation = 0;  ///< a'_k − a_k
  double alignment = 0;         ///< v_{i,k} = W_dec[k]·e_i
  double contribution = 0;      ///< A_{i,k}
};

struct ItemAttribution {
  int32_t item = 0;
  double score_before = 0, score_after = 0;  ///< e_i·x̂, e_i·x̂'
  double delta = 0;                          ///< score_after − score_before
  std::vector<NeuronContribution> neurons;   ///< every k with a'_k ≠ a_k, by |A| desc (ties lower id)
};

/// Attribution of `items` for one user. before/after: ([k] indices, [k] values) of that
/// user's activations (rows of SteeringEvaluator::activations). w_dec [N, d], b_pre [d],
/// item_emb [I, d] (original item embeddings).
std::vector<ItemAttribution> attribute(const torch::Tensor& idx_before, const torch::Tensor& val_before,
                                       const torch::Tensor& idx_after, const torch::Tensor& val_after,
                                       const torch::Tensor& w_dec, const torch::Tensor& b_pre,
                                       const torch::Tensor& item_emb, const std::vector<int32_t>& items);

/// What `popsteer explain` shows for one user: both top-K lists, and attributions of the
/// items that entered and left the list.
struct UserExplanation {
  std::vector<int32_t> before, after;
  std::vector<ItemAttribution> entered, left;
};
/// `user_row` indexes the evaluator's users (z rows).
UserExplanation explain_user(const SteeringEvaluator& evaluator, const SteeringInputs& inputs,
                             const SteerRequest& request, int64_t user_row);

}  // namespace popsteer::steering
