#pragma once
/// One evaluation result: one config of one method on one split. Flat and
/// self-describing (DESIGN.md "Result row"); written to HDF5 by the sweep's result
/// writer and read back by the aggregator. No LibTorch.
#include <cstdint>
#include <string>

namespace popsteer::sweep {

struct ResultRow {
  // --- identity
  std::string sweep;          ///< sweep name
  std::string task_id;        ///< id of the task that produced the row
  std::string config_id;      ///< stable id of (method, params, upstream ids); unique per split
  std::string dataset;        ///< dataset name
  std::string backbone;       ///< "sasrec" | "lightgcn"
  int64_t backbone_seed = 0;
  std::string method;         ///< base | sae | popsteer | noise | randomselect | ipr | fair | pmmf | pct | duor | random
  std::string params_json;    ///< every parameter of the method as a JSON object, e.g. {"alpha_pop":1.5,...}
  std::string label;          ///< short human label, e.g. "a_pop=1.5 a_unpop=2 beta=0.5 s=32 k=48"
  std::string split;          ///< "valid" | "test"
  int64_t k = 10;             ///< cut-off K

  // --- metrics (ALGORITHMS.md §6)
  double ndcg = 0, ndcg_head = 0, ndcg_tail = 0, ndcg_nonhead = 0;
  double hit = 0, mrr = 0;
  double coverage = 0;        ///< ItemCoverage@K with threshold tau
  double gini = 0;            ///< Gini@K over all real items
  double arp = 0, aplt = 0, dltc = 0;
  int64_t users = 0;
  double seconds = 0;         ///< wall time attributed to this row

  // --- status
  std::string status = "ok";  ///< "ok" | "failed"
  std::string error;          ///< error text when failed
};

}  // namespace popsteer::sweep
