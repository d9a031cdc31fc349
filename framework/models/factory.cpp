#include "models/factory.h"

#include "core/error.h"
#include "core/seed.h"
#include "models/lightgcn_backbone.h"
#include "models/sasrec_backbone.h"
#include "models/toml_text.h"

namespace popsteer::models {

const std::vector<BackboneEntry>& backbone_registry() {
  static const std::vector<BackboneEntry> entries = {
      {"sasrec", "SASRec: causal self-attention over the last 50 items, CE over all items"},
      {"lightgcn", "LightGCN: 2-layer graph propagation on the user-item graph, BPR loss"},
  };
  return entries;
}

BackboneConfig BackboneConfig::from_config(config::Section s) {
  BackboneConfig c;
  std::vector<std::string> names;
  for (const auto& e : backbone_registry()) names.push_back(e.name);
  c.model = s.get_string("model", c.model, names);
  c.seed = s.get_int("seed", c.seed, {0, 9.0e18});
  c.sasrec = SASRecOptions::from_config(s.section("sasrec"), 0);
  c.lightgcn = LightGCNOptions::from_config(s.section("lightgcn"), 0, 0);
  c.train = TrainOptions::from_config(s.section("train"));
  s.finish();
  return c;
}

std::string BackboneConfig::to_toml() const {
  std::string text = "[backbone]\n" + toml_line("model", model) + toml_line("seed", seed);
  text += "\n[backbone." + model + "]\n";
  text += model == "sasrec" ? sasrec.to_toml() : lightgcn.to_toml();
  text += "\n[backbone.train]\n" + train.to_toml();
  return text;
}

std::unique_ptr<TrainableBackbone> make_backbone(const BackboneConfig& config,
                                                 std::shared_ptr<const data::Dataset> dataset,
                                                 torch::Device device) {
  torch::manual_seed(derive_seed(static_cast<uint64_t>(config.seed), "backbone-init/" + config.model));
  if (config.model == "sasrec") {
    auto options = config.sasrec;
    options.n_items(dataset->n_items);
    return std::make_unique<SasrecBackbone>(options, config.train, std::move(dataset), device);
  }
  if (config.model == "lightgcn") {
    auto options = config.lightgcn;
    options.n_users(dataset->n_users).n_items(dataset->n_items);
    return std::make_unique<LightgcnBackbone>(options, config.train, std::move(dataset), device);
  }
  throw UserError("unknown backbone '" + config.model + "' (known: sasrec, lightgcn)");
}

}  // namespace popsteer::models
