// P-MMF, ALGORITHMS.md §7.3 example (examples/pmmf.py): 6 items with providers
// (head, head, mid, mid, tail, tail), the same scores for T = 3 users, M = 2.
#include "rerank/pmmf.h"

#include <gtest/gtest.h>

#include "rerank_fixture.h"

namespace popsteer::rerank {
namespace {
using namespace testing;
using V = std::vector<int32_t>;

metrics::TopKLists run(double lambda, std::vector<int32_t> users = {1, 2, 3}) {
  const std::vector<float> s{5.0f, 4.0f, 3.0f, 2.0f, 1.0f, 0.4f};
  Problem p(candidates({s, s, s}), {1, 1, 0, 0, -1, -1});
  p.users = users;
  PmmfOptions o;
  o.lambda = lambda;
  o.allocation = 2;
  return Pmmf(o).rerank(p.input(2));
}

TEST(Pmmf, ThreeUserTable) {
  struct Case {
    double lambda;
    V u0, u1, u2;
  };
  for (const auto& c : std::vector<Case>{{0.0, {0, 1}, {0, 1}, {2, 3}},
                                         {1.0, {0, 1}, {0, 2}, {2, 3}},
                                         {3.0, {0, 1}, {2, 3}, {0, 4}}}) {
    const auto out = run(c.lambda);
    EXPECT_EQ(row(out, 0), ids(c.u0)) << "lambda " << c.lambda;
    EXPECT_EQ(row(out, 1), ids(c.u1)) << "lambda " << c.lambda;
    EXPECT_EQ(row(out, 2), ids(c.u2)) << "lambda " << c.lambda;
  }
}

TEST(Pmmf, UsersAreProcessedInIdOrderNotRowOrder) {
  // Rows hold users 30, 10, 20: user 10 goes first, then 20, then 30.
  const auto out = run(3.0, {30, 10, 20});
  EXPECT_EQ(row(out, 1), ids({0, 1}));
  EXPECT_EQ(row(out, 2), ids({2, 3}));
  EXPECT_EQ(row(out, 0), ids({0, 4}));
}

TEST(Pmmf, HorizonResetsBudgets) {
  // horizon 1: every user starts with fresh budgets, so lambda has no effect.
  const std::vector<float> s{5.0f, 4.0f, 3.0f, 2.0f, 1.0f, 0.4f};
  Problem p(candidates({s, s, s}), {1, 1, 0, 0, -1, -1});
  PmmfOptions o;
  o.lambda = 3.0;
  o.allocation = 2;
  o.horizon = 1;
  const auto out = Pmmf(o).rerank(p.input(2));
  for (int r = 0; r < 3; ++r) EXPECT_EQ(row(out, r), ids({0, 1}));
}

TEST(Pmmf, OutputIsBestOfAllocationByScore) {
  // M = 4 > K = 2: the output is the 2 best-scored among the allocated 4.
  const std::vector<float> s{5.0f, 4.0f, 3.0f, 2.0f, 1.0f, 0.4f};
  Problem p(candidates({s}), {1, 1, 0, 0, -1, -1});
  PmmfOptions o;
  o.lambda = 1.0;
  o.allocation = 4;
  EXPECT_EQ(row(Pmmf(o).rerank(p.input(2)), 0), ids({0, 1}));
}

}  // namespace
}  // namespace popsteer::rerank

#include "metrics/ranking.h"

namespace popsteer::rerank {
namespace {

TEST(Pmmf, RefusesCandidateListsTooShortForAnExactAllocation) {
  // 30 items, plain top-6 candidates, M = 6: once lambda boosts a provider, items beyond
  // the list could enter the allocation -> a clear error instead of a silently wrong list.
  const int n = 30, users = 8;
  std::vector<float> flat(static_cast<size_t>(users) * (n + 1), 0.0f);
  std::vector<int8_t> group(n + 1, 0);
  for (int i = 1; i <= n; ++i) group[i] = static_cast<int8_t>(i <= 3 ? 1 : (i > 24 ? -1 : 0));
  for (int u = 0; u < users; ++u)
    for (int i = 1; i <= n; ++i) flat[static_cast<size_t>(u) * (n + 1) + i] = static_cast<float>(n - i);
  std::vector<int8_t> g0(group.begin() + 1, group.end());
  PmmfOptions o;
  o.allocation = 6;
  o.lambda = 1.0;
  Problem plain(metrics::top_candidates({flat, users, n + 1}, 6), g0);
  EXPECT_THROW(Pmmf(o).rerank(plain.input(3)), std::invalid_argument);
  // With each provider's top-M in the row the same config runs.
  Problem grouped(metrics::top_candidates({flat, users, n + 1}, 6, {}, group, 6), g0);
  EXPECT_NO_THROW(Pmmf(o).rerank(grouped.input(3)));
  // lambda = 0 with fresh budgets never needs more than the plain top-M.
  o.lambda = 0;
  o.horizon = 1;
  EXPECT_NO_THROW(Pmmf(o).rerank(plain.input(3)));
}

}  // namespace
}  // namespace popsteer::rerank
