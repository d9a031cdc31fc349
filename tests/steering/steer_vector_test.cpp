// §4.5 and §5.2 worked examples (examples/steer.py), the §5.3 ablations and §5.4 lists.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <set>

#include "steering/evaluator.h"
#include "steering/neuron_stats.h"
#include "steering/steer_vector.h"

namespace popsteer::steering {
namespace {

const std::vector<double> kD = {2.0, -0.5, 1.0, -1.5, 0.2, 0.0};
const std::vector<double> kSigma = {0.5, 1.0, 2.0, 0.4, 1.0, 3.0};

void expect_vec(const std::vector<float>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << "at " << i;
}

SteerConfig cfg(double a_pop, double a_unpop, std::optional<double> beta, int64_t count = 0,
                Normalisation norm = Normalisation::kPerGroup) {
  SteerConfig c;
  c.alpha_pop = a_pop;
  c.alpha_unpop = a_unpop;
  c.beta = beta;
  c.count = count;
  c.norm = norm;
  return c;
}

TEST(CohensD, WorkedExample) {
  RunningMoments pop(3), unpop(3);
  pop.add(torch::tensor({2.0, 0.0, 1.0, 3.0, 1.0, 1.0, 4.0, 2.0, 1.5}).view({3, 3}));
  unpop.add(torch::tensor({0.0, 2.0, 1.0}).view({1, 3}));  // streamed in two chunks
  unpop.add(torch::tensor({1.0, 3.0, 1.5, 2.0, 4.0, 1.5}).view({2, 3}));
  const auto d = cohens_d(pop, unpop);
  EXPECT_NEAR(d[0], 2.449490, 1e-6);
  EXPECT_NEAR(d[1], -2.449490, 1e-6);
  EXPECT_NEAR(d[2], -0.707107, 1e-6);
  EXPECT_NEAR(pop.sd()[0], std::sqrt(2.0 / 3.0), 1e-12);  // population SD
}

TEST(CohensD, ZeroPooledSdIsNaNAndNeverSelected) {
  RunningMoments pop(2), unpop(2);
  pop.add(torch::tensor({1.0, 5.0, 1.0, 6.0}).view({2, 2}));
  unpop.add(torch::tensor({1.0, 0.0, 1.0, 1.0}).view({2, 2}));
  const auto d = cohens_d(pop, unpop);
  EXPECT_TRUE(std::isnan(d[0]));
  EXPECT_TRUE(std::isfinite(d[1]));
  auto s = select_neurons(d, cfg(1, 1, 0.0));
  EXPECT_EQ(s.pop, std::vector<int64_t>{1});
  EXPECT_TRUE(s.unpop.empty());
}

TEST(RunningMoments, StableForLargeOffsets) {
  RunningMoments m(1);
  for (int c = 0; c < 100; ++c) m.add(torch::tensor({1e8 + 1.0, 1e8 - 1.0}, torch::kFloat64).view({2, 1}));
  EXPECT_NEAR(m.mean()[0], 1e8, 1e-6);
  EXPECT_NEAR(m.sd()[0], 1.0, 1e-9);
}

TEST(SteerVector, WorkedExampleAllFourModes) {
  expect_vec(steer_vector(kD, kSigma, cfg(2, 1, 0.0)), {-1.0, 0.333333, -2.0, 0.4, -0.2, 0});
  expect_vec(steer_vector(kD, kSigma, cfg(2, 1, 1.0)), {-1.0, 0, -2.0, 0.4, 0, 0});
  expect_vec(steer_vector(kD, kSigma, cfg(2, 1, 0.0, 0, Normalisation::kGlobal)),
             {-1.0, 0.25, -2.0, 0.3, -0.2, 0});
  expect_vec(steer_vector(kD, kSigma, cfg(2, 1, std::nullopt, 2)), {-1.0, 0, 0, 0.4, 0, 0});
}

TEST(SteerVector, ChangesTheActiveSet) {
  // z = (0.9, 0.3, 0.8, 0.1, 0.75, −0.2), k_sae = 2: {0, 2} -> steered {1, 4}.
  SteeringInputs in;
  in.z = torch::tensor({0.9f, 0.3f, 0.8f, 0.1f, 0.75f, -0.2f}).view({1, 6});
  in.w_dec = torch::eye(6);
  in.b_pre = torch::zeros({6});
  in.items = torch::randn({3, 6});
  in.k_sae = 2;
  SteeringEvaluator ev(in, {.top_k = 1});
  auto [idx0, val0] = ev.activations({});
  EXPECT_EQ(idx0[0][0].item<int64_t>(), 0);
  EXPECT_EQ(idx0[0][1].item<int64_t>(), 2);
  SteerRequest r;
  r.shift = steer_vector(kD, kSigma, cfg(2, 1, 0.0));
  auto [idx1, val1] = ev.activations(r);
  EXPECT_EQ(idx1[0][0].item<int64_t>(), 1);
  EXPECT_EQ(idx1[0][1].item<int64_t>(), 4);
  EXPECT_NEAR(val1[0][0].item<float>(), 0.633333, 1e-6);
  EXPECT_NEAR(val1[0][1].item<float>(), 0.55, 1e-6);
}

TEST(SteerVector, ZeroAlphaAndHugeBetaMeanNoSteering) {
  for (float v : steer_vector(kD, kSigma, cfg(0, 0, 0.0))) EXPECT_EQ(v, 0.0f);
  for (float v : steer_vector(kD, kSigma, cfg(3, 3, 2.5))) EXPECT_EQ(v, 0.0f);
}

TEST(SteerVector, ConfigLabelAndJson) {
  auto c = cfg(1.5, 2, 0.5);
  EXPECT_EQ(c.label(), "a_pop=1.5 a_unpop=2 beta=0.5");
  EXPECT_EQ(c.params_json(), "{\"alpha_pop\":1.5,\"alpha_unpop\":2,\"beta\":0.5,\"norm\":\"group\"}");
}

TEST(RandomSelect, SameWeightsOnRandomNeuronsWithOwnSigma) {
  std::vector<double> d(40, 0.0), sigma(40);
  for (int j = 0; j < 40; ++j) sigma[j] = 1.0 + j;
  d[3] = 2.0;
  d[7] = 1.0;
  d[11] = -1.5;
  const auto c = cfg(2, 1, 0.5);
  const auto w = signed_weights(d, c);
  const auto s = random_select_vector(d, sigma, c, 42);
  std::multiset<double> want, got;
  for (double v : w)
    if (v != 0) want.insert(std::round(v * 1e6) / 1e6);
  int nonzero = 0;
  for (int j = 0; j < 40; ++j)
    if (s[j] != 0) {
      ++nonzero;
      got.insert(std::round(s[j] / sigma[j] * 1e6) / 1e6);  // weight = shift / own sigma
    }
  EXPECT_EQ(nonzero, 3);
  EXPECT_EQ(got, want);
  EXPECT_EQ(s, random_select_vector(d, sigma, c, 42));
  EXPECT_NE(s, random_select_vector(d, sigma, c, 43));
}

TEST(Manipulation, ListsAndShift) {
  const auto m = manipulation_lists(kD);
  EXPECT_EQ(m.pop, (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(m.unpop, (std::vector<int64_t>{3}));
  expect_vec(manipulation_vector(m.pop, 1, kSigma), {-0.5, 0, 0, 0, 0, 0});
  expect_vec(manipulation_vector(m.pop, 5, kSigma), {-0.5, 0, -2.0, 0, 0, 0});
  expect_vec(manipulation_vector(m.unpop, 0, kSigma), {0, 0, 0, 0, 0, 0});
}

TEST(Noise, CounterNormalIsStandardNormal) {
  double s = 0, s2 = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double v = counter_normal(9, static_cast<uint64_t>(i / 100), static_cast<uint64_t>(i % 100));
    s += v;
    s2 += v * v;
  }
  EXPECT_NEAR(s / n, 0.0, 0.01);
  EXPECT_NEAR(s2 / n, 1.0, 0.02);
  EXPECT_EQ(counter_normal(1, 2, 3), counter_normal(1, 2, 3));
  EXPECT_NE(counter_normal(1, 2, 3), counter_normal(2, 2, 3));
}

}  // namespace
}  // namespace popsteer::steering
