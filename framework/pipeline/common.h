#pragma once
/// Shared glue of the pipeline task kinds: option tables, evaluation settings, artifact
/// paths, loading upstream artifacts and turning top-K lists into result rows.
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/document.h"
#include "data/dataset.h"
#include "metrics/lists.h"
#include "metrics/metrics.h"
#include "models/trainable.h"
#include "sweep/result_row.h"
#include "sweep/task.h"

namespace popsteer::pipeline {

using nlohmann::json;

/// Artifact file names (inside a task's artifact folder).
inline constexpr const char* kDatasetFile = "dataset.h5";
inline constexpr const char* kBackboneFile = "backbone.pt";
inline constexpr const char* kSaeFile = "sae.pt";
inline constexpr const char* kSaeInfoFile = "sae.json";
inline constexpr const char* kNeuronFile = "neurons.h5";
std::string candidates_file(const std::string& split);  ///< "candidates_<split>.pt"
std::string z_file(const std::string& split);           ///< "z_<split>.pt"

/// A JSON options object (a task's `options`) as a strict config document named
/// "[options.<kind>]", so the modules' from_config readers validate it (unknown keys are
/// errors). Only tables, scalars and arrays of scalars are expected.
std::shared_ptr<config::Document> options_document(const json& options, const std::string& kind);

/// LibTorch intra-op threads for a task: $POPSTEER_THREADS if set (> 0), else the cores
/// this process may use divided by the ranks on this node (OMPI_COMM_WORLD_LOCAL_SIZE),
/// so R ranks on one node do not oversubscribe it. Returns the number set.
int64_t setup_threads();

/// The sweep's `eval` table as planned into every evaluating task.
struct EvalSettings {
  std::vector<int64_t> k;            ///< cut-offs (rows per K)
  int64_t tau = 1;                   ///< ItemCoverage threshold (sweep tau, at least 1)
  std::vector<std::string> splits;   ///< "valid" / "test"
  int32_t max_k() const;
  static EvalSettings from_json(const json& eval);
};

data::Split parse_split(const std::string& split);

/// Every real user id 1..n_users (the evaluation users, in row order).
std::vector<int32_t> eval_users(const data::Dataset& dataset);

/// The prepared dataset written by the prepare task in `prepare_dir`.
std::shared_ptr<const data::Dataset> load_prepared(const std::string& prepare_dir);

/// The backbone checkpoint of the backbone task in `backbone_dir`, on the selected device.
std::unique_ptr<models::TrainableBackbone> load_backbone(const std::string& backbone_dir,
                                                         std::shared_ptr<const data::Dataset> dataset);

/// Identity of the rows of one evaluated config (without split, K and metrics).
struct RowIdentity {
  std::string config_id, method, params_json, label;
};

/// One row per K of `eval` for `lists` (rows in eval_users order) on `split`.
/// `seconds` is spread evenly over the rows.
std::vector<sweep::ResultRow> evaluate_rows(const sweep::Task& task, const RowIdentity& id,
                                            const std::string& split,
                                            const metrics::TopKLists& lists,
                                            const data::Dataset& dataset, const EvalSettings& eval,
                                            double seconds);

/// Seconds since `start`.
double elapsed_since(std::chrono::steady_clock::time_point start);

/// Saves / loads a tensor with LibTorch's archive format (written as `path` directly; the
/// task folder itself is committed atomically by the sweep store).
void save_tensor(const torch::Tensor& t, const std::string& path);
torch::Tensor load_tensor(const std::string& path);

}  // namespace popsteer::pipeline
