#pragma once
/// The run callbacks and option checkers of the pipeline kinds (one file each).
#include <cstdint>
#include <string>

#include "config/section.h"
#include "pipeline/common.h"
#include "sweep/result_row.h"
#include "sweep/task.h"
#include "sweep/task_kind.h"

namespace popsteer::pipeline {

/// What the kinds need from the sweep beyond their task params.
struct PipelineSettings {
  std::string data_root;         ///< sweep data_root ("" = $POPSTEER_DATA_ROOT or "data")
  int64_t candidate_length = 250;  ///< L of the cached candidate lists (max t of the baselines)
  int64_t per_group = 0;  ///< also each item group's top-M (P-MMF allocation M; 0 = no P-MMF)
};

std::vector<sweep::ResultRow> run_prepare(const sweep::Task& t, sweep::TaskContext& ctx,
                                          const PipelineSettings& settings);
void check_prepare_options(config::Section s);

std::vector<sweep::ResultRow> run_backbone(const sweep::Task& t, sweep::TaskContext& ctx,
                                           const PipelineSettings& settings);
void check_backbone_options(config::Section s);

std::vector<sweep::ResultRow> run_sae(const sweep::Task& t, sweep::TaskContext& ctx);
void check_sae_options(config::Section s);

std::vector<sweep::ResultRow> run_analyze(const sweep::Task& t, sweep::TaskContext& ctx);
void check_analyze_options(config::Section s);

std::vector<sweep::ResultRow> run_steer(const sweep::Task& t, sweep::TaskContext& ctx);
void check_steer_options(config::Section s);

std::vector<sweep::ResultRow> run_rerank(const sweep::Task& t, sweep::TaskContext& ctx);
void check_rerank_options(config::Section s);

}  // namespace popsteer::pipeline
