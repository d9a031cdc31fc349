#include <algorithm>

#include "config/section.h"
#include "core/error.h"
#include "pipeline/common.h"
#include "pipeline/kinds.h"
#include "pipeline/pipeline.h"
#include "rerank/registry.h"
#include "sweep/planner.h"

namespace popsteer::pipeline {

rerank::ParamValues baseline_params(const std::string& method, const json& config, const SourceLocation& where);

namespace {

/// Validates every baseline config against the reranker registry (typed, range-checked,
/// file:line of the method's table) and returns the longest candidate list any of them
/// reads (parameter `t`), at least 250 (the thesis's long list).
int64_t baseline_candidate_length(const sweep::SweepSpec& spec, int64_t* per_group) {
  int64_t L = 250;
  *per_group = 0;
  for (const auto& b : spec.baselines) {
    SourceLocation where;
    if (spec.document) {
      config::Section s = spec.document->root().section("baselines");
      where = s.where(b.method);
    }
    if (std::none_of(rerank::reranker_registry().begin(), rerank::reranker_registry().end(),
                     [&](const auto& r) { return r.name == b.method; }))
      continue;  // the planner reports unknown methods
    for (const auto& c : sweep::expand_grid(b.axes)) {
      const rerank::ParamValues pv = baseline_params(b.method, c, where);
      const json resolved = json::parse(pv.json());
      if (resolved.contains("t")) L = std::max<int64_t>(L, resolved["t"].get<int64_t>());
      if (b.method == "pmmf") *per_group = std::max<int64_t>(*per_group, resolved["allocation"].get<int64_t>());
    }
  }
  return L;
}

}  // namespace

void register_kinds(sweep::TaskKindRegistry& kinds, const sweep::SweepSpec& spec) {
  PipelineSettings settings;
  settings.data_root = spec.data_root;
  settings.candidate_length = baseline_candidate_length(spec, &settings.per_group);
  kinds.set_run("prepare", [settings](const sweep::Task& t, sweep::TaskContext& ctx) {
    return run_prepare(t, ctx, settings);
  });
  kinds.set_check_options("prepare", check_prepare_options);
  kinds.set_run("backbone", [settings](const sweep::Task& t, sweep::TaskContext& ctx) {
    return run_backbone(t, ctx, settings);
  });
  kinds.set_check_options("backbone", check_backbone_options);
  kinds.set_run("sae", run_sae);
  kinds.set_check_options("sae", check_sae_options);
  kinds.set_run("analyze", run_analyze);
  kinds.set_check_options("analyze", check_analyze_options);
  kinds.set_run("steer", run_steer);
  kinds.set_check_options("steer", check_steer_options);
  kinds.set_run("rerank", run_rerank);
  kinds.set_check_options("rerank", check_rerank_options);
}

}  // namespace popsteer::pipeline
