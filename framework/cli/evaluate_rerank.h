#pragma once
/// `popsteer evaluate --method NAME --param key=value ...`: one re-ranking baseline config
/// (rerank::reranker_registry()) on a trained backbone, next to the unre-ranked base.
///
/// Per split (valid, test): full scores of every user (PAD and, for LightGCN, history
/// masked, §6.1), top-L candidates (P-MMF: plus each provider group's top-M so its
/// allocation is exact, §7.3), re-rank, metrics::evaluate at K with tau = 5.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "models/backbone.h"
#include "rerank/params.h"

namespace popsteer::cli {

/// The re-ranking flags of `evaluate`.
struct RerankArgs {
  std::string method;               ///< registry name; empty = plain backbone evaluation
  std::vector<std::string> params;  ///< "name=value" assignments
  int64_t candidates = 0;           ///< L; 0 = max(250, t) (t of the method, if it has one)
  void add_to(CLI::App& command);
};

/// The resolved, validated config of `args` (UserError with did-you-mean for an unknown
/// method or parameter, or a value out of range). Call before loading anything.
rerank::ParamValues resolve_rerank(const RerankArgs& args);

/// Candidate length L for `args` resolved to `params` at cut-off k on n_items items.
/// UserError when an explicit --candidates is shorter than the method's t.
int64_t candidate_length(const RerankArgs& args, const rerank::ParamValues& params, int64_t k,
                         int64_t n_items);

/// Runs the flow above and prints per split one "base" and one "<method>" line.
/// `window` = the SASRec input window (profiles of DUOR / PCT); `threads` = rerank
/// worker threads (0 = hardware).
void evaluate_rerank(models::Backbone& backbone, const RerankArgs& args, int64_t k, int64_t window,
                     int threads);

}  // namespace popsteer::cli
