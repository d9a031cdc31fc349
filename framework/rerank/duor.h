#pragma once
/// DUOR, dynamic user-oriented re-ranking as implemented in the reference code
/// (ALGORITHMS.md §7.5). Items are Pareto head / tail (§1.7). pop_u = share of Pareto-head
/// items among the user's real profile items (0.5 for an empty profile, A-34). Over the
/// top-t candidates: pick the best; then while the picks' head share is below pop_u pick
/// the best remaining head item, above it the best remaining tail item, equal: the best
/// remaining (an empty allowed class falls back to all remaining). The final list is the
/// picks re-sorted by original score; with t < K the rest comes from the original
/// ranking. O(t + K) per user.
#include "rerank/params.h"
#include "rerank/reranker.h"

namespace popsteer::rerank {

struct DuorOptions {
  int64_t t = 250;  ///< candidates considered; grid {50, 100, 250, 500, 1000}

  static std::vector<ParamSpec> specs();
  static DuorOptions from(const ParamValues& p);
};

/// One user's picks in pick order (indices into the candidate row) given per-candidate
/// head flags and pop_u = head_in_profile / profile_size (as a fraction of integers so the
/// comparisons are exact). Exposed for tests.
std::vector<int32_t> duor_picks(std::span<const uint8_t> head, int64_t profile_head, int64_t profile_size,
                                int32_t k);

class Duor final : public Reranker {
 public:
  explicit Duor(DuorOptions o) : o_(o) {}
  std::string name() const override { return "duor"; }
  metrics::TopKLists rerank(const RerankInput& input) const override;

 private:
  DuorOptions o_;
};

}  // namespace popsteer::rerank
