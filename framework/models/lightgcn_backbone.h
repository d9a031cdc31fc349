#pragma once
/// LightGCN behind the Backbone interface: propagated embeddings, BPR training epochs.
#include <memory>

#include "models/lightgcn.h"
#include "models/train_options.h"
#include "models/trainable.h"

namespace popsteer::models {

class LightgcnBackbone : public TrainableBackbone {
 public:
  /// Builds the normalised training graph and a fresh model (initialised from the
  /// current torch seed) on `device`.
  LightgcnBackbone(const LightGCNOptions& options, const TrainOptions& train,
                   std::shared_ptr<const data::Dataset> dataset, torch::Device device);

  std::string kind() const override { return "lightgcn"; }
  int64_t dim() const override { return model_->options.embedding_size(); }
  bool masks_history() const override { return true; }
  /// The propagated user embeddings (the same for both splits: the graph holds only the
  /// training portion).
  torch::Tensor user_representation(const std::vector<int32_t>& users, data::Split split) override;
  /// Mean of the propagated embeddings of each row's non-PAD items (thesis §8.3); a row
  /// without items gives zeros.
  torch::Tensor sequence_representation(const torch::Tensor& items) override;
  torch::Tensor item_embeddings() override;
  /// [n_users, d] every real user's propagated embedding, in id order 1..n_users.
  torch::Tensor sae_training_inputs() override;
  // sae_training_inputs_with_dropout: the Backbone default (UserError), LightGCN has no
  // dropout (A-14 concerns SASRec).
  const data::Dataset& dataset() const override { return *dataset_; }
  torch::Device device() const override { return device_; }

  torch::nn::Module& module() override { return *model_; }
  std::string options_toml() const override { return model_->options.to_toml(); }
  EpochStats train_epoch(torch::optim::Optimizer& optimizer, int64_t batch_size,
                         std::mt19937_64& rng) override;

  LightGCN& model() { return model_; }
  /// Uniform negative for `user`: an item id in 1..n_items outside the user's training set.
  int32_t sample_negative(int32_t user, std::mt19937_64& rng) const;
  /// Analytic forward+backward FLOPs of one step with `batch` triples.
  double step_flops(int64_t batch) const;

 private:
  /// Propagated (users, items) in eval mode without grad.
  std::pair<torch::Tensor, torch::Tensor> propagated();

  LightGCN model_{nullptr};
  TrainOptions train_;
  std::shared_ptr<const data::Dataset> dataset_;
  torch::Device device_;
  std::vector<std::pair<int32_t, int32_t>> samples_;   // training (user, item), duplicates kept
  std::vector<std::vector<int32_t>> train_sets_;       // sorted unique training items per user
};

}  // namespace popsteer::models
