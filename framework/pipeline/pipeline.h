#pragma once
/// The real PopSteer pipeline as sweep task kinds (docs/readme/pipeline.md):
///
///   prepare  -> dataset.h5 (the prepared Dataset)
///   backbone -> backbone.pt (checkpoint), candidates_<split>.pt (top-L lists), rows "base"
///   sae      -> sae.pt, z_<split>.pt (pre-activations of every evaluation user), rows "sae"
///   analyze  -> neurons.h5 (Cohen's d, means, SDs, sigma)
///   steer    -> rows "popsteer" | "noise" | "randomselect" (z reused, backbone never rerun)
///   rerank   -> rows of one baseline over the cached candidates
#include "sweep/sweep_spec.h"
#include "sweep/task_kind.h"

namespace popsteer::pipeline {

/// Sets the run callbacks and option checkers of the six standard kinds in `kinds`
/// (declared by sweep::standard_kinds()). `spec` supplies what the task params do not
/// carry: the data root and the candidate length the sweep's baselines need.
void register_kinds(sweep::TaskKindRegistry& kinds, const sweep::SweepSpec& spec);

}  // namespace popsteer::pipeline
