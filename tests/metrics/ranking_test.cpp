// Top-K / candidate extraction: tie-breaking, masking, grouped candidates, and agreement
// with a slow full-sort reference on random matrices.
#include "metrics/ranking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace popsteer::metrics {
namespace {

// Reference: full sort of columns 1.. by (score desc, id asc), skipping excluded ones.
std::vector<int32_t> reference(const std::vector<float>& row, const std::vector<int32_t>& excl, size_t n) {
  std::vector<int32_t> ids;
  for (int32_t i = 1; i < static_cast<int32_t>(row.size()); ++i)
    if (std::find(excl.begin(), excl.end(), i) == excl.end()) ids.push_back(i);
  auto key = [&](int32_t i) { return std::isnan(row[i]) ? -std::numeric_limits<float>::infinity() : row[i]; };
  std::sort(ids.begin(), ids.end(), [&](int32_t a, int32_t b) {
    return key(a) > key(b) || (key(a) == key(b) && a < b);
  });
  ids.resize(std::min(n, ids.size()));
  return ids;
}

TEST(Ranking, TiesGoToLowerId) {
  // PAD column 0 has the largest score and must never be chosen.
  std::vector<float> s{9, 1, 3, 3, 2, 3, 0};
  const TopKLists t = top_k({s, 1, 7}, 4);
  EXPECT_EQ(std::vector<int32_t>(t.items.begin(), t.items.end()), (std::vector<int32_t>{2, 3, 5, 4}));
}

TEST(Ranking, HistoryMaskingAndShortRows) {
  std::vector<float> s{0, 5, 4, 3, 2, /*row 2*/ 0, 1, 2, 3, 4};
  std::vector<int32_t> h0{1, 3};
  std::vector<int32_t> h1{};
  std::vector<std::span<const int32_t>> ex{h0, h1};
  RankOptions o;
  o.exclude = ex;
  const TopKLists t = top_k({s, 2, 5}, 3, o);
  EXPECT_EQ(std::vector<int32_t>(t.items.begin(), t.items.end()), (std::vector<int32_t>{2, 4, 0, 4, 3, 2}));
  // k larger than the selectable items: padded with 0.
  const TopKLists all = top_k({s, 2, 5}, 6, o);
  EXPECT_EQ(all.row(0)[2], 0);
  EXPECT_EQ(all.row(1)[3], 1);
  EXPECT_EQ(all.row(1)[4], 0);
}

TEST(Ranking, MatchesFullSortOnRandomMatrices) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    const int64_t rows = 1 + static_cast<int64_t>(rng() % 130), cols = 2 + static_cast<int64_t>(rng() % 300);
    std::vector<float> s(static_cast<size_t>(rows * cols));
    // Few distinct values -> many ties; some NaN.
    for (auto& v : s) v = (rng() % 50 == 0) ? std::nanf("") : static_cast<float>(rng() % 7);
    std::vector<std::vector<int32_t>> hist(static_cast<size_t>(rows));
    std::vector<std::span<const int32_t>> ex;
    for (auto& h : hist) {
      for (int j = 0; j < 5; ++j) h.push_back(static_cast<int32_t>(rng() % cols));
      ex.emplace_back(h);
    }
    const int32_t k = 1 + static_cast<int32_t>(rng() % 40);
    RankOptions o;
    o.exclude = ex;
    o.n_threads = 1 + trial % 3;
    const TopKLists t = top_k({s, rows, cols}, k, o);
    const CandidateLists c = top_candidates({s, rows, cols}, k, o);
    for (int64_t r = 0; r < rows; ++r) {
      std::vector<float> row(s.begin() + r * cols, s.begin() + (r + 1) * cols);
      auto want = reference(row, hist[r], static_cast<size_t>(k));
      std::vector<int32_t> got(t.row(r).begin(), t.row(r).begin() + static_cast<int64_t>(want.size()));
      ASSERT_EQ(got, want) << "trial " << trial << " row " << r;
      for (size_t j = want.size(); j < static_cast<size_t>(k); ++j) ASSERT_EQ(t.row(r)[j], 0);
      auto ci = c.row_items(r);
      ASSERT_EQ(std::vector<int32_t>(ci.begin(), ci.end()), want);
    }
  }
}

TEST(Ranking, GroupedCandidatesHoldEachGroupsTop) {
  std::mt19937_64 rng(11);
  const int64_t rows = 50, cols = 400;
  std::vector<float> s(static_cast<size_t>(rows * cols));
  std::vector<int8_t> group(static_cast<size_t>(cols), 0);
  for (int64_t i = 1; i < cols; ++i) group[i] = static_cast<int8_t>(static_cast<int>(rng() % 3) - 1);
  for (auto& v : s) v = static_cast<float>(rng() % 1000) / 10.0f;
  const int32_t L = 20, M = 15;
  const CandidateLists c = top_candidates({s, rows, cols}, L, {}, group, M);
  EXPECT_EQ(c.width, L + 3 * M);
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<float> row(s.begin() + r * cols, s.begin() + (r + 1) * cols);
    const auto full = reference(row, {}, static_cast<size_t>(cols));
    std::vector<int32_t> want(full.begin(), full.begin() + L);
    int per[3] = {0, 0, 0};
    for (int32_t i : full)
      if (per[group[i] + 1] < M && ++per[group[i] + 1] && std::find(want.begin(), want.end(), i) == want.end())
        want.push_back(i);
    std::sort(want.begin(), want.end(), [&](int32_t a, int32_t b) {
      return row[a] > row[b] || (row[a] == row[b] && a < b);
    });
    auto ci = c.row_items(r);
    ASSERT_EQ(std::vector<int32_t>(ci.begin(), ci.end()), want);
    auto cs = c.row_scores(r);
    for (size_t j = 0; j < ci.size(); ++j) ASSERT_EQ(cs[j], row[ci[j]]);
  }
}

}  // namespace
}  // namespace popsteer::metrics

namespace popsteer::metrics {

TEST(CandidateLists, HeadCutsEveryRowAtKAndLeavesShortRowsEmpty) {
  CandidateLists c = CandidateLists::empty(2, 3);
  c.items = {5, 2, 9, 7, 0, 0};
  c.scores = {3.f, 2.f, 1.f, 4.f, 0.f, 0.f};
  c.sizes = {3, 1};
  const TopKLists h = c.head(2);
  EXPECT_EQ(h.k, 2);
  EXPECT_EQ(h.items, (std::vector<int32_t>{5, 2, 7, 0}));
}

}  // namespace popsteer::metrics
