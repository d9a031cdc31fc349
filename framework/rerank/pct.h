#pragma once
/// PCT, personalized calibration targets (ALGORITHMS.md §7.4), two groups: niche = tail
/// items (label -1), group 0 = everything else.
///
/// Targets: system q^ = (1-p, p); user interest p_u = (1-f_u, f_u) with f_u the niche share
/// of the user's profile (f_u = p for an empty profile); the closed-form proportional
/// solver shifts every p_u so the mean target equals q^. `targets=global` uses q^
/// for every user (the reference code's LightGCN behaviour).
///
/// Reranker per user: position weights w = 1/log2(pos+2), target = q_u * sum(w). Pass 1
/// takes, per position, the first candidate whose group still fits its target (1e-12
/// tolerance); pass 2 fills empty positions by the MMR score
/// lambda/(rank+1) - (1-lambda) * 0.5 ||cur + w e_g - target||^2 (first maximum).
/// Both passes only ever consider the first unselected candidate of each group, so the
/// per-user cost is O(t + K).
#include <array>
#include <vector>

#include "rerank/params.h"
#include "rerank/reranker.h"

namespace popsteer::rerank {

struct PctOptions {
  double p = 0.2;            ///< system niche share; grid {0.01 .. 1.0}
  double lambda = 0.05;      ///< relevance weight in pass 2; grid {0.01, 0.05, 0.1}
  int64_t t = 250;           ///< candidates considered (long list L)
  bool global_targets = false;  ///< targets=global

  static std::vector<ParamSpec> specs();
  static PctOptions from(const ParamValues& p);
};

using Share = std::array<double, 2>;  ///< (non-niche, niche)

/// The proportional closed-form solver: per-user targets q_u given interests p_u and the
/// system target q^ (examples/pct.py solve_targets).
std::vector<Share> pct_solve_targets(const std::vector<Share>& interests, const Share& system);

/// One user's re-ranking: `niche[j]` flags candidate j (candidates in score order).
/// Returns candidate indices per position (-1 = empty); `pass1` (optional) receives the
/// positions after pass 1. Exposed for tests.
std::vector<int32_t> pct_rerank_user(std::span<const uint8_t> niche, const Share& target_share,
                                     int32_t k, double lambda, std::vector<int32_t>* pass1 = nullptr);

class Pct final : public Reranker {
 public:
  explicit Pct(PctOptions o) : o_(o) {}
  std::string name() const override { return "pct"; }
  metrics::TopKLists rerank(const RerankInput& input) const override;

 private:
  PctOptions o_;
};

}  // namespace popsteer::rerank
