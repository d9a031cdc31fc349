#pragma once
/// Hand-written result rows for the aggregate tests.
#include <string>

#include "sweep/result_row.h"

namespace popsteer::aggregate::testing {

inline sweep::ResultRow make_row(const std::string& method, const std::string& config_id, const std::string& split,
                                 double ndcg, double coverage, double gini, const std::string& params = "{}",
                                 const std::string& dataset = "ml-1m", const std::string& backbone = "sasrec") {
  sweep::ResultRow r;
  r.sweep = "t";
  r.task_id = "task-" + config_id + "-" + split;
  r.config_id = config_id;
  r.dataset = dataset;
  r.backbone = backbone;
  r.method = method;
  r.params_json = params;
  r.label = method + ":" + config_id;
  r.split = split;
  r.ndcg = ndcg;
  r.coverage = coverage;
  r.gini = gini;
  r.ndcg_head = ndcg * 0.75;
  r.ndcg_nonhead = ndcg - r.ndcg_head;
  r.ndcg_tail = r.ndcg_nonhead / 2;
  r.users = 100;
  r.seconds = 1.5;
  return r;
}

}  // namespace popsteer::aggregate::testing
