#pragma once
/// sbatch scripts for a sweep: one array job per stage (index i runs shard i of the
/// stage), chained with --dependency=afterok; stages whose shard count exceeds
/// MaxArraySize are split into several array jobs (parts) with an index offset. Plus an
/// alternative single-allocation script running the MPI driver.
#include <cstdint>
#include <string>
#include <vector>

#include "slurm/slurm_options.h"
#include "sweep/planner.h"

namespace popsteer::slurm {

struct JobScript {
  int stage = -1;            ///< -1 for the MPI script
  int64_t part = 0;
  int64_t first_shard = 0;   ///< shard of array index 0
  int64_t array_size = 0;    ///< indices 0..array_size-1 (0 for the MPI script)
  int64_t shards = 0;        ///< shards of the whole stage
  std::string path;          ///< where the script is written
  std::string text;
};

struct RenderInput {
  std::string sweep_file;                ///< absolute path
  std::vector<std::string> overrides;    ///< passed on to every `popsteer sweep run`
  std::string workdir;                   ///< cd here first (relative results dirs)
  std::string out_dir;                   ///< where scripts go
  std::string popsteer;                  ///< executable path
  int64_t max_array_size = 1001;         ///< resolved cap
};

/// Stage scripts in submission order, then the MPI script (stage -1) last.
std::vector<JobScript> render_scripts(const sweep::Plan& plan, const sweep::SweepSpec& spec,
                                      const SlurmOptions& opt, const RenderInput& in);

/// Writes every script (mode 0755) and creates the log folder.
void write_scripts(const std::vector<JobScript>& scripts, const std::string& log_dir);

/// Single-quotes a word for bash.
std::string shell_quote(const std::string& word);

}  // namespace popsteer::slurm
