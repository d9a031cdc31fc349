#pragma once
/// P-MMF, the min-regularizer heuristic as ported in the reference code (ALGORITHMS.md
/// §7.3). Providers: tail (label -1), mid (0, includes zero-count items), head (+1).
/// Users are processed in ascending user id, in chunks of `horizon` users; per chunk each
/// provider g has budget B_g = T M rho_g, rho_g = (1 + 1/3) len_g / sum len. Per user:
/// gap_g = (min_h B_h - B_g) / (T rho_g); x~ = s - lambda gap_g (- 10000 when B_g <= 0);
/// alloc = top-M by (x~ desc, id asc); B_g -= |alloc ∩ g|; output = the K best of alloc
/// by original score.
///
/// Candidates: P-MMF allocates among the candidate row, so the row must hold each
/// provider's top-M items (metrics::top_candidates(..., item_group, per_group = M)).
/// Within a provider x~ is the score plus a constant, so the allocation is a 3-way merge
/// of the providers' score-ordered queues: O(M) per user.
///
/// `variant=original` (Xu et al.'s code): scores pass through a sigmoid and M = K.
#include "rerank/params.h"
#include "rerank/reranker.h"

namespace popsteer::rerank {

struct PmmfOptions {
  double lambda = 0.1;         ///< fairness strength; grid {0.01 .. 1.0}
  int64_t horizon = 4096;      ///< T: users per budget chunk (RecBole eval batch, A-31)
  int64_t allocation = 250;    ///< M: items allocated per user (reference code)
  bool original = false;       ///< variant=original: sigmoid scores, M = K

  static std::vector<ParamSpec> specs();
  static PmmfOptions from(const ParamValues& p);
};

class Pmmf final : public Reranker {
 public:
  explicit Pmmf(PmmfOptions o) : o_(o) {}
  std::string name() const override { return "pmmf"; }
  /// Sequential over users by design (budgets carry from user to user).
  metrics::TopKLists rerank(const RerankInput& input) const override;

 private:
  PmmfOptions o_;
};

}  // namespace popsteer::rerank
