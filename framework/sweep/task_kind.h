#pragma once
/// Task kinds and the context a running task sees.
///
/// A TaskKind is a named callback with a stage number and a cost model. Kinds live in an
/// explicit TaskKindRegistry that is built by the caller (the CLI) and passed to the
/// planner and the executors: there is no global registry.
///
/// Wiring a real kind (e.g. in the CLI's sweep_kinds.cpp):
/// ```
///   TaskKindRegistry kinds = standard_kinds();          // declares prepare..rerank
///   kinds.set_run("sae", [](const Task& t, TaskContext& ctx) {
///     auto p = nlohmann::json::parse(t.params);          // {"scale":32,"k":48,"options":{...}}
///     ... read ctx.input_dirs[0] (the backbone's artifacts), train with ctx.seed,
///     ... save the checkpoint under ctx.artifact_dir, call ctx.check_stop() per epoch
///     return rows;                                        // std::vector<ResultRow>
///   });
/// ```
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "config/section.h"
#include "sweep/result_row.h"
#include "sweep/task.h"

namespace popsteer::sweep {

/// What a running task may use. Everything a task writes goes under `artifact_dir`, a
/// private temporary folder that is renamed to its final name only when the task has
/// returned successfully and its rows are on disk.
struct TaskContext {
  std::string artifact_dir;              ///< write artifacts here (exists, empty)
  std::vector<std::string> input_dirs;   ///< final artifact folders of task.inputs, same order
  uint64_t seed = 0;                     ///< derive_seed(sweep seed, task id)
  int attempt = 0;                       ///< 0 for the first try in this run, 1 for the first retry...
  int rank = 0;                          ///< MPI rank (0 without MPI)
  int local_rank = 0;                    ///< rank on this node (OMPI_COMM_WORLD_LOCAL_RANK / SLURM_LOCALID)
  std::string sweep_name;
  const std::atomic<bool>* stop_flag = nullptr;
  /// Progress reporter: (done, total, detail); rate-limited by the executor.
  std::function<void(int64_t, int64_t, const std::string&)> progress;

  /// True once the run is draining (SIGTERM/SIGUSR1): long tasks should return or throw
  /// Interrupted at the next safe point.
  bool should_stop() const { return stop_flag && stop_flag->load(std::memory_order_relaxed); }
  /// Throws popsteer::Interrupted when should_stop().
  void check_stop() const;
  void report(int64_t done, int64_t total, const std::string& detail = "") const {
    if (progress) progress(done, total, detail);
  }
};

using RunFn = std::function<std::vector<ResultRow>(const Task&, TaskContext&)>;

struct TaskKind {
  std::string name;         ///< "prepare", "backbone", ...
  int stage = 0;            ///< tasks of a kind only read artifacts of lower stages
  std::string description;
  double cost_per_task = 1.0;  ///< seconds per task (estimate, for `sweep plan`)
  double cost_per_row = 0.0;   ///< extra seconds per expected result row
  RunFn run;                ///< empty = declared but not implemented yet
  /// Optional: validates the kind's `[options.<name>]` table strictly (read every key,
  /// then s.finish()). Without it, a non-empty options table is an error.
  std::function<void(config::Section)> check_options;

  double estimate(const Task& t) const { return cost_per_task + cost_per_row * t.expected_rows; }
};

class TaskKindRegistry {
 public:
  /// Adds a kind; a second kind with the same name is a programming error (throws).
  void add(TaskKind kind);
  /// Replaces the run callback of a declared kind.
  void set_run(const std::string& name, RunFn run);
  void set_check_options(const std::string& name, std::function<void(config::Section)> check);
  bool has(const std::string& name) const { return kinds_.count(name) > 0; }
  /// Throws std::runtime_error naming the registered kinds when absent.
  const TaskKind& get(const std::string& name) const;
  TaskKind& get_mutable(const std::string& name);
  std::vector<std::string> names() const;

 private:
  std::map<std::string, TaskKind> kinds_;
};

/// The six kinds of the PopSteer pipeline, declared with their stages and default cost
/// figures but without run callbacks:
///   prepare (0) -> backbone (1) -> sae (2) -> analyze (3) -> steer (4);  backbone -> rerank (2).
TaskKindRegistry standard_kinds();

/// Stable id of one evaluated configuration: hash of (upstream task id, method, params).
std::string config_id(const std::string& upstream_id, const std::string& method,
                      const std::string& params_json);

}  // namespace popsteer::sweep
