#include "cli/models_common.h"

#include <cstdio>

#include "config/document.h"
#include "data/prepare.h"
#include "data/synth.h"
#include "models/device.h"

namespace popsteer::cli {

CLI::App* subcommand(CLI::App& parent, const std::string& name, const std::string& description) {
  auto found = parent.get_subcommands([&](CLI::App* a) { return a->get_name() == name; });
  if (!found.empty()) return found.front();
  auto* app = parent.add_subcommand(name, description);
  app->require_subcommand(1);
  return app;
}

void DatasetArgs::add_to(CLI::App& command) {
  command.add_option("--dataset", path, "Interaction file (any reader format) or 'synthetic'")
      ->required();
  command.add_option("--config", config_path, "TOML file with [backbone] and/or [data] tables");
  command.add_option("--k-core", k_core, "k-core filter (overrides [data] k_core; <=1 = off)");
}

std::shared_ptr<const data::Dataset> load_dataset(const DatasetArgs& args) {
  data::PrepareOptions options;
  if (!args.config_path.empty()) {
    auto doc = config::Document::parse_file(args.config_path);
    auto root = doc->root();
    if (root.has("data")) options = data::PrepareOptions::from_config(root.section("data"));
  }
  if (args.k_core >= 0) options.k_core = args.k_core;
  std::shared_ptr<data::Dataset> dataset;
  if (args.path == "synthetic")
    dataset = std::make_shared<data::Dataset>(data::synth_dataset(data::SynthOptions{}, options));
  else
    dataset = std::make_shared<data::Dataset>(data::prepare_file(args.path, options));
  std::printf("dataset %s: %d users, %d items, %lld interactions (k_core=%lld, hash %s)\n",
              dataset->name.c_str(), dataset->n_users, dataset->n_items,
              static_cast<long long>(dataset->n_interactions()),
              static_cast<long long>(options.k_core), dataset->content_hash.c_str());
  std::fflush(stdout);
  return dataset;
}

models::BackboneConfig load_backbone_config(const std::string& config_path) {
  if (config_path.empty()) return {};
  auto doc = config::Document::parse_file(config_path);
  auto root = doc->root();
  auto config = models::BackboneConfig::from_config(root.section("backbone"));
  // [data] is applied by load_dataset; read it here too so that the whole file is checked
  // and a misspelt top-level table is an error rather than silently ignored.
  data::PrepareOptions::from_config(root.section("data"));
  root.finish();
  return config;
}

void print_metrics(const std::string& label, const std::string& split,
                   const metrics::MetricSet& m, int64_t k) {
  std::printf("%-10s %-5s ndcg@%lld=%.4f hit@%lld=%.4f coverage@%lld=%.4f gini@%lld=%.4f users=%lld\n",
              label.c_str(), split.c_str(), (long long)k, m.ndcg, (long long)k, m.hit,
              (long long)k, m.coverage, (long long)k, m.gini, (long long)m.users);
  std::fflush(stdout);
}

void setup_torch(int64_t threads) {
  const int64_t n = models::set_torch_threads(threads);
  std::printf("threads=%lld device=%s\n", static_cast<long long>(n),
              models::select_device().str().c_str());
  std::fflush(stdout);
}

}  // namespace popsteer::cli
