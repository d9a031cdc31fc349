#pragma once
/// IPR, Inverse Popularity Ranking (ALGORITHMS.md §7.1). rho_i = cnt(i) / max_j cnt(j)
/// (0 for zero-count items). Thesis formula (default): s~ = s / (1 + alpha rho);
/// `formula=code`: s~ = s (1 + alpha (1 - rho)). The top-t candidates are re-sorted
/// by (s~ desc, id asc) and the first K returned. O(t log K) per user.
#include "rerank/params.h"
#include "rerank/reranker.h"

namespace popsteer::rerank {

struct IprOptions {
  double alpha = 0.2;          ///< strength; grid {0.01, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0}
  int64_t t = 250;             ///< candidates considered (long list L)
  bool code_formula = false;   ///< formula=code

  static std::vector<ParamSpec> specs();
  static IprOptions from(const ParamValues& p);
};

class Ipr final : public Reranker {
 public:
  explicit Ipr(IprOptions o) : o_(o) {}
  std::string name() const override { return "ipr"; }
  metrics::TopKLists rerank(const RerankInput& input) const override;
  /// The re-weighted score of one item (exposed for tests).
  double adjusted(double score, double rho) const;

 private:
  IprOptions o_;
};

}  // namespace popsteer::rerank
