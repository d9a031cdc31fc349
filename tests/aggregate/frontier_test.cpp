#include "aggregate/frontier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "aggregate/grouping.h"
#include "make_row.h"

namespace popsteer::aggregate {
namespace {

using testing::make_row;

TEST(Frontier, HandExample) {
  // (accuracy, fairness): B dominates C (same accuracy, more fairness) and D (same
  // fairness, less accuracy); E and F are exact duplicates (E has the smaller id);
  // E dominates G.
  const std::vector<FrontierPoint> pts = {
      {0.30, 0.10, "a"}, {0.28, 0.20, "b"}, {0.28, 0.15, "c"}, {0.25, 0.20, "d"},
      {0.20, 0.40, "f"}, {0.20, 0.40, "e"}, {0.10, 0.30, "g"}};
  const auto front = pareto_frontier(pts);
  std::vector<std::string> ids;
  for (size_t i : front) ids.push_back(pts[i].id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "e"}));
}

TEST(Frontier, EmptyAndSingle) {
  EXPECT_TRUE(pareto_frontier({}).empty());
  EXPECT_EQ(pareto_frontier({{0.1, 0.2, "x"}}), std::vector<size_t>{0});
}

/// The definition, checked pairwise in O(n^2).
bool dominated(const FrontierPoint& p, const std::vector<FrontierPoint>& all) {
  for (const auto& q : all) {
    if (&q == &p) continue;
    const bool ge = q.accuracy >= p.accuracy && q.fairness >= p.fairness;
    const bool strict = q.accuracy > p.accuracy || q.fairness > p.fairness;
    if (ge && (strict || q.id < p.id)) return true;
  }
  return false;
}

TEST(Frontier, MatchesQuadraticReferenceWithManyTies) {
  std::mt19937 gen(7);
  std::uniform_int_distribution<int> coarse(0, 5);  // few values: many ties
  for (int round = 0; round < 50; ++round) {
    std::vector<FrontierPoint> pts;
    const int n = 1 + round % 17;
    for (int i = 0; i < n; ++i) pts.push_back({coarse(gen) / 5.0, coarse(gen) / 5.0, "id" + std::to_string(100 + i)});
    std::shuffle(pts.begin(), pts.end(), gen);
    std::vector<std::string> expected, got;
    for (const auto& p : pts) {
      if (!dominated(p, pts)) expected.push_back(p.id);
    }
    for (size_t i : pareto_frontier(pts)) got.push_back(pts[i].id);
    // Frontier order is accuracy descending; compare as sets, then check the order.
    auto sorted_got = got;
    std::sort(sorted_got.begin(), sorted_got.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(sorted_got, expected) << "round " << round;
    const auto front = pareto_frontier(pts);
    for (size_t i = 1; i < front.size(); ++i) {
      EXPECT_GT(pts[front[i - 1]].accuracy, pts[front[i]].accuracy);
      EXPECT_LT(pts[front[i - 1]].fairness, pts[front[i]].fairness);
    }
  }
}

TEST(Frontier, ValidationFrontierUsesValidationValuesAndGiniDown) {
  MethodGroup g;
  g.method = "popsteer";
  // valid (ndcg, cov, gini); the test rows say the opposite, and must not matter.
  const double v[4][3] = {{0.30, 0.10, 0.90}, {0.25, 0.30, 0.70}, {0.20, 0.20, 0.60}, {0.10, 0.25, 0.95}};
  for (int i = 0; i < 4; ++i) {
    const std::string id = "c" + std::to_string(i);
    ConfigResult c{make_row("popsteer", id, "valid", v[i][0], v[i][1], v[i][2]),
                   make_row("popsteer", id, "test", 1 - v[i][0], 1 - v[i][1], 1 - v[i][2])};
    g.configs.push_back(c);
  }
  // Coverage: c0 (most accurate), c1 (more coverage); c2 and c3 are dominated by c1.
  EXPECT_EQ(validation_frontier(g, Fairness::kCoverage), (std::vector<size_t>{0, 1}));
  // Gini (lower is better): c0, c1 (0.70 < 0.90), c2 (0.60 < 0.70); c3 dominated by all.
  EXPECT_EQ(validation_frontier(g, Fairness::kGini), (std::vector<size_t>{0, 1, 2}));
}

}  // namespace
}  // namespace popsteer::aggregate
