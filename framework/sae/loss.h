#pragma once
/// The SAE training objective (ALGORITHMS.md §3.4): L = (SSE + γ·SSE_aux) / SST.
#include <torch/types.h>

#include "sae/sae.h"

namespace popsteer::sae {

struct SaeLoss {
  torch::Tensor loss;  ///< scalar, differentiable
  double sse = 0;      ///< Σ‖x − x̂‖²
  double sst = 0;      ///< Σ‖x − x̄‖² (x̄ = batch mean)
  double sse_aux = 0;  ///< Σ‖e − ê‖² (0 when no dead latents)
  double fvu() const { return sst > 0 ? sse / sst : 0.0; }
};

/// Computes the loss of one mini-batch x [B, d] given its forward pass. `dead` is a [N]
/// bool mask of the dead set D (§3.5), or an undefined tensor / all-false for "no AuxK".
/// Thesis (default): k_aux = min(d/2, |D|), e = stop_grad(x − x̂), ê = W_decᵀ a_aux (no
/// bias), weight γ. compat=code: k_aux = min(2d, |D|), e = x̂ − x (not detached),
/// ê = W_decᵀ a_aux + b_pre, weight ½·min(|D|/k_aux, 1).
SaeLoss sae_loss(SparseAutoencoderImpl& sae, const torch::Tensor& x, const SaeForward& fwd,
                 const torch::Tensor& dead);

}  // namespace popsteer::sae
