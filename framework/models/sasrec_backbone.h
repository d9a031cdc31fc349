#pragma once
/// SASRec behind the Backbone interface: representations, scores, training epochs.
#include <memory>

#include "models/sasrec.h"
#include "models/sasrec_samples.h"
#include "models/train_options.h"
#include "models/trainable.h"

namespace popsteer::models {

class SasrecBackbone : public TrainableBackbone {
 public:
  /// Builds (and initialises, from the current torch seed) a fresh model on `device`.
  SasrecBackbone(const SASRecOptions& options, const TrainOptions& train,
                 std::shared_ptr<const data::Dataset> dataset, torch::Device device);

  std::string kind() const override { return "sasrec"; }
  int64_t dim() const override { return model_->options.hidden_size(); }
  bool masks_history() const override { return false; }
  torch::Tensor user_representation(const std::vector<int32_t>& users, data::Split split) override;
  torch::Tensor sequence_representation(const torch::Tensor& items) override;
  torch::Tensor item_embeddings() override;
  /// One row per training target (user-major, chronological), from the windows of the
  /// configured formulation: exact prefixes for "prefix", all-positions windows otherwise.
  torch::Tensor sae_training_inputs() override;
  /// sae_training_inputs() in train mode: hidden and attention dropout active.
  torch::Tensor sae_training_inputs_with_dropout(uint64_t seed) override;
  const data::Dataset& dataset() const override { return *dataset_; }
  torch::Device device() const override { return device_; }

  torch::nn::Module& module() override { return *model_; }
  std::string options_toml() const override { return model_->options.to_toml(); }
  EpochStats train_epoch(torch::optim::Optimizer& optimizer, int64_t batch_size,
                         std::mt19937_64& rng) override;

  SASRec& model() { return model_; }
  /// The training windows of the configured formulation.
  const std::vector<SasrecWindow>& windows() const { return windows_; }
  /// Analytic forward+backward FLOPs of one batch of `rows` windows of length L with
  /// `targets` loss terms.
  double batch_flops(int64_t rows, int64_t targets) const;

 private:
  /// [B, d] last-position outputs of left-aligned sequences (eval, no grad, batched).
  torch::Tensor encode_last(const std::vector<std::span<const int32_t>>& sequences);
  /// The rows of sae_training_inputs() with the model in its current mode (no grad).
  torch::Tensor training_target_outputs();

  SASRec model_;
  TrainOptions train_;
  std::shared_ptr<const data::Dataset> dataset_;
  torch::Device device_;
  std::vector<SasrecWindow> windows_;
};

}  // namespace popsteer::models
