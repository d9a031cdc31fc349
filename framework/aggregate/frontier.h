#pragma once
/// Two-objective Pareto frontier (accuracy up, fairness up or down) in O(n log n).
#include <cstddef>
#include <string>
#include <vector>

#include "aggregate/grouping.h"

namespace popsteer::aggregate {

/// Which fairness metric pairs with NDCG: coverage (higher is better) or Gini (lower is
/// better).
enum class Fairness { kCoverage, kGini };

/// "coverage" | "gini".
std::string fairness_name(Fairness f);

/// One candidate point: `accuracy` and `fairness` are both "higher is better" (callers
/// negate a lower-is-better metric); `id` breaks exact ties.
struct FrontierPoint {
  double accuracy = 0;
  double fairness = 0;
  std::string id;
};

/// Indices of the non-dominated points, ordered by accuracy descending (fairness
/// ascending along the frontier). q dominates p when q is >= p on both objectives and
/// either strictly better on one, or equal on both with a smaller id: among exact
/// duplicates only the smallest id is kept, so the result is deterministic.
/// Sort by (accuracy desc, fairness desc, id asc), then one sweep keeping every point
/// whose fairness exceeds all earlier ones: O(n log n).
std::vector<size_t> pareto_frontier(const std::vector<FrontierPoint>& points);

/// The frontier of a method group computed on its VALIDATION values (ndcg up; coverage
/// up or gini down); indices into group.configs, ordered by validation NDCG descending.
std::vector<size_t> validation_frontier(const MethodGroup& group, Fairness fairness);

}  // namespace popsteer::aggregate
