#pragma once
/// The parsed sweep file (strict TOML; see docs/readme/sweep.md for the reference).
/// Grids are lists of values; the planner expands them as cartesian products.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/document.h"

namespace popsteer::sweep {

/// One named axis of a grid, e.g. {"alpha_pop", [1.0, 1.5]}. Values are JSON scalars.
struct GridAxis {
  std::string name;
  std::vector<nlohmann::json> values;
};

struct BaselineGrid {
  std::string method;          ///< reranker name ("ipr", "fair", ...)
  std::vector<GridAxis> axes;  ///< in file order; a method without keys has one config {}
};

/// `[test]`: makes the sweep run the built-in synthetic kinds (for tests and demos).
struct TestOptions {
  std::string kinds;                  ///< "" (real kinds) | "synthetic"
  int64_t sleep_ms = 0;               ///< sleep per synthetic task
  int64_t row_sleep_ms = 0;           ///< extra sleep per synthetic row
  std::vector<std::string> fail_methods;  ///< rerank methods whose blocks always throw
  int64_t fail_first_attempts = 0;    ///< every steer block throws on its first N attempts
};

struct SweepSpec {
  std::string name;                  ///< default: the sweep file's stem
  uint64_t seed = 0;                 ///< the sweep seed (all task seeds derive from it)
  std::string results_dir;           ///< default: results/<name> (relative to the cwd)
  std::string data_root;             ///< where dataset folders live ("" = POPSTEER_DATA or ../shared/data)
  int64_t max_tasks = 20000;         ///< planning error above this many tasks
  int64_t retries = 2;               ///< extra attempts for a task that throws

  std::vector<std::string> datasets;
  std::vector<std::string> backbones{"sasrec"};
  std::vector<int64_t> seeds{0};     ///< backbone seeds

  std::vector<int64_t> sae_scale{32};
  std::vector<int64_t> sae_k{48};

  bool steering = false;             ///< a [steering] table is present
  std::vector<double> alpha_pop{1.0}, alpha_unpop{1.0}, beta;
  std::vector<int64_t> n_neurons;
  std::vector<std::string> variants{"popsteer"};
  /// Noise-ablation strengths ([steering] noise_xi): a grid axis of the "noise" variant
  /// only (thesis Table 7.2); empty = the single [options.steer] noise_xi.
  std::vector<double> noise_xi;

  std::vector<BaselineGrid> baselines;

  std::vector<int64_t> eval_k{10};
  double eval_tau = 5.0;             ///< ItemCoverage@K threshold tau (thesis: 5; 0 or 1 = any list counts)
  std::vector<std::string> splits{"valid", "test"};

  int64_t steer_block = 64;          ///< steering configs per steer task
  int64_t rerank_block = 8;          ///< baseline configs per rerank task

  nlohmann::json options = nlohmann::json::object();  ///< [options.<kind>] tables, passed to tasks
  nlohmann::json cost = nlohmann::json::object();     ///< [cost] overrides: kind -> seconds/task

  TestOptions test;

  std::shared_ptr<config::Document> document;  ///< the resolved document (for provenance)
  std::string resolved_toml;

  /// Reads every key strictly. `[slurm]` is left to the slurm module (marked used here).
  static SweepSpec from_document(std::shared_ptr<config::Document> doc);
  /// parse_file + apply each "a.b=VALUE" override, then from_document.
  static SweepSpec load(const std::string& path, const std::vector<std::string>& overrides = {});
};

}  // namespace popsteer::sweep
