#pragma once
/// Shared pieces of the backbone commands (train backbone, evaluate, bench train).
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "data/dataset.h"
#include "models/factory.h"
#include "metrics/metrics.h"

namespace popsteer::cli {

/// The subcommand `name` of `parent`, created if no other command group made it yet
/// (several groups share `train`, `bench`).
CLI::App* subcommand(CLI::App& parent, const std::string& name, const std::string& description);

/// Dataset flags shared by the commands.
struct DatasetArgs {
  std::string path;         ///< interaction file or "synthetic"
  std::string config_path;  ///< optional TOML with [data] / [backbone]
  int64_t k_core = -1;      ///< -1 = from config / default (5)
  void add_to(CLI::App& command);
};

/// Loads (prepares) the dataset: [data] of the config gives PrepareOptions; --k-core
/// overrides; "synthetic" builds the data module's default synthetic dataset.
std::shared_ptr<const data::Dataset> load_dataset(const DatasetArgs& args);

/// [backbone] of the config file (defaults when no file).
models::BackboneConfig load_backbone_config(const std::string& config_path);

/// "valid ndcg@10=0.0512 hit@10=0.1003 cov@10=0.2210 gini@10=0.8811" style line.
void print_metrics(const std::string& label, const std::string& split,
                   const metrics::MetricSet& metrics, int64_t k);

/// Sets LibTorch threads and prints "threads=T device=D".
void setup_torch(int64_t threads);

}  // namespace popsteer::cli
