#pragma once
/// Where a run's dataset comes from, as one config table: a file (prepared through the
/// cache) or the built-in synthetic generator.
///
///   [data]
///   path = "../shared/data/ml-1m/ml-1m.seq.txt"   # absent or "synthetic": built-in data
///   k_core = 5                                      # + any PrepareOptions key
///   [data.synth]                                    # SynthOptions keys (synthetic only)
///   n_users = 1000
#include <string>

#include "config/section.h"
#include "data/dataset.h"
#include "data/prepare_options.h"
#include "data/synth.h"

namespace popsteer::data {

struct DataSource {
  std::string path;  ///< interaction file; empty = synthetic
  PrepareOptions prepare;
  SynthOptions synth;

  bool synthetic() const { return path.empty(); }

  /// Reads `path` (optional; "synthetic" means empty), the sub-table `synth`, then every
  /// PrepareOptions key (strict: unknown keys are errors).
  static DataSource from_config(config::Section s);

  /// The prepared dataset: synth_dataset(...) for synthetic data (cheap, not cached),
  /// otherwise load_or_prepare(path, prepare, cache_dir) — or prepare_file when
  /// cache_dir is empty.
  Dataset load(const std::string& cache_dir = "") const;
};

}  // namespace popsteer::data
