#pragma once
/// Steering vectors (ALGORITHMS.md §5.1–5.4, thesis eqs 5.9–5.10): a constant shift of the
/// SAE pre-activations z that every evaluated user receives (z' = z + steer, then
/// ReLU -> TopK -> decode). No LibTorch: plain vectors of length N.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/section.h"

namespace popsteer::steering {

enum class Normalisation {
  kPerGroup,  ///< w_j = α·|d_j| / max over the neuron's own selected group (DEFAULT, A-2)
  kGlobal,    ///< w_j = α·|d_j| / max over all neurons (thesis eq. 5.10, norm=global)
};

/// One PopSteer configuration. Threshold mode when `beta` is set (|d_j| >= β), otherwise
/// fixed-count mode with `count` neurons ranked by (|d| desc, id asc).
struct SteerConfig {
  double alpha_pop = 1.0;
  double alpha_unpop = 1.0;
  std::optional<double> beta = 0.0;
  int64_t count = 0;  ///< used only when beta is unset
  Normalisation norm = Normalisation::kPerGroup;

  /// Reads alpha_pop, alpha_unpop, beta | count, norm ("group" | "global"); finish().
  static SteerConfig from_config(config::Section s);
  /// "a_pop=1.5 a_unpop=2 beta=0.5" (for labels and logs).
  std::string label() const;
  /// {"alpha_pop":..,"alpha_unpop":..,"beta":..|"count":..,"norm":".."}.
  std::string params_json() const;
};

/// The selected neurons: P (d > 0) and U (d < 0), each in ascending id order.
struct Selection {
  std::vector<int64_t> pop, unpop;
  int64_t size() const { return static_cast<int64_t>(pop.size() + unpop.size()); }
};

/// §5.1: candidates are neurons with finite, non-zero d.
Selection select_neurons(const std::vector<double>& d, const SteerConfig& config);

/// Per-neuron signed weight: −w_j for j ∈ P, +w_j for j ∈ U, 0 elsewhere (§5.2), so
/// steer_j = signed_weight_j · σ_j.
std::vector<double> signed_weights(const std::vector<double>& d, const SteerConfig& config);

/// §5.2: steer_j = −w_j σ_j (P), +w_j σ_j (U), 0 otherwise. d, sigma: [N].
std::vector<float> steer_vector(const std::vector<double>& d, const std::vector<double>& sigma,
                                const SteerConfig& config);

/// RandomSelect ablation (§5.3, A-24): |P ∪ U| neurons drawn uniformly without
/// replacement from all N, paired in random order with the selected neurons; random
/// neuron r gets its partner's signed weight times its own σ_r. Deterministic in `seed`.
std::vector<float> random_select_vector(const std::vector<double>& d,
                                        const std::vector<double>& sigma,
                                        const SteerConfig& config, uint64_t seed);

/// Neuron-manipulation lists (§5.4): popularity list {j : d_j >= threshold} by d desc;
/// unpopularity list {j : d_j <= −threshold} by |d| desc; ties to the lower id.
struct ManipulationLists {
  std::vector<int64_t> pop, unpop;
};
ManipulationLists manipulation_lists(const std::vector<double>& d, double threshold = 1.0);

/// §5.4 shift: −σ_j on the first `k_prime` neurons of `list`, 0 elsewhere. [N].
std::vector<float> manipulation_vector(const std::vector<int64_t>& list, int64_t k_prime,
                                       const std::vector<double>& sigma);

}  // namespace popsteer::steering
