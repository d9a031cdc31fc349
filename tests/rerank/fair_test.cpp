// FA*IR, ALGORITHMS.md §7.2: the m-table for all 27 (alpha, p) combinations of
// examples/fair_mtable.py, and the three greedy examples.
#include "rerank/fair.h"

#include <gtest/gtest.h>

#include "rerank_fixture.h"

namespace popsteer::rerank {
namespace {
using namespace testing;
using V = std::vector<int32_t>;

TEST(Fair, CorrectedAlpha) {
  EXPECT_NEAR(fair_corrected_alpha(10, 0.01), 0.001005, 1e-6);
  EXPECT_NEAR(fair_corrected_alpha(10, 0.05), 0.005116, 1e-6);
  EXPECT_NEAR(fair_corrected_alpha(10, 0.1), 0.010481, 1e-6);
}

TEST(Fair, MTableAll27Combinations) {
  const V zero(10, 0), full{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  struct Case {
    double alpha, p;
    V m;
  };
  const std::vector<Case> cases = {
      {0.01, 0.01, zero}, {0.01, 0.05, zero}, {0.01, 0.1, zero}, {0.01, 0.2, zero}, {0.01, 0.4, zero},
      {0.01, 0.5, {0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
      {0.01, 0.6, {0, 0, 0, 0, 0, 0, 0, 1, 1, 1}},
      {0.01, 0.8, {0, 0, 0, 0, 1, 1, 2, 2, 3, 4}},
      {0.01, 1.0, full},
      {0.05, 0.01, zero}, {0.05, 0.05, zero}, {0.05, 0.1, zero}, {0.05, 0.2, zero}, {0.05, 0.4, zero},
      {0.05, 0.5, {0, 0, 0, 0, 0, 0, 0, 1, 1, 1}},
      {0.05, 0.6, {0, 0, 0, 0, 0, 1, 1, 1, 2, 2}},
      {0.05, 0.8, {0, 0, 0, 1, 1, 2, 3, 3, 4, 4}},
      {0.05, 1.0, full},
      {0.1, 0.01, zero}, {0.1, 0.05, zero}, {0.1, 0.1, zero}, {0.1, 0.2, zero},
      {0.1, 0.4, {0, 0, 0, 0, 0, 0, 0, 0, 1, 1}},
      {0.1, 0.5, {0, 0, 0, 0, 0, 0, 1, 1, 1, 1}},
      {0.1, 0.6, {0, 0, 0, 0, 1, 1, 1, 2, 2, 2}},
      {0.1, 0.8, {0, 0, 1, 1, 2, 2, 3, 4, 4, 5}},
      {0.1, 1.0, full},
  };
  ASSERT_EQ(cases.size(), 27u);
  for (const auto& c : cases) EXPECT_EQ(fair_mtable(10, c.p, c.alpha), c.m) << "alpha " << c.alpha << " p " << c.p;
}

// 12 candidates, scores 9.0 .. 3.5, protected = {7, 9, 10, 11}.
Problem greedy_problem() {
  std::vector<float> s;
  for (int j = 0; j < 12; ++j) s.push_back(9.0f - 0.5f * static_cast<float>(j));
  std::vector<int8_t> g(12, 0);
  for (int j : {7, 9, 10, 11}) g[j] = -1;
  return Problem(candidates({s}), g);
}

TEST(Fair, GreedyExamples) {
  struct Case {
    double p, alpha;
    V want;
  };
  for (const auto& c : std::vector<Case>{{0.5, 0.1, {0, 1, 2, 3, 4, 5, 7, 6, 8, 9}},
                                         {0.8, 0.1, {0, 1, 7, 2, 9, 3, 10, 11, 4, 5}},
                                         {0.2, 0.05, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}}) {
    Problem p = greedy_problem();
    FairOptions o;
    o.p = c.p;
    o.alpha = c.alpha;
    EXPECT_EQ(row(Fair(o).rerank(p.input(10)), 0), ids(c.want)) << "p " << c.p;
    // The same through the exposed greedy on candidate indices.
    std::vector<uint8_t> prot(12, 0);
    for (int j : {7, 9, 10, 11}) prot[j] = 1;
    EXPECT_EQ(fair_greedy(p.cands.row_scores(0), prot, fair_mtable(10, c.p, c.alpha)), c.want);
  }
}

TEST(Fair, ProtectedWinsScoreTies) {
  // Equal scores: item 2 (protected) vs item 1 (not): protected first when no quota forces.
  Problem p(candidates({{1.0f, 1.0f, 0.5f}}), {0, -1, 0});
  FairOptions o;
  o.p = 0.1;
  EXPECT_EQ(row(Fair(o).rerank(p.input(3)), 0), (V{2, 1, 3}));
}

}  // namespace
}  // namespace popsteer::rerank
