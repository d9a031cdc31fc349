#pragma once
/// The glue a sweep task (or a CLI command) uses to evaluate many steering configs of one
/// SAE: the backbone and SAE are run ONCE per split (z of every user, item embeddings,
/// targets, history exclusions), then any number of config blocks are evaluated from the
/// cache by the SteeringEvaluator.
#include <torch/types.h>

#include <memory>
#include <vector>

#include "data/dataset.h"
#include "metrics/metrics.h"
#include "models/backbone.h"
#include "sae/sae.h"
#include "steering/evaluator.h"
#include "steering/neuron_stats.h"
#include "steering/steer_vector.h"

namespace popsteer::steering {

/// Cached per-split inputs. Users are 1..n_users in order (row r = user r+1).
struct SplitCache {
  data::Split split = data::Split::kValid;
  SteeringInputs inputs;
  std::vector<int32_t> targets;  ///< [U]
  metrics::Relevance relevant;
  std::unique_ptr<SteeringEvaluator> evaluator;
};

struct SessionOptions {
  int32_t top_k = 10;
  int64_t batch = 4096;        ///< users per backbone call while building the cache
  int64_t chunk_rows = 256;    ///< evaluator scoring chunk
  metrics::MetricOptions metrics;
};

class SteeringSession {
 public:
  /// Computes z = SAE pre-activations of every user's representation for valid and test
  /// (the only backbone work), and the history exclusions when backbone.masks_history().
  SteeringSession(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae, SessionOptions options = {});

  const SplitCache& split(data::Split s) const { return s == data::Split::kValid ? *valid_ : *test_; }
  int64_t latents() const { return n_latents_; }

  /// Metrics of each request of `block` on `split` (one MetricSet per request).
  std::vector<metrics::MetricSet> evaluate(std::span<const SteerRequest> block, data::Split split) const;

  /// A PopSteer request from a config and the neuron table (d, sigma).
  static SteerRequest popsteer(const NeuronTable& table, const SteerConfig& config);
  /// Noise ablation: PopSteer's selected set, ε ~ N(0, ξ²).
  static SteerRequest noise(const NeuronTable& table, const SteerConfig& config, double xi, uint64_t seed);
  /// RandomSelect ablation.
  static SteerRequest random_select(const NeuronTable& table, const SteerConfig& config, uint64_t seed);
  /// §5.4: −σ_j on the first k_prime neurons of `list` (pre-TopK, or post when `post`).
  static SteerRequest manipulation(const NeuronTable& table, const std::vector<int64_t>& list, int64_t k_prime,
                                   bool post = false);

 private:
  std::unique_ptr<SplitCache> build(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae, data::Split s);
  SessionOptions opt_;
  int64_t n_latents_ = 0;
  std::vector<std::vector<int32_t>> history_valid_, history_test_;
  std::unique_ptr<SplitCache> valid_, test_;
  const data::Dataset* dataset_ = nullptr;
};

}  // namespace popsteer::steering
