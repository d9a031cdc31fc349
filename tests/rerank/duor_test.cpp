// DUOR, ALGORITHMS.md §7.5 (examples/duor_ipr.py): scores 0.95 .. 0.4 for items 0..7,
// Pareto head = {0, 1, 2, 4}, K = 4.
#include "rerank/duor.h"

#include <gtest/gtest.h>

#include "rerank_fixture.h"

namespace popsteer::rerank {
namespace {
using namespace testing;
using V = std::vector<int32_t>;

Problem example(std::vector<int32_t> profile) {
  Problem p(candidates({{0.95f, 0.9f, 0.85f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f}}), std::vector<int8_t>(8, 0), {},
            {1, 1, 1, 0, 1, 0, 0, 0});
  p.profile_items = {ids(profile)};
  return p;
}

TEST(Duor, TwoWorkedCases) {
  const std::vector<uint8_t> head{1, 1, 1, 0, 1, 0, 0, 0};
  EXPECT_EQ(duor_picks(head, 2, 4, 4), (V{0, 3, 1, 5}));  // pop_u = 0.5
  EXPECT_EQ(duor_picks(head, 1, 5, 4), (V{0, 3, 5, 6}));  // pop_u = 0.2
  DuorOptions o;
  o.t = 8;
  auto p1 = example({0, 1, 3, 5});
  EXPECT_EQ(row(Duor(o).rerank(p1.input(4)), 0), ids({0, 1, 3, 5}));
  auto p2 = example({3, 5, 6, 7, 0});
  EXPECT_EQ(row(Duor(o).rerank(p2.input(4)), 0), ids({0, 3, 5, 6}));
}

TEST(Duor, ShortLongListIsFilledFromOriginalRanking) {
  // t = 3 < K = 4: picks {0, 1, 2}, then item 3 from the original ranking.
  DuorOptions o;
  o.t = 3;
  auto p = example({3, 5, 6, 7, 0});
  EXPECT_EQ(row(Duor(o).rerank(p.input(4)), 0), ids({0, 1, 2, 3}));
}

TEST(Duor, EmptyProfileMeansHalfAndPaddingIgnored) {
  const std::vector<uint8_t> head{1, 1, 1, 0, 1, 0, 0, 0};
  // pop_u = 0.5: same as the first case.
  EXPECT_EQ(duor_picks(head, 0, 0, 4), (V{0, 3, 1, 5}));
  DuorOptions o;
  o.t = 8;
  auto p = example({});
  p.profile_items = {{0, 0, 0}};  // padding only
  EXPECT_EQ(row(Duor(o).rerank(p.input(4)), 0), ids({0, 1, 3, 5}));
}

}  // namespace
}  // namespace popsteer::rerank
