#pragma once
/// The planner: expands a SweepSpec into the task DAG.
///
///   prepare(dataset) -> backbone(dataset, backbone, seed) -> sae(scale, k) -> analyze
///     -> steer blocks (steering grid, `blocks.steer` configs per task)
///   backbone -> rerank blocks (one baseline's grid, `blocks.rerank` configs per task)
///
/// Each task's params are canonical JSON, so equal work has equal ids across sweep files.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "sweep/sweep_spec.h"
#include "sweep/task.h"
#include "sweep/task_kind.h"

namespace popsteer::sweep {

/// Cartesian product of grid axes as JSON objects {axis: value}, first axis slowest (so
/// blocks group nearby configs). One empty object when there are no axes.
std::vector<nlohmann::json> expand_grid(const std::vector<GridAxis>& axes);

struct PlannerOptions {
  /// Re-ranking baselines a sweep may name (validated; later: the reranker registry's names).
  std::vector<std::string> known_rerankers{"ipr", "fair", "pmmf", "pct", "duor", "random"};
  /// Steering variants a sweep may name.
  std::vector<std::string> known_variants{"popsteer", "noise", "randomselect"};
  /// Content hash of a dataset by name; default: dataset_content_hash(data_root, name).
  std::function<std::string(const std::string&)> dataset_hash;
};

struct Plan {
  std::string sweep;
  uint64_t seed = 0;
  std::vector<Task> tasks;                         ///< topological: inputs come first
  std::unordered_map<std::string, size_t> index;   ///< task id -> position in tasks

  /// Stage numbers that have tasks, ascending.
  std::vector<int> stages() const;
  /// Positions of the tasks of `stage`, in plan order (the order shards are cut from).
  std::vector<size_t> stage_tasks(int stage) const;
  int64_t expected_rows() const;
};

/// Expands the grids. Throws UserError (with file:line) for an unknown method or variant,
/// options for an unknown kind, more than spec.max_tasks tasks, or a kind missing from
/// `kinds`.
Plan make_plan(const SweepSpec& spec, const TaskKindRegistry& kinds, const PlannerOptions& options);

/// Hash of a dataset's files: `root/name` (a folder: every file, sorted by relative path;
/// or a file). Names starting with "synthetic" hash their name (generated data). Throws
/// UserError when the dataset is not found.
std::string dataset_content_hash(const std::string& root, const std::string& name);

/// Per kind and stage: task count, expected rows, estimated seconds.
struct PlanCount {
  int stage = 0;
  int64_t tasks = 0, rows = 0;
  double seconds = 0;
};
std::map<std::string, PlanCount> count_plan(const Plan& plan, const TaskKindRegistry& kinds,
                                            const SweepSpec& spec);
/// The `sweep plan` report (a table plus totals).
std::string format_plan(const Plan& plan, const TaskKindRegistry& kinds, const SweepSpec& spec);

}  // namespace popsteer::sweep
