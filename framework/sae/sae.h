#pragma once
/// The TopK sparse autoencoder of ALGORITHMS.md §3 (thesis §5.2), in the style of
/// LibTorch's nn modules: an options struct, `reset()` builds the parameters,
/// TORCH_MODULE gives the holder `SparseAutoencoder`.
///
/// Shapes: B = batch, d = input_dim, N = scale·d hidden units, k = k_sae.
///   z   = (x − b_pre) W_encᵀ + b_enc            [B, N]  pre-activations (analysis, steering)
///   a   = TopK_k(ReLU(z + steer))               k values + indices per row
///   x̂   = Σ_j a_j W_dec[j] + b_pre              [B, d]  (sparse decode: B·k·d FLOPs)
#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <cstdint>
#include <string>

namespace popsteer::sae {

/// Which reference behaviour the auxiliary loss follows (§3.4, A-9/A-10).
enum class SaeCompat { kThesis, kCode };

struct SaeOptions {
  /// input_dim = d of the backbone representation; scale s gives N = s·d; k = k_sae.
  SaeOptions(int64_t input_dim, int64_t scale, int64_t k)
      : input_dim_(input_dim), scale_(scale), k_(k) {}
  /// d, the backbone's representation size.
  TORCH_ARG(int64_t, input_dim);
  /// s, hidden units per input dimension (default grid 32/64/96).
  TORCH_ARG(int64_t, scale);
  /// k_sae, active latents per input.
  TORCH_ARG(int64_t, k);
  /// AuxK loss weight γ (thesis 1/32; compat=code uses 1/2 · min(|D|/k_aux, 1)).
  TORCH_ARG(double, aux_gamma) = 1.0 / 32.0;
  /// k_aux upper bound; 0 = the default d/2 (thesis) or 2d (compat=code).
  TORCH_ARG(int64_t, k_aux) = 0;
  /// kThesis (default) or kCode (§3.4 compat=code differences).
  TORCH_ARG(SaeCompat, compat) = SaeCompat::kThesis;
  /// Seed of the parameter initialisation (a private generator: no global RNG state).
  TORCH_ARG(uint64_t, init_seed) = 0;

 public:  // TORCH_ARG leaves the access at private
  int64_t hidden() const { return input_dim_ * scale_; }
  /// The k_aux actually used for a dead set of size `dead` (§3.4).
  int64_t effective_k_aux(int64_t dead) const;
  /// Throws UserError naming the bad value (k > N, d < 1, ...).
  void validate() const;
};

/// Result of the top-k activation: `indices` [B, k] int64 (best first, ties lower index)
/// and `values` [B, k] float = max(z'_idx, 0) (carries autograd from z).
struct TopKCode {
  torch::Tensor indices;
  torch::Tensor values;
};

struct SaeForward {
  torch::Tensor z;      ///< [B, N] pre-activations (no steer)
  TopKCode code;        ///< top-k of ReLU(z)
  torch::Tensor x_hat;  ///< [B, d]
};

class SparseAutoencoderImpl : public torch::nn::Cloneable<SparseAutoencoderImpl> {
 public:
  explicit SparseAutoencoderImpl(SaeOptions options);
  /// (Re)initialises the parameters (§3.2): W_enc ~ U(±1/√d), W_dec = row-normalised
  /// W_enc, b_enc = b_pre = 0, drawn from a generator seeded with options.init_seed().
  void reset() override;

  /// z = (x − b_pre) W_encᵀ + b_enc. x [B, d] -> [B, N].
  torch::Tensor pre_activations(const torch::Tensor& x);
  /// Deterministic top-k of ReLU(z) (`z` may already be steered). Indices need no grad;
  /// values are gathered from z so gradients flow to the selected entries.
  TopKCode activate(const torch::Tensor& z) const;
  /// x̂ = Σ values·W_dec[indices] (+ b_pre when with_bias). [B, d].
  torch::Tensor decode(const TopKCode& code, bool with_bias = true);
  /// Full forward pass without steering.
  SaeForward forward(const torch::Tensor& x);

  const SaeOptions& options() const { return options_; }

  torch::Tensor w_enc;  ///< [N, d]
  torch::Tensor b_enc;  ///< [N]
  torch::Tensor w_dec;  ///< [N, d] row j = dictionary atom of latent j
  torch::Tensor b_pre;  ///< [d]

 private:
  SaeOptions options_;
};
TORCH_MODULE(SparseAutoencoder);

/// Deterministic top-k over the rows of a 2-D float tensor (CPU, contiguous copy taken if
/// needed): returns [B, k] int64 indices, best first, ties to the lower index. Rows are
/// processed in parallel (at::parallel_for).
torch::Tensor topk_indices(const torch::Tensor& scores, int64_t k);

}  // namespace popsteer::sae
