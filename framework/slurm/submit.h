#pragma once
/// Submits a rendered chain with `sbatch --parsable`, stage after stage, each stage's
/// jobs depending (afterok) on every job of the previous stage, and records the job ids.
#include <string>
#include <vector>

#include "slurm/render.h"

namespace popsteer::slurm {

struct SubmittedJob {
  int stage = 0;
  int64_t part = 0;
  std::string job_id;
  std::string script;
};

/// Submits the stage scripts (not the MPI one) and appends "stage part job_id script"
/// lines to `record_file` (also rewritten as `<dir>/jobs.txt` = the latest chain).
/// Throws std::runtime_error with sbatch's message when a submission fails.
std::vector<SubmittedJob> submit_chain(const std::vector<JobScript>& scripts, const std::string& record_dir);

/// Submits one script without dependencies; returns its job id.
std::string sbatch(const std::string& script, const std::string& dependency = "");

}  // namespace popsteer::slurm
