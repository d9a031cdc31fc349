// Metrics against hand-computed values: ALGORITHMS.md §6.6 (examples/metrics.py) and
// edge cases (no hits, concentrated / uniform exposure, tau above every count).
#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace popsteer::metrics {
namespace {

TopKLists make_lists(const std::vector<std::vector<int32_t>>& rows, int32_t k) {
  TopKLists l = TopKLists::empty(static_cast<int64_t>(rows.size()), k);
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t j = 0; j < rows[r].size(); ++j) l.row(static_cast<int64_t>(r))[j] = rows[r][j];
  return l;
}

// §6.6: 4 users, items 1..6, K = 3, head {1,2}, tail {5,6}.
struct Example {
  TopKLists lists = make_lists({{1, 2, 3}, {1, 2, 4}, {1, 3, 5}, {2, 1, 6}}, 3);
  std::vector<int32_t> targets{2, 5, 4, 6};
  std::vector<int8_t> group{0, 1, 1, 0, 0, -1, -1};
  std::vector<int64_t> count{0, 50, 40, 10, 8, 2, 1};
  ItemInfo info() const { return {6, group, count}; }
};

TEST(Metrics, WorkedExample66) {
  Example ex;
  MetricOptions o;
  o.k = 3;
  o.tau = 2;
  const MetricSet m = evaluate(ex.lists, Relevance::single(ex.targets), ex.info(), o);
  ASSERT_EQ(m.ndcg_per_user.size(), 4u);
  EXPECT_NEAR(m.ndcg_per_user[0], 0.630930, 1e-6);
  EXPECT_EQ(m.ndcg_per_user[1], 0.0);
  EXPECT_EQ(m.ndcg_per_user[2], 0.0);
  EXPECT_NEAR(m.ndcg_per_user[3], 0.5, 1e-12);
  EXPECT_NEAR(m.ndcg, 0.282732, 1e-6);
  EXPECT_NEAR(m.ndcg_head, 0.157732, 1e-6);
  EXPECT_NEAR(m.ndcg_tail, 0.125, 1e-12);
  EXPECT_NEAR(m.ndcg_nonhead, 0.125, 1e-12);
  EXPECT_NEAR(m.ndcg_head + m.ndcg_nonhead, m.ndcg, 1e-12);
  EXPECT_NEAR(m.coverage, 0.5, 1e-12);  // tau = 2: items 1, 2, 3
  EXPECT_NEAR(m.coverage1, 1.0, 1e-12);
  EXPECT_NEAR(m.gini, 0.305556, 1e-6);
  EXPECT_NEAR(m.arp, 29.25, 1e-12);
  EXPECT_NEAR(m.dltc, 1.0, 1e-12);
  EXPECT_NEAR(m.hit, 0.5, 1e-12);
  EXPECT_NEAR(m.mrr, (0.5 + 1.0 / 3.0) / 4.0, 1e-12);
  EXPECT_NEAR(m.aplt, 2.0 / 12.0, 1e-12);  // items 5 (u3) and 6 (u4)
  EXPECT_EQ(m.users, 4);

  const auto c = exposure_counts(ex.lists, 3, 6);
  EXPECT_EQ(c, (std::vector<int64_t>{0, 4, 3, 2, 1, 1, 1}));

  o.tau = 5;
  EXPECT_EQ(evaluate(ex.lists, Relevance::single(ex.targets), ex.info(), o).coverage, 0.0);
  o.compat_pad = true;
  o.tau = 2;
  const MetricSet p = evaluate(ex.lists, Relevance::single(ex.targets), ex.info(), o);
  EXPECT_NEAR(p.gini, 0.404762, 1e-6);
  EXPECT_NEAR(p.coverage, 3.0 / 7.0, 1e-12);
}

TEST(Metrics, RowOrderDoesNotMatterExceptPerUserVector) {
  Example ex;
  TopKLists rev = make_lists({{2, 1, 6}, {1, 3, 5}, {1, 2, 4}, {1, 2, 3}}, 3);
  std::vector<int32_t> t{6, 4, 5, 2};
  MetricOptions o;
  o.k = 3;
  const MetricSet a = evaluate(ex.lists, Relevance::single(ex.targets), ex.info(), o);
  const MetricSet b = evaluate(rev, Relevance::single(t), ex.info(), o);
  EXPECT_DOUBLE_EQ(a.ndcg, b.ndcg);
  EXPECT_DOUBLE_EQ(a.gini, b.gini);
  EXPECT_DOUBLE_EQ(b.ndcg_per_user[0], a.ndcg_per_user[3]);
}

TEST(Metrics, NoHits) {
  Example ex;
  MetricOptions o;
  o.k = 3;
  std::vector<int32_t> t{4, 3, 6, 5};
  const MetricSet m = evaluate(ex.lists, Relevance::single(t), ex.info(), o);
  EXPECT_EQ(m.ndcg, 0.0);
  EXPECT_EQ(m.ndcg_head, 0.0);
  EXPECT_EQ(m.ndcg_tail, 0.0);
  EXPECT_EQ(m.hit, 0.0);
  EXPECT_EQ(m.mrr, 0.0);
  // Rows without any relevant item count as 0 and still count as users.
  const MetricSet z = evaluate(ex.lists, Relevance::single(std::vector<int32_t>{0, 0, 0, 2}),
                               ex.info(), o);
  EXPECT_NEAR(z.ndcg, 0.25, 1e-12);
  EXPECT_EQ(z.users, 4);
}

TEST(Metrics, GiniAllExposureOnOneItem) {
  for (int64_t n : {2, 5, 10, 3416}) {
    std::vector<int64_t> c(static_cast<size_t>(n), 0);
    c[static_cast<size_t>(n / 2)] = 17;
    EXPECT_NEAR(gini_index(c, n), static_cast<double>(n - 1) / static_cast<double>(n), 1e-12);
  }
  // Through evaluate: 3 users all list only item 2 among 4 items.
  std::vector<int8_t> g(5, 0);
  std::vector<int64_t> cnt(5, 1);
  const MetricSet m = evaluate(make_lists({{2}, {2}, {2}}, 1), Relevance::single(std::vector<int32_t>{1, 1, 1}),
                               {4, g, cnt}, MetricOptions{1, 5, false});
  EXPECT_NEAR(m.gini, 0.75, 1e-12);
}

TEST(Metrics, GiniUniformExposureIsZero) {
  std::vector<int64_t> c(7, 3);
  EXPECT_NEAR(gini_index(c, 7), 0.0, 1e-12);
  // Every item listed exactly once: 3 users x K=2 over 6 items.
  std::vector<int8_t> g(7, 0);
  std::vector<int64_t> cnt(7, 1);
  const MetricSet m = evaluate(make_lists({{1, 2}, {3, 4}, {5, 6}}, 2),
                               Relevance::single(std::vector<int32_t>{1, 1, 1}), {6, g, cnt},
                               MetricOptions{2, 1, false});
  EXPECT_NEAR(m.gini, 0.0, 1e-12);
  EXPECT_NEAR(m.coverage, 1.0, 1e-12);
}

TEST(Metrics, TauAboveEveryCountGivesZeroCoverage) {
  Example ex;
  const MetricSet m = evaluate(ex.lists, Relevance::single(ex.targets), ex.info(),
                               MetricOptions{3, 100, false});
  EXPECT_EQ(m.coverage, 0.0);
  EXPECT_GT(m.coverage1, 0.0);
}

TEST(Metrics, SetRelevanceAndCutoff) {
  // One user, relevant {3, 1}, list [1, 2, 3], K = 3: DCG = 1 + 1/2, IDCG = 1 + 1/log2 3.
  Relevance rel;
  rel.add_row(std::vector<int32_t>{3, 1});
  std::vector<int8_t> g(5, 0);
  std::vector<int64_t> cnt(5, 0);
  const MetricSet m = evaluate(make_lists({{1, 2, 3}}, 3), rel, {4, g, cnt}, MetricOptions{3, 5, false});
  EXPECT_NEAR(m.ndcg, 1.5 / (1.0 + 1.0 / std::log2(3.0)), 1e-12);
  // K = 2 cuts item 3 off: DCG = 1, IDCG over min(2, 2) ranks.
  const MetricSet m2 = evaluate(make_lists({{1, 2, 3}}, 3), rel, {4, g, cnt}, MetricOptions{2, 5, false});
  EXPECT_NEAR(m2.ndcg, 1.0 / (1.0 + 1.0 / std::log2(3.0)), 1e-12);
  EXPECT_EQ(m2.mrr, 1.0);
}

TEST(Metrics, EmptySlotsAndBadIds) {
  std::vector<int8_t> g{0, -1, 1, 0};
  std::vector<int64_t> cnt{0, 2, 10, 4};
  const MetricSet m = evaluate(make_lists({{1, 0, 0}, {0, 0, 0}}, 3),
                               Relevance::single(std::vector<int32_t>{1, 2}), {3, g, cnt},
                               MetricOptions{3, 1, false});
  EXPECT_NEAR(m.ndcg, 0.5, 1e-12);
  EXPECT_NEAR(m.arp, 1.0, 1e-12);   // (2 + 0) / 2
  EXPECT_NEAR(m.aplt, 0.5, 1e-12);  // (1 + 0) / 2
  EXPECT_NEAR(m.dltc, 1.0, 1e-12);
  EXPECT_THROW(evaluate(make_lists({{4}}, 1), Relevance::single(std::vector<int32_t>{1}), {3, g, cnt}),
               std::invalid_argument);
  EXPECT_THROW(evaluate(make_lists({{1}}, 1), Relevance::single(std::vector<int32_t>{1, 2}), {3, g, cnt}),
               std::invalid_argument);
}

}  // namespace
}  // namespace popsteer::metrics

#include "config/document.h"

namespace popsteer::metrics {
namespace {

TEST(Metrics, OptionsFromConfig) {
  auto doc = config::Document::parse_string("[metrics]\nk = 20\ntau = 3\ncompat_pad = true\n", "m.toml");
  const MetricOptions o = MetricOptions::from_config(doc->root().section("metrics"));
  EXPECT_EQ(o.k, 20);
  EXPECT_EQ(o.tau, 3);
  EXPECT_TRUE(o.compat_pad);
  auto bad = config::Document::parse_string("[metrics]\ntua = 3\n", "m.toml");
  try {
    MetricOptions::from_config(bad->root().section("metrics"));
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'tau'"), std::string::npos) << e.what();
  }
  auto range = config::Document::parse_string("[metrics]\nk = 0\n", "m.toml");
  EXPECT_THROW(MetricOptions::from_config(range->root().section("metrics")), UserError);
}

}  // namespace
}  // namespace popsteer::metrics
