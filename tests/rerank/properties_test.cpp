// Properties over random inputs for every baseline (ALGORITHMS.md §10.10): K distinct
// items from the candidates; neutral parameters return the original ranking; FA*IR meets
// its minimum protected counts at every prefix; thread count never changes results.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "rerank/fair.h"
#include "rerank/registry.h"
#include "rerank_fixture.h"

namespace popsteer::rerank {
namespace {
using namespace testing;

Problem random_problem(uint64_t seed, int n_users = 120, int n_items = 300, int32_t length = 150) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<float>> s(static_cast<size_t>(n_users));
  for (auto& row : s)
    for (int i = 0; i < n_items; ++i) row.push_back(static_cast<float>(rng() % 100000) / 1000.0f);
  std::vector<int8_t> g(static_cast<size_t>(n_items));
  std::vector<int64_t> cnt(static_cast<size_t>(n_items));
  std::vector<uint8_t> ph(static_cast<size_t>(n_items));
  for (int i = 0; i < n_items; ++i) {
    const int r = static_cast<int>(rng() % 10);
    g[i] = r == 0 ? 1 : (r <= 2 ? -1 : 0);
    cnt[i] = static_cast<int64_t>(rng() % 500);
    ph[i] = r <= 1 ? 1 : 0;
  }
  Problem p(candidates(s, length), g, cnt, ph);
  for (auto& prof : p.profile_items)
    for (int j = 0; j < 20; ++j) prof.push_back(1 + static_cast<int32_t>(rng() % n_items));
  return p;
}

std::vector<int32_t> plain_top(const Problem& p, int64_t r, int32_t k) {
  auto items = p.cands.row_items(r);
  return {items.begin(), items.begin() + k};
}

TEST(Properties, EveryMethodReturnsKDistinctCandidates) {
  Problem p = random_problem(1);
  for (const auto& info : reranker_registry()) {
    std::vector<std::string> params;
    if (info.name == "duor" || info.name == "random") params = {"t=100"};
    if (info.name == "pmmf") params = {"lambda=1", "allocation=40"};
    if (info.name == "fair") params = {"p=0.8"};
    const auto r = make_reranker(info.name, params);
    const auto out = r->rerank(p.input(10));
    const auto out2 = r->rerank(p.input(10, 2));
    EXPECT_EQ(out.items, out2.items) << info.name << ": result depends on threads";
    for (int64_t u = 0; u < out.n_rows; ++u) {
      auto cand = p.cands.row_items(u);
      std::set<int32_t> seen;
      for (int32_t i : row(out, u)) {
        ASSERT_NE(i, 0) << info.name;
        ASSERT_TRUE(std::find(cand.begin(), cand.end(), i) != cand.end()) << info.name;
        ASSERT_TRUE(seen.insert(i).second) << info.name << " duplicate";
      }
    }
  }
}

TEST(Properties, NeutralParametersReturnOriginalRanking) {
  Problem p = random_problem(2);
  const std::vector<std::pair<std::string, std::vector<std::string>>> neutral = {
      {"ipr", {"alpha=0"}},
      {"ipr", {"alpha=0", "formula=code"}},
      {"fair", {"p=0.2", "alpha=0.1"}},
      {"fair", {"p=0.9", "alpha=0"}},
      {"pmmf", {"lambda=0", "horizon=1", "allocation=100"}},  // fresh budgets per user: nothing depletes
  };
  for (const auto& [name, params] : neutral) {
    const auto out = make_reranker(name, params)->rerank(p.input(10));
    for (int64_t u = 0; u < out.n_rows; ++u) ASSERT_EQ(row(out, u), plain_top(p, u, 10)) << name;
  }
}

TEST(Properties, FairMeetsMinimumProtectedAtEveryPrefix) {
  Problem p = random_problem(3);
  for (double pp : {0.4, 0.6, 0.8, 1.0})
    for (double alpha : {0.01, 0.1}) {
      FairOptions o;
      o.p = pp;
      o.alpha = alpha;
      const auto m = fair_mtable(10, pp, alpha);
      const auto out = Fair(o).rerank(p.input(10));
      for (int64_t u = 0; u < out.n_rows; ++u) {
        int64_t available = 0;
        for (int32_t i : p.cands.row_items(u)) available += p.group[i] < 0 ? 1 : 0;
        int32_t prot = 0;
        const auto l = row(out, u);
        for (int pos = 0; pos < 10; ++pos) {
          prot += p.group[l[pos]] < 0 ? 1 : 0;
          ASSERT_GE(prot, std::min<int64_t>(m[pos], available)) << "p " << pp << " pos " << pos;
        }
      }
    }
}

}  // namespace
}  // namespace popsteer::rerank
