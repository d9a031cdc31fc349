#pragma once
/// Backbone checkpoints: the module's weights plus provenance (resolved [backbone] config,
/// dataset content hash and size, best epoch), in LibTorch's archive format. This file is
/// the only place the models module touches the filesystem.
#include <memory>
#include <string>

#include "models/factory.h"
#include "models/trainer.h"

namespace popsteer::models {

struct CheckpointInfo {
  std::string kind;           ///< "sasrec" | "lightgcn"
  std::string config_toml;    ///< BackboneConfig::to_toml() of the training run
  std::string dataset_hash;   ///< Dataset::content_hash
  std::string dataset_name;
  int64_t n_users = 0, n_items = 0;
  int64_t best_epoch = 0;
  double best_valid_ndcg = 0;
  int64_t epochs_run = 0;
};

/// Writes `path` atomically (to "<path>.tmp-<pid>", then rename).
void save_checkpoint(const std::string& path, TrainableBackbone& backbone,
                     const BackboneConfig& config, const TrainReport& report);

/// Reads only the provenance. UserError if `path` is missing or not a popsteer checkpoint.
CheckpointInfo read_checkpoint_info(const std::string& path);

/// The resolved config the checkpoint was trained with (info.config_toml parsed; `path`
/// names it in errors).
BackboneConfig stored_config(const CheckpointInfo& info, const std::string& path);

/// Rebuilds the backbone from the checkpoint's own config and loads its weights.
/// UserError when the dataset differs (content hash or sizes) or, if `expected` is
/// given, when its resolved config differs from the checkpoint's (the differing lines
/// are named).
std::unique_ptr<TrainableBackbone> load_checkpoint(const std::string& path,
                                                   std::shared_ptr<const data::Dataset> dataset,
                                                   torch::Device device,
                                                   const BackboneConfig* expected = nullptr);

}  // namespace popsteer::models
