#include "aggregate/frontier.h"

#include <algorithm>
#include <numeric>

namespace popsteer::aggregate {

std::string fairness_name(Fairness f) { return f == Fairness::kCoverage ? "coverage" : "gini"; }

std::vector<size_t> pareto_frontier(const std::vector<FrontierPoint>& points) {
  std::vector<size_t> order(points.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& p = points[a];
    const auto& q = points[b];
    if (p.accuracy != q.accuracy) return p.accuracy > q.accuracy;
    if (p.fairness != q.fairness) return p.fairness > q.fairness;
    return p.id < q.id;
  });
  std::vector<size_t> front;
  // Every earlier point has accuracy >= this one, so this point survives only if its
  // fairness is strictly higher than everything before it (equal fairness = dominated,
  // either by a more accurate point or by an exact duplicate with a smaller id).
  for (size_t i : order) {
    if (front.empty() || points[i].fairness > points[front.back()].fairness) front.push_back(i);
  }
  return front;
}

std::vector<size_t> validation_frontier(const MethodGroup& group, Fairness fairness) {
  std::vector<FrontierPoint> pts;
  pts.reserve(group.configs.size());
  for (const auto& c : group.configs) {
    const double f = fairness == Fairness::kCoverage ? c.valid.coverage : -c.valid.gini;
    pts.push_back({c.valid.ndcg, f, c.config_id()});
  }
  return pareto_frontier(pts);
}

}  // namespace popsteer::aggregate
