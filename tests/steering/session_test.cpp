// steering::analyze_neurons and steering::SteeringSession end to end on a fake backbone
// whose representations are set by hand (10 users, 8 items, d = 4) and a hand-built SAE
// (N = 8, k = 2, z = (x, -x)). Expected values: Cohen's d and sigma by hand (real-user
// mode), a slow double-precision reference over the profiles the backbone actually saw
// (synthetic mode), and the steered top-K lists from a slow per-user reference of §5.2.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "data/dataset.h"
#include "models/backbone.h"
#include "sae/sae.h"
#include "steering/analysis.h"
#include "steering/session.h"

namespace popsteer::steering {
namespace {

constexpr int32_t kUsers = 10, kItems = 8;
constexpr int64_t kDim = 4;

/// Items 1,2 head, 7,8 tail, 3..6 mid; user u has s(u) = u (user 10 most popular).
std::shared_ptr<data::Dataset> hand_dataset() {
  auto ds = std::make_shared<data::Dataset>();
  ds->name = "hand";
  ds->n_users = kUsers;
  ds->n_items = kItems;
  ds->sequences.resize(kUsers + 1);
  for (int32_t u = 1; u <= kUsers; ++u) {
    // Five items per user: training part of 3, then validation and test targets.
    for (int32_t t = 0; t < 5; ++t) ds->sequences[u].push_back(1 + (u * 3 + t * 5) % kItems);
  }
  ds->user_tokens.assign(kUsers + 1, "u");
  ds->item_tokens.assign(kItems + 1, "i");
  ds->train_count.assign(kItems + 1, 0);
  for (int32_t u = 1; u <= kUsers; ++u)
    for (int32_t i : ds->train_items(u)) ++ds->train_count[i];
  ds->item_group = {data::kMid, data::kHead, data::kHead, data::kMid, data::kMid,
                    data::kMid, data::kMid, data::kTail, data::kTail};
  ds->pareto_head = {0, 1, 1, 0, 0, 0, 0, 0, 0};
  ds->user_pop_score.resize(kUsers + 1);
  for (int32_t u = 0; u <= kUsers; ++u) ds->user_pop_score[u] = u;
  ds->user_group.assign(kUsers + 1, 0);
  return ds;
}

/// Representations from tables: user rows for valid / test, item rows E (also the item
/// vectors a sequence is the mean of, as LightGCN's §8.3 synthetic users). Records every
/// sequence it encodes.
class FakeBackbone : public models::Backbone {
 public:
  FakeBackbone(std::shared_ptr<data::Dataset> ds, torch::Tensor h_valid, torch::Tensor h_test, torch::Tensor items,
               bool masks)
      : ds_(std::move(ds)), h_valid_(h_valid), h_test_(h_test), items_(items), masks_(masks) {}
  std::string kind() const override { return "fake"; }
  int64_t dim() const override { return kDim; }
  bool masks_history() const override { return masks_; }
  torch::Tensor user_representation(const std::vector<int32_t>& users, data::Split split) override {
    std::vector<int64_t> ids(users.begin(), users.end());
    return (split == data::Split::kValid ? h_valid_ : h_test_).index_select(0, torch::tensor(ids));
  }
  torch::Tensor sequence_representation(const torch::Tensor& items) override {
    auto ids = items.to(torch::kLong);
    for (int64_t r = 0; r < ids.size(0); ++r) {
      std::vector<int32_t> row;
      for (int64_t t = 0; t < ids.size(1); ++t) row.push_back(static_cast<int32_t>(ids[r][t].item<int64_t>()));
      seen.push_back(row);
    }
    auto valid = ids.ne(0).unsqueeze(-1).to(torch::kFloat);
    return (items_.index({ids}) * valid).sum(1) / valid.sum(1).clamp_min(1.0);
  }
  torch::Tensor item_embeddings() override { return items_; }
  torch::Tensor sae_training_inputs() override { return h_valid_.slice(0, 1); }
  const data::Dataset& dataset() const override { return *ds_; }
  torch::Device device() const override { return torch::kCPU; }

  std::vector<std::vector<int32_t>> seen;  ///< every row given to sequence_representation

 private:
  std::shared_ptr<data::Dataset> ds_;
  torch::Tensor h_valid_, h_test_, items_;
  bool masks_;
};

torch::Tensor rows(std::vector<std::vector<float>> r) {
  auto t = torch::zeros({static_cast<int64_t>(r.size()), kDim});
  for (size_t i = 0; i < r.size(); ++i)
    for (int64_t j = 0; j < kDim; ++j) t[static_cast<int64_t>(i)][j] = r[i][static_cast<size_t>(j)];
  return t;
}

// Row 0 = PAD user. Users 9, 10 are the popular group, 1, 2 the unpopular one (§4.4 with
// fraction 0.2: ceil(2) and floor(2) users).
//                 x0    x1    x2    x3
torch::Tensor h_valid() {
  return rows({{0, 0, 0, 0},
               {0, 1, 3, 0},     // 1 unpop
               {2, 1, 6, 2},     // 2 unpop
               {1, -2, 0.5, 1},  // 3..8 mid users
               {-1, 0, 2, -3},
               {3, 0.5, -1, 0},
               {0.5, 2, 1, 1},
               {-2, -1, 0, 2},
               {1.5, 0, -2, 0.5},
               {2, 1, 0, 1},     // 9 pop
               {4, 1, 1, 3}});   // 10 pop
}
torch::Tensor h_test() { return h_valid().flip({1}) * 0.5 + 0.25; }
torch::Tensor item_table() {
  return rows({{0, 0, 0, 0},  // PAD
               {2, 0, 1, 0}, {1, 1, 0, 0}, {0, 2, 0, 1}, {0, 0, 2, 1},
               {-1, 0, 0, 2}, {0, -1, 1, 1}, {-2, 1, 0, 1}, {0, -2, 2, 0}});
}

/// N = 8, k = 2: latent j < 4 reads +x_j, latent 4 + j reads −x_j; atoms = unit vectors.
sae::SparseAutoencoder hand_sae() {
  sae::SparseAutoencoder s(sae::SaeOptions(kDim, 2, 2));
  torch::NoGradGuard g;
  auto eye = torch::eye(kDim);
  s->w_enc.copy_(torch::cat({eye, -eye}));
  s->w_dec.copy_(torch::cat({eye, -eye}));
  s->b_enc.zero_();
  s->b_pre.zero_();
  return s;
}

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }
double pop_var(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / double(v.size());
}
/// Cohen's d exactly as ALGORITHMS.md §4.2 writes it (NaN when s_p = 0).
double slow_d(const std::vector<double>& pop, const std::vector<double>& unpop) {
  const double n1 = double(pop.size()), n2 = double(unpop.size());
  const double sp = std::sqrt(((n1 - 1) * pop_var(pop) + (n2 - 1) * pop_var(unpop)) / (n1 + n2 - 2));
  return sp == 0 ? std::nan("") : (mean(pop) - mean(unpop)) / sp;
}

TEST(AnalyzeNeurons, RealUserModeHandComputedD) {
  auto ds = hand_dataset();
  FakeBackbone bb(ds, h_valid(), h_test(), item_table(), true);
  auto sae = hand_sae();
  AnalysisOptions o;
  o.mode = "real_users";
  o.user_fraction = 0.2;
  o.batch = 3;  // several batches per group
  const auto t = analyze_neurons(bb, *sae, o);
  ASSERT_EQ(t.size(), 8);
  EXPECT_EQ(t.n_pop, 2);
  EXPECT_EQ(t.n_unpop, 2);
  EXPECT_EQ(t.n_sigma, kUsers);
  // x0: pop {2, 4}, unpop {0, 2}: means 3 / 1, σ² 1 / 1, s_p = 1 -> d = 2.
  EXPECT_NEAR(t.d[0], 2.0, 1e-9);
  // x1: both groups constant 1: s_p = 0 -> NaN.
  EXPECT_TRUE(std::isnan(t.d[1]));
  // x2: pop {0, 1}, unpop {3, 6}: means 0.5 / 4.5, σ² 0.25 / 2.25, s_p = √1.25 -> d = −4/√1.25.
  EXPECT_NEAR(t.d[2], -4.0 / std::sqrt(1.25), 1e-9);
  // x3: pop {1, 3}, unpop {0, 2}: d = 1.
  EXPECT_NEAR(t.d[3], 1.0, 1e-9);
  // Latents 4..7 read −x: the sign flips.
  EXPECT_NEAR(t.d[4], -2.0, 1e-9);
  EXPECT_TRUE(std::isnan(t.d[5]));
  EXPECT_NEAR(t.d[6], 4.0 / std::sqrt(1.25), 1e-9);
  EXPECT_NEAR(t.d[7], -1.0, 1e-9);
  EXPECT_NEAR(t.mean_pop[0], 3.0, 1e-9);
  EXPECT_NEAR(t.sd_unpop[2], 1.5, 1e-9);
  // σ_j: population SD of z_j over all 10 validation users.
  const auto hv = h_valid();
  for (int64_t j = 0; j < kDim; ++j) {
    std::vector<double> col;
    for (int32_t u = 1; u <= kUsers; ++u) col.push_back(hv[u][j].item<double>());
    EXPECT_NEAR(t.sigma[static_cast<size_t>(j)], std::sqrt(pop_var(col)), 1e-6) << j;
    EXPECT_NEAR(t.sigma[static_cast<size_t>(j + 4)], std::sqrt(pop_var(col)), 1e-6) << j;
  }
  // x0 by hand: values {0,2,1,−1,3,0.5,−2,1.5,2,4}, mean 1.1, Σx² = 41.5, Σ(x−1.1)² = 41.5 − 10·1.21 = 29.4 -> σ² 2.94.
  EXPECT_NEAR(t.sigma[0], std::sqrt(2.94), 1e-6);
  EXPECT_TRUE(bb.seen.empty());  // real-user mode never builds synthetic profiles
}

TEST(AnalyzeNeurons, SyntheticModeMatchesSlowReferenceOverTheProfilesSeen) {
  auto ds = hand_dataset();
  FakeBackbone bb(ds, h_valid(), h_test(), item_table(), false);
  auto sae = hand_sae();
  AnalysisOptions o;
  o.mode = "synthetic";
  o.n_profiles = 50;
  o.profile_length = 3;
  o.batch = 7;  // does not divide 50
  o.seed = 9;
  const auto t = analyze_neurons(bb, *sae, o);
  ASSERT_EQ(bb.seen.size(), 100u);
  // Split the rows the backbone saw by pool; each row must come from one pool only.
  const auto E = item_table();
  std::vector<std::vector<double>> pop(8), unpop(8);
  int n_pop = 0, n_unpop = 0;
  for (const auto& row : bb.seen) {
    ASSERT_EQ(row.size(), 3u);
    const int8_t g = ds->item_group[row[0]];
    ASSERT_NE(g, data::kMid);
    std::vector<double> x(kDim, 0.0);
    for (int32_t i : row) {
      ASSERT_EQ(ds->item_group[i], g) << "profile mixes head and tail items";
      for (int64_t j = 0; j < kDim; ++j) x[static_cast<size_t>(j)] += E[i][j].item<double>() / 3.0;
    }
    (g == data::kHead ? n_pop : n_unpop)++;
    for (int64_t j = 0; j < 8; ++j) {
      const double z = j < kDim ? x[static_cast<size_t>(j)] : -x[static_cast<size_t>(j - kDim)];
      (g == data::kHead ? pop : unpop)[static_cast<size_t>(j)].push_back(z);
    }
  }
  EXPECT_EQ(n_pop, 50);
  EXPECT_EQ(n_unpop, 50);
  EXPECT_EQ(t.n_pop, 50);
  EXPECT_EQ(t.n_unpop, 50);
  int defined = 0;
  for (size_t j = 0; j < 8; ++j) {
    const double want = slow_d(pop[j], unpop[j]);
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(t.d[j])) << j;
      continue;
    }
    ++defined;
    EXPECT_NEAR(t.d[j], want, 1e-5) << j;
    EXPECT_NEAR(t.mean_pop[j], mean(pop[j]), 1e-6) << j;
    EXPECT_NEAR(t.sd_unpop[j], std::sqrt(pop_var(unpop[j])), 1e-6) << j;
  }
  EXPECT_GE(defined, 6);  // the reference is not vacuous
  // x0: head items have x0 in {2, 1}, tail items in {−2, 0}: clearly popularity-aligned.
  EXPECT_GT(t.d[0], 1.0);
  EXPECT_LT(t.d[4], -1.0);
  // Same seed, same profiles and table; the profiles do not depend on the batch size.
  FakeBackbone again(ds, h_valid(), h_test(), item_table(), false);
  o.batch = 50;
  const auto t2 = analyze_neurons(again, *sae, o);
  EXPECT_EQ(again.seen, bb.seen);
  for (size_t j = 0; j < 8; ++j)
    if (!std::isnan(t.d[j])) EXPECT_NEAR(t2.d[j], t.d[j], 1e-9);
}

/// The steer vector of §5.2 written out (threshold mode, per-group maxima).
std::vector<float> slow_steer(const NeuronTable& t, double alpha_pop, double alpha_unpop, double beta) {
  double m_p = 0, m_u = 0;
  auto selected = [&](size_t j) { return std::isfinite(t.d[j]) && t.d[j] != 0 && std::abs(t.d[j]) >= beta; };
  for (size_t j = 0; j < t.d.size(); ++j)
    if (selected(j)) (t.d[j] > 0 ? m_p : m_u) = std::max(t.d[j] > 0 ? m_p : m_u, std::abs(t.d[j]));
  std::vector<float> s(t.d.size(), 0.f);
  for (size_t j = 0; j < t.d.size(); ++j) {
    if (!selected(j)) continue;
    if (t.d[j] > 0) s[j] = static_cast<float>(-alpha_pop * std::abs(t.d[j]) / m_p * t.sigma[j]);
    else s[j] = static_cast<float>(alpha_unpop * std::abs(t.d[j]) / m_u * t.sigma[j]);
  }
  return s;
}

/// Top-K items of one user, the slow way: z' = W_enc h + shift (float, as the evaluator),
/// ReLU, the k_sae largest (ties lower latent), x̂ = Σ a_j W_dec[j], scores x̂·E_i over
/// items 1..n (history excluded when masked), sorted by (score desc, id asc).
std::vector<int32_t> slow_top_k(sae::SparseAutoencoderImpl& sae, const torch::Tensor& h, const torch::Tensor& E,
                                const std::vector<float>& shift, const std::set<int32_t>& excluded, int K) {
  const int64_t N = sae.options().hidden();
  std::vector<std::pair<float, int64_t>> r;
  for (int64_t j = 0; j < N; ++j) {
    float z = sae.b_enc[j].item<float>();
    for (int64_t c = 0; c < kDim; ++c) z += sae.w_enc[j][c].item<float>() * (h[c].item<float>() - sae.b_pre[c].item<float>());
    if (!shift.empty()) z += shift[static_cast<size_t>(j)];
    r.push_back({std::max(z, 0.f), j});
  }
  std::stable_sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<double> x(kDim);
  for (int64_t c = 0; c < kDim; ++c) x[static_cast<size_t>(c)] = sae.b_pre[c].item<double>();
  for (int64_t q = 0; q < sae.options().k(); ++q)
    for (int64_t c = 0; c < kDim; ++c)
      x[static_cast<size_t>(c)] += double(r[static_cast<size_t>(q)].first) * sae.w_dec[r[static_cast<size_t>(q)].second][c].item<double>();
  std::vector<std::pair<double, int32_t>> scores;
  for (int32_t i = 1; i < E.size(0); ++i) {
    if (excluded.count(i)) continue;
    double s = 0;
    for (int64_t c = 0; c < kDim; ++c) s += x[static_cast<size_t>(c)] * E[i][c].item<double>();
    scores.push_back({s, i});
  }
  std::stable_sort(scores.begin(), scores.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<int32_t> out;
  for (int q = 0; q < K && q < static_cast<int>(scores.size()); ++q) out.push_back(scores[static_cast<size_t>(q)].second);
  return out;
}

TEST(SteeringSession, ListsAndMetricsMatchSlowReference) {
  auto ds = hand_dataset();
  auto sae = hand_sae();
  AnalysisOptions o;
  o.mode = "real_users";
  o.user_fraction = 0.2;
  for (bool masks : {false, true}) {
    SCOPED_TRACE(masks ? "history masked" : "no masking");
    FakeBackbone bb(ds, h_valid(), h_test(), item_table(), masks);
    const auto table = analyze_neurons(bb, *sae, o);
    SessionOptions so;
    so.top_k = 3;
    so.batch = 4;  // users per backbone call: several calls
    SteeringSession session(bb, *sae, so);
    EXPECT_EQ(session.latents(), 8);

    // β = 1.5 selects latents 0, 6 (d = 2, 3.58: P) and 2, 4 (d = −3.58, −2: U).
    SteerConfig cfg;
    cfg.alpha_pop = 2.0;
    cfg.alpha_unpop = 1.0;
    cfg.beta = 1.5;
    std::vector<SteerRequest> block = {SteerRequest{}, SteeringSession::popsteer(table, cfg)};
    const auto want_shift = slow_steer(table, 2.0, 1.0, 1.5);
    ASSERT_EQ(block[1].shift.size(), want_shift.size());
    for (size_t j = 0; j < want_shift.size(); ++j) EXPECT_NEAR(block[1].shift[j], want_shift[j], 1e-6) << j;
    EXPECT_EQ(want_shift[1], 0.f);
    EXPECT_EQ(want_shift[3], 0.f);  // |d| = 1 < β
    EXPECT_NEAR(want_shift[0], -2.0 * 2.0 / (4.0 / std::sqrt(1.25)) * table.sigma[0], 1e-6);  // −α_pop |d_0|/m_P σ_0
    EXPECT_NEAR(want_shift[6], -2.0 * table.sigma[6], 1e-6);  // the P maximum gets the full α_pop σ
    EXPECT_NEAR(want_shift[2], 1.0 * table.sigma[2], 1e-6);   // the U maximum gets the full α_unpop σ

    for (data::Split split : {data::Split::kValid, data::Split::kTest}) {
      const auto& cache = session.split(split);
      const auto lists = cache.evaluator->rank(block);
      ASSERT_EQ(lists.size(), 2u);
      const auto H = split == data::Split::kValid ? h_valid() : h_test();
      int changed = 0;
      for (size_t c = 0; c < block.size(); ++c) {
        ASSERT_EQ(lists[c].n_rows, kUsers);
        double ndcg = 0;
        for (int32_t u = 1; u <= kUsers; ++u) {
          std::set<int32_t> excluded;
          if (masks)
            for (int32_t i : ds->context(u, split)) excluded.insert(i);
          const auto want = slow_top_k(*sae, H[u], item_table(), block[c].shift, excluded, 3);
          const auto got = lists[c].row(u - 1);
          EXPECT_EQ(std::vector<int32_t>(got.begin(), got.end()), want) << "user " << u << " config " << c;
          for (size_t q = 0; q < want.size(); ++q)
            if (want[q] == ds->target(u, split)) ndcg += 1.0 / std::log2(double(q) + 2.0);
          if (c == 1) {
            const auto base = lists[0].row(u - 1);
            changed += !std::equal(got.begin(), got.end(), base.begin());
          }
        }
        const auto m = session.evaluate(std::span(block).subspan(c, 1), split);
        ASSERT_EQ(m.size(), 1u);
        EXPECT_NEAR(m[0].ndcg, ndcg / kUsers, 1e-9) << "config " << c;
      }
      EXPECT_GT(changed, 0) << "the steering config changed no list: the comparison would be vacuous";
    }
  }
}

TEST(SteeringSession, HandCheckedSteeringFlipsOneUsersTopItem) {
  // User 10 (valid h = (4, 1, 1, 3)): z = (4, 1, 1, 3, −4, −1, −1, −3); the top-2 latents
  // are 0 and 3, so x̂ = (4, 0, 0, 3) and the scores x̂·E_i are
  // (8, 4, 3, 3, 2, 3, −5, 0) for items 1..8: item 1 first, then 2, then 3 (ties to lower id).
  auto ds = hand_dataset();
  auto sae = hand_sae();
  FakeBackbone bb(ds, h_valid(), h_test(), item_table(), false);
  SessionOptions so;
  so.top_k = 3;
  SteeringSession session(bb, *sae, so);
  SteerRequest push;  // −5 on latent 0 and +3 on latent 2 (the "x2" latent)
  push.shift = {-5.f, 0.f, 3.f, 0.f, 0.f, 0.f, 0.f, 0.f};
  std::vector<SteerRequest> block = {SteerRequest{}, push};
  const auto lists = session.split(data::Split::kValid).evaluator->rank(block);
  const auto base = lists[0].row(9), steered = lists[1].row(9);
  EXPECT_EQ(std::vector<int32_t>(base.begin(), base.end()), (std::vector<int32_t>{1, 2, 3}));
  // z' = (−1, 1, 4, 3, −4, −1, −1, −3): top-2 = latents 2, 3 -> x̂ = (0, 0, 4, 3); scores
  // (4, 0, 3, 11, 6, 7, 3, 8): item 4, then 8, then 6.
  EXPECT_EQ(std::vector<int32_t>(steered.begin(), steered.end()), (std::vector<int32_t>{4, 8, 6}));
}

}  // namespace
}  // namespace popsteer::steering
