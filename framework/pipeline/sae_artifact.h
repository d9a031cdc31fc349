#pragma once
/// The SAE task's artifacts and their readers: sae.pt (weights), sae.json (shape and
/// training figures), items.pt (the backbone's item embeddings, [I, d]), z_<split>.pt
/// (pre-activations of every evaluation user, [U, N]). Steering reads only these, so it
/// never touches the backbone.
#include <string>
#include <vector>

#include <span>

#include "data/dataset.h"
#include "models/backbone.h"
#include "pipeline/common.h"
#include "sae/sae.h"
#include "steering/evaluator.h"

namespace popsteer::pipeline {

inline constexpr const char* kItemsFile = "items.pt";

struct SaeInfo {
  int64_t dim = 0, scale = 0, k = 0;
  std::string compat = "thesis";
  double valid_fvu = 0, dead_fraction = 0;
  int64_t best_epoch = 0, epochs = 0;
  json to_json() const;
  static SaeInfo from_json(const json& j);
};

/// Reads sae.json and sae.pt of an SAE task folder.
sae::SparseAutoencoder load_sae(const std::string& sae_dir, SaeInfo* info = nullptr);

/// [U, d] user representations of `users` on `split` in batches (CPU float32, contiguous).
torch::Tensor user_representations(models::Backbone& backbone, const std::vector<int32_t>& users,
                                   data::Split split);

/// Per evaluation-user row, the items never listed (history masking, §6.1) when the
/// backbone masks history; empty otherwise. Spans into `dataset`.
std::vector<std::span<const int32_t>> history_exclusions(const data::Dataset& dataset, bool masks_history,
                                                         data::Split split);

/// Steering evaluator inputs from the cached artifacts.
steering::SteeringInputs steering_inputs(const torch::Tensor& z, sae::SparseAutoencoderImpl& sae,
                                         const torch::Tensor& items);

}  // namespace popsteer::pipeline
