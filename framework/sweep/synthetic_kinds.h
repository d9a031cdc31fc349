#pragma once
/// Test task kinds: the six standard kinds (same names, stages and DAG) with run callbacks
/// that compute deterministic rows from the task seed, write and read small artifacts,
/// sleep, and fail on request. Selected by `[test] kinds = "synthetic"` in a sweep file,
/// so the MPI and SLURM tests run the real `popsteer sweep run` on them.
#include "sweep/sweep_spec.h"
#include "sweep/task_kind.h"

namespace popsteer::sweep {

/// standard_kinds() with synthetic run callbacks configured by `test`.
TaskKindRegistry synthetic_kinds(const TestOptions& test);

}  // namespace popsteer::sweep
