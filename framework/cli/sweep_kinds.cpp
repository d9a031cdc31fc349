#include "cli/sweep_kinds.h"

#include "pipeline/pipeline.h"
#include "sweep/synthetic_kinds.h"

namespace popsteer::cli {

sweep::TaskKindRegistry build_task_kinds(const sweep::SweepSpec& spec) {
  if (spec.test.kinds == "synthetic") return sweep::synthetic_kinds(spec.test);
  sweep::TaskKindRegistry kinds = sweep::standard_kinds();
  // Real kinds are wired here as their modules land, e.g.
  //   kinds.set_run("sae", run_sae_task);  kinds.set_check_options("sae", check_sae_options);
  pipeline::register_kinds(kinds, spec);  // prepare, backbone, sae, analyze, steer, rerank
  return kinds;
}

sweep::PlannerOptions planner_options(const sweep::SweepSpec& spec) {
  sweep::PlannerOptions opt;  // defaults: the thesis's re-rankers and steering variants
  return opt;
}

LoadedSweep load_sweep(const std::string& file, const std::vector<std::string>& overrides) {
  sweep::SweepSpec spec = sweep::SweepSpec::load(file, overrides);
  sweep::TaskKindRegistry kinds = build_task_kinds(spec);
  sweep::Plan plan = sweep::make_plan(spec, kinds, planner_options(spec));
  return {std::move(spec), std::move(kinds), std::move(plan)};
}

}  // namespace popsteer::cli
