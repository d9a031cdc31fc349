#pragma once
/// The steering inner loop (ALGORITHMS.md §5.2, eqs 5.11–5.12), built for sweeps: the
/// evaluation users' pre-activations z are computed once per SAE and split and passed in;
/// each config only adds a shift, re-selects the top-k, decodes sparsely and scores all
/// items with the backbone's ORIGINAL item embeddings.
///
/// Per config and user (U users, N latents, k = k_sae, d dims, I items):
///   z' = z + shift           U·N adds, fused into the top-k scan (no [U, N] temporary)
///   a' = TopK_k(ReLU(z'))    deterministic, ties to the lower latent index
///   x̂' = Σ a'_j W_dec[j] + b_pre          U·k·d multiply-adds (sparse decode)
///   scores = x̂' E_itemsᵀ                  2·U·d·I FLOPs: the dominant cost (one sgemm)
///   top-K items per row                   ties to the lower item id, PAD never listed
/// A block of configs is stacked into one [C·U, d] matrix and scored in row chunks, each
/// chunk's sgemm and top-K selection done by one thread so the score block stays in cache.
#include <torch/types.h>

#include <cstdint>
#include <span>
#include <vector>

#include "metrics/lists.h"
#include "metrics/metrics.h"

namespace popsteer::steering {

/// What one steered evaluation needs, all CPU float32.
struct SteeringInputs {
  torch::Tensor z;       ///< [U, N] SAE pre-activations of the evaluation users (cached)
  torch::Tensor w_dec;   ///< [N, d] decoder atoms
  torch::Tensor b_pre;   ///< [d]
  torch::Tensor items;   ///< [I, d] original item embeddings, row 0 = PAD (never listed)
  int64_t k_sae = 0;
};

/// One config as the evaluator sees it.
struct SteerRequest {
  enum class Mode {
    kPre,   ///< z' = z + shift before ReLU/TopK (PopSteer, RandomSelect, §5.4 default)
    kPost,  ///< a' = a + shift after TopK, literally (§5.4 option manip=post, A-25)
  };
  std::vector<float> shift;  ///< [N]; empty = no shift (the unsteered SAE reconstruction)
  Mode mode = Mode::kPre;
  /// Noise ablation (§5.3): z'_j += ε_{u,j} ~ N(0, ξ²) for j in noise_neurons, i.i.d. per
  /// user row and neuron, from a counter-based generator keyed by (noise_seed, row, j):
  /// identical at any thread count.
  std::vector<int64_t> noise_neurons;
  double noise_xi = 0.0;
  uint64_t noise_seed = 0;
};

struct EvaluatorOptions {
  int32_t top_k = 10;          ///< K of the recommendation lists
  int64_t chunk_rows = 256;    ///< rows per scoring chunk (one sgemm + top-K per thread task)
  /// History masking (§6.1, general backbones): per user row, item ids never listed.
  /// Empty = no masking (SASRec). The spans must outlive the evaluator.
  std::vector<std::span<const int32_t>> exclude;
};

/// Where the time of the last rank() call went (seconds, summed over the block).
struct EvaluatorTiming {
  double encode_s = 0;   ///< shift + top-k over N + sparse decode
  double score_s = 0;    ///< sgemm + top-K over items (fused per chunk)
  int64_t configs = 0;
  double score_flops = 0;  ///< 2·C·U·d·I
};

class SteeringEvaluator {
 public:
  /// Validates shapes (throws std::invalid_argument). Keeps references to the tensors.
  SteeringEvaluator(SteeringInputs inputs, EvaluatorOptions options = {});

  int64_t users() const { return in_.z.size(0); }
  int64_t latents() const { return in_.z.size(1); }
  int64_t dim() const { return in_.w_dec.size(1); }
  int64_t n_items() const { return in_.items.size(0) - 1; }  ///< real items (PAD excluded)

  /// x̂' of every user for one request: [U, d].
  torch::Tensor reconstruct(const SteerRequest& request) const;
  /// Active sets a' for one request: indices [U, k] (ascending) and values [U, k].
  std::pair<torch::Tensor, torch::Tensor> activations(const SteerRequest& request) const;
  /// Top-K lists for every request of the block, users in z's row order.
  std::vector<metrics::TopKLists> rank(std::span<const SteerRequest> block) const;
  /// Top-K lists of arbitrary user vectors x [R, d] (exclusion row r = exclude[r]).
  metrics::TopKLists rank_vectors(const torch::Tensor& x) const;

  const EvaluatorTiming& last_timing() const { return timing_; }

 private:
  /// x̂' of every (request, user) into out_x [C][U][d]; optionally the active sets into
  /// out_idx/out_val [C][U][k] (latents in index order).
  void encode_block(std::span<const SteerRequest> block, float* out_x, int64_t* out_idx, float* out_val) const;
  void score_into(const torch::Tensor& x, int64_t row_offset_mod, metrics::TopKLists* lists,
                  int64_t lists_per) const;
  SteeringInputs in_;
  EvaluatorOptions opt_;
  torch::Tensor items_t_;  ///< [d, I] contiguous transpose for the sgemm
  mutable EvaluatorTiming timing_;
};

/// Ranks a block and scores every list: one MetricSet per request. `relevant` has one row
/// per user (z's row order).
std::vector<metrics::MetricSet> evaluate_block(const SteeringEvaluator& evaluator,
                                               std::span<const SteerRequest> block,
                                               const metrics::Relevance& relevant,
                                               const metrics::ItemInfo& items,
                                               const metrics::MetricOptions& options = {});

/// Standard normal from a counter (seed, row, column): SplitMix64 + Box–Muller.
float counter_normal(uint64_t seed, uint64_t row, uint64_t column);

}  // namespace popsteer::steering
