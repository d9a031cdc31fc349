#include "aggregate/rows_table.h"

namespace popsteer::aggregate {

Table rows_table(const std::vector<sweep::ResultRow>& rows) {
  Table t;
  t.title = "result rows";
  t.columns = {"sweep", "task_id", "config_id", "dataset", "backbone", "backbone_seed", "method",
               "params_json", "label", "split", "k", "ndcg", "ndcg_head", "ndcg_tail", "ndcg_nonhead",
               "hit", "mrr", "coverage", "gini", "arp", "aplt", "dltc", "users", "seconds", "status", "error"};
  for (const auto& r : rows) {
    t.rows.push_back({r.sweep, r.task_id, r.config_id, r.dataset, r.backbone,
                      std::to_string(r.backbone_seed), r.method, r.params_json, r.label, r.split,
                      r.k, r.ndcg, r.ndcg_head, r.ndcg_tail, r.ndcg_nonhead, r.hit,
                      r.mrr, r.coverage, r.gini, r.arp, r.aplt, r.dltc, r.users,
                      r.seconds, r.status, r.error});
  }
  return t;
}

}  // namespace popsteer::aggregate
