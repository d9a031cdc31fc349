// IPR, ALGORITHMS.md §7.1 example (examples/duor_ipr.py): L = 4, s = (2.0, 1.9, 1.4, 1.2),
// counts (100, 50, 10, 1).
#include "rerank/ipr.h"

#include <gtest/gtest.h>

#include "rerank_fixture.h"

namespace popsteer::rerank {
namespace {
using namespace testing;

std::vector<int32_t> run(double alpha, bool code) {
  Problem p(candidates({{2.0f, 1.9f, 1.4f, 1.2f}}), {0, 0, 0, 0}, {100, 50, 10, 1});
  IprOptions o;
  o.alpha = alpha;
  o.code_formula = code;
  return row(Ipr(o).rerank(p.input(4)), 0);
}

TEST(Ipr, ThesisFormulaValuesAndOrder) {
  IprOptions o;
  o.alpha = 0.2;
  const Ipr ipr(o);
  const double rho[] = {1, 0.5, 0.1, 0.01}, s[] = {2.0, 1.9, 1.4, 1.2};
  const double want02[] = {1.666667, 1.727273, 1.372549, 1.197605};
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(ipr.adjusted(s[j], rho[j]), want02[j], 1e-6);
  o.alpha = 1.0;
  const double want1[] = {1.0, 1.266667, 1.272727, 1.188119};
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(Ipr(o).adjusted(s[j], rho[j]), want1[j], 1e-6);
  EXPECT_EQ(run(0.2, false), ids({1, 0, 2, 3}));
  EXPECT_EQ(run(1.0, false), ids({2, 1, 3, 0}));
}

TEST(Ipr, CodeFormulaValuesAndOrder) {
  IprOptions o;
  o.code_formula = true;
  o.alpha = 0.2;
  const double rho[] = {1, 0.5, 0.1, 0.01}, s[] = {2.0, 1.9, 1.4, 1.2};
  const double want02[] = {2.0, 2.09, 1.652, 1.4376};
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(Ipr(o).adjusted(s[j], rho[j]), want02[j], 1e-9);
  o.alpha = 1.0;
  const double want1[] = {2.0, 2.85, 2.66, 2.388};
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(Ipr(o).adjusted(s[j], rho[j]), want1[j], 1e-9);
  EXPECT_EQ(run(0.2, true), ids({1, 0, 2, 3}));
  EXPECT_EQ(run(1.0, true), ids({1, 2, 3, 0}));
}

TEST(Ipr, OnlyTopTCandidatesAndShortLists) {
  // t = 2: items 3 and 4 are outside the long list even though IPR would favour them.
  Problem p(candidates({{2.0f, 1.9f, 1.4f, 1.2f}}), {0, 0, 0, 0}, {100, 50, 10, 1});
  IprOptions o;
  o.alpha = 1.0;
  o.t = 2;
  EXPECT_EQ(row(Ipr(o).rerank(p.input(3)), 0), (std::vector<int32_t>{2, 1, 0}));
}

}  // namespace
}  // namespace popsteer::rerank
