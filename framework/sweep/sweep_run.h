#pragma once
/// `popsteer sweep run` and `sweep status`: the glue between plan, store and executors.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "io/h5.h"
#include "sweep/mpi_session.h"
#include "sweep/planner.h"
#include "sweep/store.h"

namespace popsteer::sweep {

struct RunOptions {
  int stage = -1;           ///< only this stage (-1: every stage)
  int64_t shard = 0;        ///< run shard `shard` of `shards` (round-robin over the stage's tasks)
  int64_t shards = 1;
  io::H5Options h5;         ///< HDF5 file locking (off by default)
  double progress_interval_s = 10;
};

struct RunReport {
  int64_t selected = 0, already_done = 0, done = 0, failed = 0, skipped = 0, pending = 0;
  int64_t cleaned = 0;                 ///< stale temporary folders removed
  std::vector<std::string> quarantined;  ///< completed tasks with a corrupt rows file, re-run
  bool interrupted = false;
  double seconds = 0;
  std::vector<int64_t> tasks_per_rank;
  std::vector<std::string> messages;   ///< failures and skips, one line each
};

/// Plan positions a run with `stage`/`shard`/`shards` is responsible for.
std::vector<size_t> select_tasks(const Plan& plan, int stage, int64_t shard, int64_t shards);

/// Runs the selected tasks with the local executor (session inactive or 1 rank without
/// MPI) or the MPI executor. Skips completed tasks. Valid report on rank 0.
RunReport run_sweep(const SweepSpec& spec, const Plan& plan, const TaskKindRegistry& kinds,
                    const RunOptions& options, MpiSession& session);

/// One-line summary plus the failure/skip lines.
std::string format_run_report(const RunReport& r);

struct KindStatus {
  int stage = 0;
  int64_t done = 0, failed = 0, pending = 0;
};
struct SweepStatus {
  std::map<std::string, KindStatus> kinds;
  std::vector<FailureRecord> failures;  ///< of tasks not (yet) done
};
SweepStatus sweep_status(const Plan& plan, const TaskStore& store);
std::string format_status(const SweepStatus& s);

}  // namespace popsteer::sweep
