// Attribution (App. A), embedding-space W1, separability pre-check, neuron-table I/O.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>

#include "steering/analysis.h"
#include "steering/attribution.h"
#include "steering/embedding_space.h"
#include "steering/neuron_table_io.h"
#include "steering/steer_vector.h"

namespace popsteer::steering {
namespace {

TEST(Attribution, ContributionsSumToTheScoreChange) {
  torch::manual_seed(12);
  SteeringInputs in;
  in.z = torch::randn({6, 64});
  in.w_dec = torch::randn({64, 8});
  in.b_pre = torch::randn({8});
  in.items = torch::randn({31, 8});
  in.k_sae = 6;
  SteeringEvaluator ev(in, {.top_k = 5});
  SteerRequest r;
  for (int j = 0; j < 64; ++j) r.shift.push_back(j % 3 == 0 ? -1.0f : 0.4f);
  auto x0 = ev.reconstruct({}), x1 = ev.reconstruct(r);
  int checked = 0;
  for (int64_t u = 0; u < 6; ++u) {
    auto ex = explain_user(ev, in, r, u);
    EXPECT_EQ(ex.entered.size(), ex.left.size());
    std::vector<int32_t> all_items;
    for (int32_t i = 1; i <= 30; ++i) all_items.push_back(i);
    auto [ib, vb] = ev.activations({});
    auto [ia, va] = ev.activations(r);
    for (const auto& a : attribute(ib[u], vb[u], ia[u], va[u], in.w_dec, in.b_pre, in.items, all_items)) {
      double sum = 0;
      for (const auto& n : a.neurons) sum += n.contribution;
      const double before = x0[u].dot(in.items[a.item]).item<double>();
      const double after = x1[u].dot(in.items[a.item]).item<double>();
      EXPECT_NEAR(sum, after - before, 1e-4);
      EXPECT_NEAR(a.delta, after - before, 1e-4);
      EXPECT_NEAR(a.score_before, before, 1e-4);
      for (size_t t = 1; t < a.neurons.size(); ++t)
        EXPECT_GE(std::abs(a.neurons[t - 1].contribution), std::abs(a.neurons[t].contribution));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 180);
}

TEST(EmbeddingSpace, Wasserstein1ExactValues) {
  EXPECT_DOUBLE_EQ(wasserstein1({0, 1, 2}, {0, 1, 2}), 0.0);
  EXPECT_DOUBLE_EQ(wasserstein1({0, 1, 2}, {3, 4, 5}), 3.0);  // a shift by 3
  // Direct: F_A jumps 1/2 at 0 and 1; F_B jumps 2/3 at 0, 1/3 at 3.
  // ∫0..1 |1/2−2/3| + ∫1..3 |1−2/3| = 1/6 + 2/3 = 5/6.
  EXPECT_NEAR(wasserstein1({0, 1}, {0, 0, 3}), 5.0 / 6.0, 1e-12);
}

TEST(EmbeddingSpace, SeparatedSetsAreFarOnPc1) {
  torch::manual_seed(2);
  auto a = torch::randn({200, 30}) * 0.1;
  auto b = a.clone();
  b.select(1, 4).add_(5.0);
  auto c = torch::randn({150, 30}) * 0.1;
  auto space = embedding_space({"a", "b", "c"}, {a, b, c}, 7);
  ASSERT_EQ(space.distances.size(), 3u);
  EXPECT_NEAR(space.distances[0].w1_pc1, 5.0, 0.05);  // a vs b: the shift
  EXPECT_LT(space.distances[1].w1_pc1, 0.5);          // a vs c: same distribution
  EXPECT_NEAR(space.distances[2].w1_pc1, 5.0, 0.05);  // b vs c
  EXPECT_GT(space.explained_variance[0], 0.8);
  const auto csv = coords_csv(space);
  EXPECT_EQ(csv.rfind("set,x,y\n", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + 550);
}

TEST(Separability, SeparableAndInseparableSets) {
  torch::manual_seed(3);
  auto pos = torch::randn({400, 10});
  auto neg = torch::randn({400, 10});
  auto none = separability(pos, neg, 1);
  EXPECT_NEAR(none.auc, 0.5, 0.12);
  pos.select(1, 2).add_(3.0);
  auto clear = separability(pos, neg, 1);
  EXPECT_GT(clear.accuracy, 0.9);
  EXPECT_GT(clear.auc, 0.95);
  EXPECT_EQ(clear.n_test, 160);
  EXPECT_DOUBLE_EQ(roc_auc({3, 4}, {1, 2}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc({1, 2}, {1, 2}), 0.5);
}

TEST(SyntheticProfiles, DrawnFromPoolIndependentOfBatching) {
  std::vector<int32_t> pool{4, 9, 11};
  auto whole = synthetic_profiles(pool, 0, 10, 50, 5);
  auto tail = synthetic_profiles(pool, 6, 4, 50, 5);
  EXPECT_TRUE(torch::equal(whole.slice(0, 6), tail));
  for (int64_t v : std::vector<int64_t>(whole.data_ptr<int64_t>(), whole.data_ptr<int64_t>() + 500))
    EXPECT_TRUE(v == 4 || v == 9 || v == 11);
  EXPECT_FALSE(torch::equal(whole, synthetic_profiles(pool, 0, 10, 50, 6)));
}

TEST(NeuronTableIo, RoundTrip) {
  NeuronTable t;
  t.d = {1.5, std::nan(""), -2.0};
  t.mean_pop = {1, 2, 3};
  t.sd_pop = {0.1, 0.2, 0.3};
  t.mean_unpop = {0, 2, 4};
  t.sd_unpop = {0.5, 0.5, 0.5};
  t.sigma = {1, 1, 2};
  t.n_pop = 10;
  t.n_unpop = 11;
  const auto path = (std::filesystem::temp_directory_path() / "popsteer_neurons_test.h5").string();
  save_neuron_table(path, t, {{"sae", "x.h5"}});
  auto back = load_neuron_table(path);
  EXPECT_DOUBLE_EQ(back.d[0], 1.5);
  EXPECT_TRUE(std::isnan(back.d[1]));
  EXPECT_EQ(back.sigma, t.sigma);
  EXPECT_EQ(back.n_unpop, 11);
  EXPECT_EQ(back.ranked(+1), std::vector<int64_t>{0});
  EXPECT_EQ(back.ranked(-1), std::vector<int64_t>{2});
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace popsteer::steering
