#pragma once
/// Embedding-space analysis (ALGORITHMS.md §5.5, thesis §7.2.2), defined precisely here:
/// * Sets: post-TopK SAE activation vectors a ∈ R^N (dense, zeros included) of, e.g.,
///   real test users, the same users steered, synthetic head users, synthetic tail users.
/// * Projection: PCA fitted on the union of all sets (centred on the pooled mean; top two
///   principal axes by a seeded randomized SVD, each axis signed so that its largest-|.|
///   loading is positive). Linear and reproducible, unlike the thesis's UMAP.
/// * Distance: for two sets A, B and axis c, W1_c(A, B) is the exact 1-D Wasserstein-1
///   distance between the empirical distributions of their coordinates on axis c,
///   ∫ |F_A(t) − F_B(t)| dt. Reported for PC1, PC2 and their mean (the "average over the two
///   axes" that ALGORITHMS.md §5.5 suggests).
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace popsteer::steering {

/// Exact W1 between two empirical 1-D distributions (equal weights per sample).
double wasserstein1(std::vector<double> a, std::vector<double> b);

/// [n, N] dense activations from sparse ([n, k] indices, [n, k] values).
torch::Tensor dense_activations(const torch::Tensor& idx, const torch::Tensor& val, int64_t n_latents);

struct SetDistance {
  std::string a, b;
  double w1_pc1 = 0, w1_pc2 = 0, w1_mean = 0;
};

struct EmbeddingSpace {
  std::vector<std::string> names;
  torch::Tensor mean;                      ///< [N] pooled mean
  torch::Tensor axes;                      ///< [N, 2] principal axes
  std::vector<double> explained_variance;  ///< fraction of total variance per axis
  std::vector<torch::Tensor> coords;       ///< per set [n_s, 2]
  std::vector<SetDistance> distances;      ///< every pair (i < j) in `names` order
};

/// Fits the projection on the union of `sets` ([n_s, N] each) and computes all pairwise
/// distances. Deterministic in `seed`.
EmbeddingSpace embedding_space(const std::vector<std::string>& names, const std::vector<torch::Tensor>& sets,
                               uint64_t seed);

/// The 2-D coordinates as CSV text: header "set,x,y", one line per row of every set.
std::string coords_csv(const EmbeddingSpace& space);

}  // namespace popsteer::steering
