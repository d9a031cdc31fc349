// Random baseline properties, ALGORITHMS.md §7.6.
#include "rerank/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "rerank_fixture.h"

namespace popsteer::rerank {
namespace {
using namespace testing;

Problem many_users(int n_users, int n_items) {
  std::vector<std::vector<float>> s(static_cast<size_t>(n_users));
  for (int u = 0; u < n_users; ++u)
    for (int i = 0; i < n_items; ++i) s[u].push_back(static_cast<float>((i * 7919 + u * 104729) % 1000));
  return Problem(candidates(s), std::vector<int8_t>(static_cast<size_t>(n_items), 0));
}

TEST(Random, DistinctItemsFromTopT) {
  Problem p = many_users(50, 40);
  RandomOptions o;
  o.t = 15;
  const auto out = RandomRerank(o).rerank(p.input(10));
  for (int64_t r = 0; r < 50; ++r) {
    auto top = p.cands.row_items(r).first(15);
    std::set<int32_t> seen;
    for (int32_t i : row(out, r)) {
      EXPECT_TRUE(std::find(top.begin(), top.end(), i) != top.end());
      EXPECT_TRUE(seen.insert(i).second) << "duplicate";
    }
  }
}

TEST(Random, TEqualsKGivesTheTopKSet) {
  Problem p = many_users(20, 30);
  RandomOptions o;
  o.t = 10;
  const auto out = RandomRerank(o).rerank(p.input(10));
  for (int64_t r = 0; r < 20; ++r) {
    auto got = row(out, r);
    auto top = p.cands.row_items(r).first(10);
    std::vector<int32_t> want(top.begin(), top.end());
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want);
  }
}

TEST(Random, FrequenciesAreUniformOverTopT) {
  // One user, 200 seeds: each of the top t = 20 items appears with frequency ~ K/t = 0.5.
  Problem p = many_users(1, 30);
  std::vector<int> hits(31, 0);
  const int runs = 2000;
  for (int seed = 0; seed < runs; ++seed) {
    RandomOptions o;
    o.t = 20;
    o.seed = seed;
    for (int32_t i : row(RandomRerank(o).rerank(p.input(10)), 0)) ++hits[i];
  }
  for (int32_t i : p.cands.row_items(0).first(20)) EXPECT_NEAR(hits[i] / double(runs), 0.5, 0.05) << i;
  for (int32_t i : p.cands.row_items(0).subspan(20)) EXPECT_EQ(hits[i], 0);
}

TEST(Random, DeterministicPerSeedUserNotRowOrThreads) {
  Problem p = many_users(300, 60);
  RandomOptions o;
  o.t = 50;
  const auto a = RandomRerank(o).rerank(p.input(10, 1));
  const auto b = RandomRerank(o).rerank(p.input(10, 3));
  EXPECT_EQ(a.items, b.items);
  o.seed = 7;
  const auto c = RandomRerank(o).rerank(p.input(10, 1));
  EXPECT_NE(a.items, c.items);
  // Same user id on another row with the same candidates -> same list.
  Problem q = many_users(300, 60);
  std::reverse(q.users.begin(), q.users.end());
  q.users[0] = p.users[0];
  o.seed = 2020;
  EXPECT_EQ(row(RandomRerank(o).rerank(q.input(10)), 0), row(a, 0));
}

}  // namespace
}  // namespace popsteer::rerank
