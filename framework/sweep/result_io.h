#pragma once
/// Result rows on disk.
///
/// Layout: results/<sweep>/tasks/<task id>/rows.h5, one file per completed task, written
/// by exactly one process inside the task's private temporary folder (see store.h), so
/// no two writers ever share a file and no file is ever appended to. Each file holds:
///   /rows/<field>   one 1-D dataset per ResultRow field (strings as UTF-8 vlen,
///                   metrics float64, counts int64), all of length n_rows
///   attributes on "/": format, n_rows, sweep, task_id, kind, label, seed, attempt,
///                   resolved_config (the whole sweep file as TOML), popsteer_version,
///                   git_hash, hostname, rank, writer, slurm_job_id, slurm_array_job_id,
///                   slurm_array_task_id, seconds, created_utc
/// Tasks without rows still get a rows.h5 (n_rows = 0, no /rows group): it carries the
/// provenance and keeps "done" uniform.
#include <cstdint>
#include <string>
#include <vector>

#include "io/h5.h"
#include "sweep/result_row.h"

namespace popsteer::sweep {

/// Who wrote a result file and under which configuration.
struct Provenance {
  std::string sweep, task_id, kind, label;
  uint64_t seed = 0;
  int64_t attempt = 0;
  std::string resolved_config;
  std::string hostname;
  int64_t rank = 0;
  std::string writer;  ///< "<host>-<pid>" or "<host>-r<rank>"
  std::string slurm_job_id, slurm_array_job_id, slurm_array_task_id;
  double seconds = 0;
};

/// Hostname, SLURM ids and versions of this process filled in; the rest left default.
Provenance process_provenance(int64_t rank);

/// Writes `rows` + provenance to a new HDF5 file at `path` (truncates), flushed and closed.
void write_rows_file(const std::string& path, const std::vector<ResultRow>& rows,
                     const Provenance& prov, io::H5Options options = {});

/// Reads every row of one file; throws std::runtime_error on a truncated/corrupt file
/// or columns of unequal length.
std::vector<ResultRow> read_rows_file(const std::string& path);

struct ResultProblem {
  std::string path;
  std::string message;
};
struct ResultSet {
  std::vector<ResultRow> rows;          ///< from every readable file, ordered by task id then row
  std::vector<ResultProblem> problems;  ///< unreadable files (reported, skipped)
  int64_t files = 0;                    ///< files read successfully
};

/// Reads `dir/tasks/*/rows.h5` (dir = a sweep's results folder). A corrupt or truncated
/// file is listed in `problems` and does not hide the other files' rows. Unfinished
/// temporary folders are ignored.
ResultSet read_results(const std::string& dir);

}  // namespace popsteer::sweep
