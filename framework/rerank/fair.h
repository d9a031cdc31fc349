#pragma once
/// FA*IR (ALGORITHMS.md §7.2). Protected group = tail items (label -1). The minimum
/// protected count per prefix comes from the binomial m-table with the Šidák-corrected
/// significance alpha_c = 1 - (1 - alpha)^(1/K): m(t) = smallest z with
/// BinomCDF(z; t, p) > alpha_c (strict, A-30). The greedy (fairsearch fair_top_k) then
/// fills positions 1..K from the protected / non-protected queues of the top-t
/// candidates. O(K^2) per call for the table + O(t) per user.
#include <vector>

#include "rerank/params.h"
#include "rerank/reranker.h"

namespace popsteer::rerank {

struct FairOptions {
  double p = 0.5;       ///< target minimum protected proportion; grid {0.01 .. 1.0}
  double alpha = 0.1;   ///< significance level; grid {0.01, 0.05, 0.1}
  int64_t t = 250;      ///< candidates considered (long list L)

  static std::vector<ParamSpec> specs();
  static FairOptions from(const ParamValues& p);
};

/// The m-table: m[t-1] = minimum protected items among the first t, t = 1..k.
std::vector<int32_t> fair_mtable(int32_t k, double p, double alpha);
/// alpha_c = 1 - (1 - alpha)^(1/k).
double fair_corrected_alpha(int32_t k, double alpha);

/// The greedy over one user's candidates (sorted by score desc): returns indices into
/// `scores`. `is_protected[j]` flags candidate j. Exposed for tests.
std::vector<int32_t> fair_greedy(std::span<const float> scores, std::span<const uint8_t> is_protected,
                                 const std::vector<int32_t>& mtable);

class Fair final : public Reranker {
 public:
  explicit Fair(FairOptions o) : o_(o) {}
  std::string name() const override { return "fair"; }
  metrics::TopKLists rerank(const RerankInput& input) const override;

 private:
  FairOptions o_;
};

}  // namespace popsteer::rerank
