#pragma once
/// The task kinds and planner settings `popsteer sweep|slurm` use for a sweep file.
#include "sweep/planner.h"
#include "sweep/sweep_spec.h"
#include "sweep/task_kind.h"

namespace popsteer::cli {

/// `[test] kinds = "synthetic"` -> the synthetic test kinds; otherwise the standard kinds
/// with every implemented run callback wired in (see sweep_kinds.cpp).
sweep::TaskKindRegistry build_task_kinds(const sweep::SweepSpec& spec);

/// Planner options: the known re-rankers and steering variants.
sweep::PlannerOptions planner_options(const sweep::SweepSpec& spec);

/// Loads the sweep file with overrides and plans it (UserError on any problem).
struct LoadedSweep {
  sweep::SweepSpec spec;
  sweep::TaskKindRegistry kinds;
  sweep::Plan plan;
};
LoadedSweep load_sweep(const std::string& file, const std::vector<std::string>& overrides);

}  // namespace popsteer::cli
