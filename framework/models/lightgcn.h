#pragma once
/// LightGCN (He et al. 2020, as in RecBole; ALGORITHMS.md §2.2) as a LibTorch module.
///
/// Graph nodes: users 0..n_users (0 = PAD user) then items 0..n_items (0 = PAD item),
/// i.e. node(user u) = u, node(item i) = n_users + 1 + i. PAD nodes have no edges.
/// Shapes: U = n_users + 1, I = n_items + 1, d = embedding_size.
#include <torch/torch.h>

#include <utility>
#include <vector>

#include "config/section.h"
#include "data/dataset.h"

namespace popsteer::models {

struct LightGCNOptions {
  LightGCNOptions(int64_t n_users = 0, int64_t n_items = 0) : n_users_(n_users), n_items_(n_items) {}
  TORCH_ARG(int64_t, n_users);
  TORCH_ARG(int64_t, n_items);
  TORCH_ARG(int64_t, embedding_size) = 128;
  /// Propagation layers; the final embedding is the mean of layers 0..n_layers.
  TORCH_ARG(int64_t, n_layers) = 2;
  /// Weight of the (unsquared) Frobenius-norm regulariser of the batch's layer-0 rows.
  TORCH_ARG(double, reg_weight) = 1e-5;

 public:
  /// Reads table [backbone.lightgcn] (every key optional), then finish().
  static LightGCNOptions from_config(config::Section s, int64_t n_users, int64_t n_items);
  std::string to_toml() const;
};

/// Â = D^{-1/2} A D^{-1/2} of the binary user-item graph built from `edges` (user, item)
/// pairs (duplicates collapse), no self loops, degree + 1e-7. Sparse COO [N, N],
/// N = n_users + n_items + 2, coalesced.
torch::Tensor normalized_adjacency(int64_t n_users, int64_t n_items,
                                   const std::vector<std::pair<int32_t, int32_t>>& edges);

/// The training-portion edges of a dataset (every user's i_1..i_{n-2}).
std::vector<std::pair<int32_t, int32_t>> training_edges(const data::Dataset& dataset);

class LightGCNImpl : public torch::nn::Module {
 public:
  /// `adjacency` from normalized_adjacency (not a parameter, not saved: it is rebuilt
  /// from the dataset).
  LightGCNImpl(const LightGCNOptions& options, torch::Tensor adjacency);
  /// Xavier-uniform user and item tables.
  void reset();

  /// Propagated embeddings: (users [U, d], items [I, d]) = mean of E^(0..n_layers).
  std::pair<torch::Tensor, torch::Tensor> forward();

  LightGCNOptions options;
  torch::Tensor adjacency;
  torch::nn::Embedding user_emb{nullptr}, item_emb{nullptr};
};
TORCH_MODULE(LightGCN);

}  // namespace popsteer::models
