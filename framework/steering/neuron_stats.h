#pragma once
/// Per-neuron statistics of SAE pre-activations (ALGORITHMS.md §4.2–4.3): streaming
/// mean / population SD in double (Chan et al.'s pairwise merge of chunk moments, stable
/// for any number of rows), Cohen's d with the pooled SD, and the per-neuron table the
/// steering and `popsteer analyze` read.
#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace popsteer::steering {

/// Streaming moments of N columns. Feed [B, N] chunks with add(); each chunk's mean and
/// centred sum of squares are computed in double and merged (no catastrophic cancellation).
class RunningMoments {
 public:
  explicit RunningMoments(int64_t n_columns = 0);
  /// Adds the rows of `chunk` [B, N] (any float dtype, CPU).
  void add(const torch::Tensor& chunk);
  int64_t count() const { return count_; }
  int64_t columns() const { return static_cast<int64_t>(mean_.size()); }
  const std::vector<double>& mean() const { return mean_; }
  /// Population SD (ddof 0) per column; 0 when count < 1.
  std::vector<double> sd() const;

 private:
  int64_t count_ = 0;
  std::vector<double> mean_, m2_;
};

/// Cohen's d per neuron with the pooled SD s_p = sqrt(((n1−1)σ1² + (n2−1)σ2²)/(n1+n2−2))
/// from population SDs (§4.2). NaN when s_p = 0 or either set has < 1 row or
/// n1 + n2 <= 2. Positive = popularity-aligned.
std::vector<double> cohens_d(const RunningMoments& pop, const RunningMoments& unpop);

/// Everything §4 produces for one SAE: what steering needs (d, sigma) plus the set
/// statistics for reporting.
struct NeuronTable {
  std::vector<double> d;           ///< [N] Cohen's d (NaN = undefined)
  std::vector<double> mean_pop, sd_pop, mean_unpop, sd_unpop;  ///< [N] each
  std::vector<double> sigma;       ///< [N] population SD of z over real validation users
  int64_t n_pop = 0, n_unpop = 0, n_sigma = 0;

  int64_t size() const { return static_cast<int64_t>(d.size()); }
  /// Fills d, means and SDs from the two sets' moments.
  void set_groups(const RunningMoments& pop, const RunningMoments& unpop);
  /// Fills sigma from the moments of the validation users' z.
  void set_sigma(const RunningMoments& real);
  /// Neuron ids sorted by d descending (sign > 0) or by d ascending (sign < 0), NaN and
  /// zero excluded, ties to the lower id; at most `limit` (0 = all).
  std::vector<int64_t> ranked(int sign, int64_t limit = 0) const;
};

}  // namespace popsteer::steering
