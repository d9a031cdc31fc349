#pragma once
/// SASRec (Kang & McAuley 2018, as in RecBole; ALGORITHMS.md §2.1) as a LibTorch module.
///
/// Shapes: B = batch, L <= max_seq_len, d = hidden_size, I = n_items + 1 (row 0 = PAD).
/// Sequences are left-aligned: items oldest first, then zeros. Position 0 is the oldest
/// item of the window.
#include <torch/torch.h>

#include "config/section.h"

namespace popsteer::models {

struct SASRecOptions {
  /// `n_items` = real items (the item table has n_items + 1 rows).
  explicit SASRecOptions(int64_t n_items = 0) : n_items_(n_items) {}
  TORCH_ARG(int64_t, n_items);
  /// Hidden size d (thesis Table 6.2: 64; the reference yamls use 128, A-1).
  TORCH_ARG(int64_t, hidden_size) = 64;
  TORCH_ARG(int64_t, n_layers) = 2;
  /// Attention heads (head dim = hidden_size / n_heads).
  TORCH_ARG(int64_t, n_heads) = 2;
  /// Feed-forward inner size.
  TORCH_ARG(int64_t, inner_size) = 256;
  /// Dropout after the embedding, attention output and feed-forward output.
  TORCH_ARG(double, hidden_dropout) = 0.5;
  /// Dropout on the attention probabilities.
  TORCH_ARG(double, attn_dropout) = 0.5;
  /// Window length (learned position table size).
  TORCH_ARG(int64_t, max_seq_len) = 50;
  TORCH_ARG(double, layer_norm_eps) = 1e-12;
  /// Std of the N(0, std^2) init of every Linear and Embedding weight.
  TORCH_ARG(double, init_std) = 0.02;

 public:
  /// Reads table [backbone.sasrec] (every key optional), then finish().
  static SASRecOptions from_config(config::Section s, int64_t n_items);
  /// The resolved options as TOML key = value lines (n_items excluded: it comes from data).
  std::string to_toml() const;
};

/// One post-LN transformer block: self-attention then feed-forward, each followed by
/// dropout, a residual connection and LayerNorm.
class SASRecBlockImpl : public torch::nn::Module {
 public:
  explicit SASRecBlockImpl(const SASRecOptions& options);
  void reset();
  /// x [B, L, d], additive mask [B, 1, L, L] (0 or -10000) -> [B, L, d].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& mask);

  SASRecOptions options;
  torch::nn::Linear qkv{nullptr}, attn_out{nullptr}, ffn_in{nullptr}, ffn_out{nullptr};
  torch::nn::LayerNorm ln_attn{nullptr}, ln_ffn{nullptr};
};
TORCH_MODULE(SASRecBlock);

class SASRecImpl : public torch::nn::Module {
 public:
  explicit SASRecImpl(const SASRecOptions& options);
  /// (Re)creates and initialises every parameter (N(0, init_std^2) weights, zero biases,
  /// LayerNorm gamma 1 / beta 0).
  void reset();

  /// items [B, L] int64 (0 = PAD, left-aligned) -> hidden states [B, L, d] of the last
  /// layer. Position t depends only on items 0..t (causal mask), so it equals the output
  /// for the prefix ending at t.
  torch::Tensor forward(const torch::Tensor& items);

  /// [I, d] the item table, used both as input embedding and as output layer (tied).
  torch::Tensor item_table() const { return item_emb->weight; }

  /// h [N, d] -> logits [N, I] over all items (PAD column included, as in RecBole).
  torch::Tensor logits(const torch::Tensor& h) const;

  SASRecOptions options;
  torch::nn::Embedding item_emb{nullptr}, pos_emb{nullptr};
  torch::nn::LayerNorm ln_emb{nullptr};
  torch::nn::ModuleList blocks{nullptr};
};
TORCH_MODULE(SASRec);

/// Additive attention mask [B, 1, L, L] for left-aligned items [B, L]: -10000 where the
/// key is PAD or lies after the query (causal), 0 elsewhere (ALGORITHMS.md §2.1 step 2).
torch::Tensor sasrec_attention_mask(const torch::Tensor& items);

}  // namespace popsteer::models
