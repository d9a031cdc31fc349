#pragma once
/// The unit of work of a sweep: a Task is (kind, resolved parameters, input task ids,
/// dataset content hash). Its id is a stable hash of exactly those four, so the same work
/// has the same id on every machine, rank count and run: that is what resume, artifact
/// caching and seed derivation are keyed on. No LibTorch, no MPI.
#include <cstdint>
#include <string>
#include <vector>

namespace popsteer::sweep {

struct Task {
  std::string kind;                 ///< registered TaskKind name ("prepare", "sae", ...)
  std::string params;               ///< canonical JSON object (sorted keys, no spaces)
  std::vector<std::string> inputs;  ///< ids of the tasks whose artifacts this one reads
  std::string dataset_hash;         ///< content hash of the dataset the task works on ("" if none)
  std::string id;                   ///< task_id(kind, params, inputs, dataset_hash)

  // --- filled by the planner, not part of the id
  std::string label;        ///< short human description ("sae ml-100k/sasrec/0 s=32 k=48")
  std::string dataset;      ///< dataset name (for rows and reports)
  std::string backbone;     ///< backbone name ("" for prepare)
  int64_t backbone_seed = 0;
  int stage = 0;            ///< stage number of the kind (SLURM: one array job per stage)
  int64_t expected_rows = 0;  ///< result rows the task writes when it succeeds
  double cost = 0;          ///< cost estimate in seconds (from the kind's cost model)
};

/// Stable id: 32 hex digits of XXH3-128 over a versioned, length-prefixed encoding of
/// (kind, params, inputs in order, dataset_hash).
std::string task_id(const std::string& kind, const std::string& params,
                    const std::vector<std::string>& inputs, const std::string& dataset_hash);

/// Builds a Task and fills its id.
Task make_task(std::string kind, std::string params, std::vector<std::string> inputs,
               std::string dataset_hash);

}  // namespace popsteer::sweep
