#pragma once
/// Backbone configuration ([backbone] table) and the registry that builds a backbone by name.
///
/// ```toml
/// [backbone]
/// model = "sasrec"        # or "lightgcn"
/// seed = 2020
/// [backbone.sasrec]       # SASRecOptions keys (all optional)
/// [backbone.lightgcn]     # LightGCNOptions keys (all optional)
/// [backbone.train]        # TrainOptions keys (all optional)
/// ```
#include <memory>
#include <string>
#include <vector>

#include "models/lightgcn.h"
#include "models/sasrec.h"
#include "models/train_options.h"
#include "models/trainable.h"

namespace popsteer::models {

struct BackboneConfig {
  std::string model = "sasrec";
  int64_t seed = 2020;  ///< RecBole's default seed
  SASRecOptions sasrec;
  LightGCNOptions lightgcn;
  TrainOptions train;

  /// Reads the [backbone] table strictly (unknown keys are errors).
  static BackboneConfig from_config(config::Section backbone);
  /// Canonical resolved TOML of [backbone], [backbone.<model>] and [backbone.train]:
  /// equal configs give equal text (checkpoint provenance and comparison).
  std::string to_toml() const;
};

struct BackboneEntry {
  std::string name;
  std::string description;
};
/// The registered backbone names with a one-line description each.
const std::vector<BackboneEntry>& backbone_registry();

/// Builds a fresh backbone for `dataset` on `device`. Parameters are initialised from
/// derive_seed(config.seed, "backbone-init/<model>"); throws UserError for an unknown name.
std::unique_ptr<TrainableBackbone> make_backbone(const BackboneConfig& config,
                                                 std::shared_ptr<const data::Dataset> dataset,
                                                 torch::Device device);

}  // namespace popsteer::models
