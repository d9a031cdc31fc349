#pragma once
/// `[slurm]` table of a sweep file: everything site-specific comes from here (or from
/// command-line overrides such as `slurm.partition="gpu"`), never from the code.
#include <cstdint>
#include <string>
#include <vector>

#include "config/section.h"

namespace popsteer::slurm {

struct SlurmOptions {
  std::string account;                 ///< --account ("" = omit)
  std::string partition;               ///< --partition ("" = cluster default)
  std::string time = "01:00:00";       ///< --time per array task (SLURM syntax)
  std::string mem;                     ///< --mem per node, e.g. "8G" ("" = omit)
  int64_t cpus_per_task = 1;           ///< --cpus-per-task
  int64_t gpus_per_task = 0;           ///< --gpus-per-task (0 = omit)
  std::vector<std::string> modules;    ///< `module load X` lines
  std::vector<std::string> setup;      ///< extra shell lines before popsteer runs
  std::vector<std::string> sbatch_args;  ///< extra #SBATCH lines, e.g. "--qos=short"
  int64_t throttle = 0;                ///< array `%N` (0 = unthrottled)
  int64_t max_array_size = 0;          ///< 0 = ask `scontrol show config`, else this
  int64_t fallback_max_array_size = 1001;  ///< when scontrol is unavailable
  int64_t tasks_per_shard = 1;         ///< tasks of a stage per array index (>= 1)
  int64_t signal_grace_s = 60;         ///< --signal=B:USR1@N: drain N s before the limit (0 = off)
  bool allow_failures = true;          ///< a failed task does not fail its array task (chain goes on)
  std::string popsteer;                ///< executable ("" = this process's own path)
  // single-allocation MPI script
  int64_t mpi_ranks = 2;               ///< --ntasks
  std::string launcher = "mpirun";     ///< "mpirun" | "srun"
  std::string mpi_time;                ///< --time of the MPI job ("" = `time`)

  static SlurmOptions from_config(config::Section s);
};

/// MaxArraySize from `scontrol show config`, or 0 if scontrol is missing or silent.
int64_t query_max_array_size();

}  // namespace popsteer::slurm
