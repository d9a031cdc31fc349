// The fast block evaluator against a slow, obviously-correct per-user implementation.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <numeric>

#include "steering/evaluator.h"
#include "steering/steer_vector.h"

namespace popsteer::steering {
namespace {

/// Per user, in double: z' = z + shift (+ noise), ReLU, sort all N by (value desc, id
/// asc), keep k, decode densely, score every real item, sort by (score desc, id asc).
std::vector<std::vector<int32_t>> slow_lists(const SteeringInputs& in, const SteerRequest& r,
                                             int k_items, const std::vector<std::vector<int32_t>>& excl) {
  const int64_t u_n = in.z.size(0), n = in.z.size(1), d = in.w_dec.size(1), n_cols = in.items.size(0);
  auto z = in.z.to(torch::kDouble);
  auto w = in.w_dec.to(torch::kDouble);
  auto items = in.items.to(torch::kDouble);
  std::vector<std::vector<int32_t>> out;
  for (int64_t u = 0; u < u_n; ++u) {
    std::vector<double> zp(n);
    for (int64_t j = 0; j < n; ++j) {
      double v = z[u][j].item<double>() + (r.shift.empty() ? 0.0 : r.shift[j]);
      if (std::find(r.noise_neurons.begin(), r.noise_neurons.end(), j) != r.noise_neurons.end())
        v += static_cast<double>(static_cast<float>(r.noise_xi) * counter_normal(r.noise_seed, u, j));
      zp[j] = std::max(v, 0.0);
    }
    std::vector<int64_t> ord(n);
    std::iota(ord.begin(), ord.end(), 0);
    std::stable_sort(ord.begin(), ord.end(), [&](int64_t a, int64_t b) { return zp[a] > zp[b]; });
    std::vector<double> x(d);
    for (int64_t c = 0; c < d; ++c) x[c] = in.b_pre[c].item<double>();
    for (int64_t t = 0; t < in.k_sae; ++t)
      for (int64_t c = 0; c < d; ++c) x[c] += zp[ord[t]] * w[ord[t]][c].item<double>();
    std::vector<std::pair<double, int32_t>> sc;
    for (int32_t i = 1; i < n_cols; ++i) {
      if (!excl.empty() && std::count(excl[u].begin(), excl[u].end(), i)) continue;
      double s = 0;
      for (int64_t c = 0; c < d; ++c) s += x[c] * items[i][c].item<double>();
      sc.push_back({-s, i});
    }
    std::sort(sc.begin(), sc.end());
    std::vector<int32_t> list;
    for (int t = 0; t < k_items; ++t) list.push_back(t < static_cast<int>(sc.size()) ? sc[t].second : 0);
    out.push_back(list);
  }
  return out;
}

SteeringInputs random_inputs(int64_t users, int64_t n, int64_t d, int64_t items, int64_t k, uint64_t seed) {
  torch::manual_seed(seed);
  SteeringInputs in;
  in.z = torch::randn({users, n});
  in.w_dec = torch::randn({n, d});
  in.b_pre = torch::randn({d}) * 0.1;
  in.items = torch::randn({items + 1, d});
  in.k_sae = k;
  return in;
}

TEST(SteeringEvaluator, BlockMatchesSlowReference) {
  const auto in = random_inputs(23, 40, 8, 30, 5, 3);
  std::vector<SteerRequest> block(4);
  block[1].shift = std::vector<float>(40, 0.0f);
  for (int j = 0; j < 40; j += 3) block[1].shift[j] = -0.7f;
  for (int j = 0; j < 40; ++j) block[2].shift.push_back(0.05f * static_cast<float>(j % 7) - 0.1f);
  block[3].noise_neurons = {1, 5, 9, 33};
  block[3].noise_xi = 0.8;
  block[3].noise_seed = 77;
  SteeringEvaluator ev(in, {.top_k = 4, .chunk_rows = 7});  // chunks straddle configs
  const auto lists = ev.rank(block);
  ASSERT_EQ(lists.size(), 4u);
  for (size_t c = 0; c < block.size(); ++c) {
    const auto want = slow_lists(in, block[c], 4, {});
    for (int64_t u = 0; u < 23; ++u) {
      auto row = lists[c].row(u);
      EXPECT_EQ(std::vector<int32_t>(row.begin(), row.end()), want[u]) << "config " << c << " user " << u;
    }
  }
  // Steering changes something, and the same block gives the same lists again.
  EXPECT_NE(lists[0].items, lists[1].items);
  EXPECT_EQ(ev.rank(block)[3].items, lists[3].items);
}

TEST(SteeringEvaluator, ExclusionsAndMetrics) {
  const auto in = random_inputs(12, 24, 6, 15, 4, 5);
  std::vector<std::vector<int32_t>> excl(12);
  std::vector<std::span<const int32_t>> spans;
  for (int u = 0; u < 12; ++u) {
    for (int i = 1 + u % 3; i <= 15; i += 2 + u % 4) excl[u].push_back(i);
    spans.emplace_back(excl[u]);
  }
  SteeringEvaluator ev(in, {.top_k = 5, .chunk_rows = 5, .exclude = spans});
  SteerRequest r;
  r.shift = std::vector<float>(24, 0.3f);
  std::vector<SteerRequest> block{r};
  const auto want = slow_lists(in, r, 5, excl);
  const auto lists = ev.rank(block);
  auto ref = metrics::TopKLists::empty(12, 5);
  for (int64_t u = 0; u < 12; ++u) {
    auto row = lists[0].row(u);
    EXPECT_EQ(std::vector<int32_t>(row.begin(), row.end()), want[u]);
    std::copy(want[u].begin(), want[u].end(), ref.row(u).begin());
  }
  std::vector<int32_t> targets;
  for (int u = 0; u < 12; ++u) targets.push_back(want[u][u % 5] ? want[u][u % 5] : 1);
  std::vector<int8_t> group(16, 0);
  std::vector<int64_t> counts(16, 1);
  group[1] = group[2] = 1;
  group[14] = group[15] = -1;
  metrics::ItemInfo info{15, group, counts};
  const auto rel = metrics::Relevance::single(targets);
  const auto got = evaluate_block(ev, block, rel, info);
  const auto exp = metrics::evaluate(ref, rel, info);
  EXPECT_DOUBLE_EQ(got[0].ndcg, exp.ndcg);
  EXPECT_DOUBLE_EQ(got[0].gini, exp.gini);
  EXPECT_DOUBLE_EQ(got[0].coverage, exp.coverage);
  EXPECT_GT(got[0].ndcg, 0.0);
}

TEST(SteeringEvaluator, PostModeAddsShiftTimesDecoder) {
  const auto in = random_inputs(5, 16, 4, 9, 3, 8);
  SteeringEvaluator ev(in, {.top_k = 3});
  SteerRequest post;
  post.mode = SteerRequest::Mode::kPost;
  post.shift = std::vector<float>(16, 0.0f);
  post.shift[2] = -1.5f;
  auto delta = ev.reconstruct(post) - ev.reconstruct({});
  auto want = (in.w_dec[2] * -1.5f).expand({5, 4});
  EXPECT_TRUE(torch::allclose(delta, want, 1e-5, 1e-5));
}

}  // namespace
}  // namespace popsteer::steering

namespace popsteer::steering {
namespace {

TEST(SteeringEvaluator, FilteredShiftedPathMatchesSlowReference) {
  // N = 400, k = 5: the block-max filtered selection with the fused shift is used.
  const auto in = random_inputs(15, 400, 8, 40, 5, 21);
  SteerRequest r;
  for (int j = 0; j < 400; ++j) r.shift.push_back(j % 5 == 0 ? 1.2f : -0.3f * static_cast<float>(j % 3));
  std::vector<SteerRequest> block{SteerRequest{}, r};
  SteeringEvaluator ev(in, {.top_k = 6, .chunk_rows = 4});
  const auto lists = ev.rank(block);
  for (size_t c = 0; c < 2; ++c) {
    const auto want = slow_lists(in, block[c], 6, {});
    for (int64_t u = 0; u < 15; ++u) {
      auto row = lists[c].row(u);
      EXPECT_EQ(std::vector<int32_t>(row.begin(), row.end()), want[u]) << "config " << c << " user " << u;
    }
  }
}

}  // namespace
}  // namespace popsteer::steering
