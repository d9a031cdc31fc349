// PCT, ALGORITHMS.md §7.4 (examples/pct.py): the closed-form solver and four reranker
// cases (K = 3, L = 6, scores 0.9 .. 0.2 for items 0..7, niche = {3, 5, 6}).
#include "rerank/pct.h"

#include <gtest/gtest.h>

#include <cmath>

#include "rerank_fixture.h"

namespace popsteer::rerank {
namespace {
using namespace testing;
using V = std::vector<int32_t>;

TEST(Pct, ProportionalSolver) {
  const std::vector<Share> P{{1.0, 0.0}, {0.8, 0.2}, {0.6, 0.4}};
  auto q = pct_solve_targets(P, {0.7, 0.3});
  const double want3[3][2] = {{0.875, 0.125}, {0.7, 0.3}, {0.525, 0.475}};
  double mean = 0;
  for (int u = 0; u < 3; ++u) {
    EXPECT_NEAR(q[u][0], want3[u][0], 1e-12);
    EXPECT_NEAR(q[u][1], want3[u][1], 1e-12);
    mean += q[u][1] / 3;
  }
  EXPECT_NEAR(mean, 0.3, 1e-12);
  q = pct_solve_targets(P, {0.9, 0.1});
  const double want1[3][2] = {{1.0, 0.0}, {0.9, 0.1}, {0.8, 0.2}};
  for (int u = 0; u < 3; ++u) {
    EXPECT_NEAR(q[u][0], want1[u][0], 1e-12);
    EXPECT_NEAR(q[u][1], want1[u][1], 1e-12);
  }
  // Mean already on target: targets = interests.
  q = pct_solve_targets(P, {0.8, 0.2});
  for (int u = 0; u < 3; ++u) EXPECT_EQ(q[u], P[u]);
}

struct Case {
  Share share;
  double lambda;
  V pass1, final_list;
};
const std::vector<Case> kCases = {{{0.5, 0.5}, 0.1, {0, 3, -1}, {0, 3, 5}},
                                  {{1.0, 0.0}, 0.1, {0, 1, 2}, {0, 1, 2}},
                                  {{0.6, 0.4}, 0.9, {0, 3, -1}, {0, 3, 1}},
                                  {{0.0, 1.0}, 0.1, {3, 5, -1}, {3, 5, 0}}};

TEST(Pct, RerankerFourCases) {
  const std::vector<uint8_t> niche6{0, 0, 0, 1, 0, 1};  // the first L = 6 candidates
  for (const auto& c : kCases) {
    V pass1;
    EXPECT_EQ(pct_rerank_user(niche6, c.share, 3, c.lambda, &pass1), c.final_list);
    EXPECT_EQ(pass1, c.pass1);
  }
}

TEST(Pct, RerankerThroughInterfaceWithGlobalTargets) {
  for (const auto& c : kCases) {
    Problem p(candidates({{0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f}}), {0, 0, 0, -1, 0, -1, -1, 0});
    PctOptions o;
    o.p = c.share[1];
    o.lambda = c.lambda;
    o.t = 6;
    o.global_targets = true;
    EXPECT_EQ(row(Pct(o).rerank(p.input(3)), 0), ids(c.final_list));
  }
}

TEST(Pct, PersonalTargetsFromProfiles) {
  // Two users with the same candidates; user 1's profile is all niche, user 2's has none.
  // With p = 0.5 the solver gives targets (0, 1) and (1, 0).
  const std::vector<float> s{0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f};
  Problem p(candidates({s, s}), {0, 0, 0, -1, 0, -1, -1, 0});
  p.profile_items = {{4, 6, 7}, {1, 2}};
  PctOptions o;
  o.p = 0.5;
  o.lambda = 0.1;
  o.t = 6;
  const auto out = Pct(o).rerank(p.input(3));
  EXPECT_EQ(row(out, 0), ids({3, 5, 0}));
  EXPECT_EQ(row(out, 1), ids({0, 1, 2}));
}

TEST(Pct, TargetsEqualToPlainTopKSharesReturnPlainTopK) {
  // Position-weighted niche share of the plain top-K as the target -> plain top-K (this
  // needs the 1e-12 tolerance).
  const std::vector<uint8_t> niche{0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0};
  for (int32_t k : {3, 5, 10}) {
    double w_niche = 0, e = 0;
    for (int32_t pos = 0; pos < k; ++pos) {
      const double w = 1.0 / std::log2(pos + 2.0);
      e += w;
      if (niche[pos]) w_niche += w;
    }
    const auto out = pct_rerank_user(niche, {1.0 - w_niche / e, w_niche / e}, k, 0.05);
    for (int32_t pos = 0; pos < k; ++pos) EXPECT_EQ(out[pos], pos) << "k " << k;
  }
}

}  // namespace
}  // namespace popsteer::rerank
