// SASRec / LightGCN forward passes, losses, samples and ranking on hand-checked values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "models/evaluation.h"
#include "models/lightgcn.h"
#include "models/losses.h"
#include "models/ranking.h"
#include "models/sasrec.h"
#include "models/sasrec_samples.h"

namespace popsteer::models {
namespace {

torch::Tensor long_tensor(std::vector<int64_t> v, std::vector<int64_t> shape) {
  return torch::tensor(v, torch::kLong).view(shape);
}

SASRec small_sasrec(int64_t n_items, int64_t max_len) {
  torch::manual_seed(7);
  SASRec model(SASRecOptions(n_items).hidden_size(16).inner_size(32).max_seq_len(max_len));
  model->eval();
  return model;
}

TEST(SasrecMask, ShapeAndValues) {
  auto mask = sasrec_attention_mask(long_tensor({3, 5, 0}, {1, 3}));
  ASSERT_EQ(mask.sizes(), (std::vector<int64_t>{1, 1, 3, 3}));
  const float n = -10000.0f;
  const std::vector<float> expected = {0, n, n, 0, 0, n, 0, 0, n};
  auto flat = mask.flatten();
  for (int k = 0; k < 9; ++k) EXPECT_EQ(flat[k].item<float>(), expected[k]) << "entry " << k;
}

TEST(Sasrec, FutureItemNeverChangesEarlierPositions) {
  auto model = small_sasrec(20, 8);
  torch::NoGradGuard no_grad;
  auto a = model->forward(long_tensor({4, 9, 2, 7, 11, 3, 0, 0}, {1, 8}));
  auto b = model->forward(long_tensor({4, 9, 2, 15, 1, 3, 0, 0}, {1, 8}));
  ASSERT_EQ(a.sizes(), (std::vector<int64_t>{1, 8, 16}));
  for (int t = 0; t < 3; ++t) EXPECT_TRUE(torch::allclose(a[0][t], b[0][t], 1e-6, 1e-6)) << t;
  EXPECT_FALSE(torch::allclose(a[0][3], b[0][3], 1e-4, 1e-4));
}

TEST(Sasrec, AllPositionsEqualsPrefixOutputs) {
  auto model = small_sasrec(30, 10);
  torch::NoGradGuard no_grad;
  const std::vector<int64_t> seq = {5, 12, 7, 29, 1, 18, 3, 22, 9, 14};
  auto full = model->forward(long_tensor(seq, {1, 10}));
  for (int t = 0; t < 10; ++t) {
    std::vector<int64_t> prefix(10, 0);
    std::copy(seq.begin(), seq.begin() + t + 1, prefix.begin());
    auto out = model->forward(long_tensor(prefix, {1, 10}));
    EXPECT_TRUE(torch::allclose(full[0][t], out[0][t], 1e-5, 1e-5)) << "position " << t;
  }
}

TEST(Sasrec, ParametersFollowTheSpec) {
  SASRec model(SASRecOptions(10));
  EXPECT_EQ(model->item_table().sizes(), (std::vector<int64_t>{11, 64}));
  EXPECT_EQ(model->pos_emb->weight.size(0), 50);
  EXPECT_EQ(model->blocks->size(), 2u);
  EXPECT_NEAR(model->item_table().std().item<double>(), 0.02, 0.006);
  auto logits = model->logits(torch::zeros({3, 64}));
  EXPECT_EQ(logits.sizes(), (std::vector<int64_t>{3, 11}));
}

data::Dataset toy_dataset(std::vector<std::vector<int32_t>> seqs, int32_t n_items) {
  data::Dataset d;
  d.name = "toy";
  d.content_hash = "toy";
  d.n_users = static_cast<int32_t>(seqs.size());
  d.n_items = n_items;
  d.sequences.push_back({});
  for (auto& s : seqs) d.sequences.push_back(s);
  d.user_tokens.resize(d.n_users + 1, "u");
  d.item_tokens.resize(n_items + 1, "i");
  d.train_count.assign(n_items + 1, 0);
  for (int32_t u = 1; u <= d.n_users; ++u)
    for (int32_t i : d.train_items(u)) ++d.train_count[i];
  d.item_group.assign(n_items + 1, 0);
  d.pareto_head.assign(n_items + 1, 0);
  d.user_pop_score.assign(d.n_users + 1, 0.0);
  return d;
}

TEST(SasrecSamples, PrefixWindowsMatchSpecExample) {
  // §1.5 with L = 3 and i1..i6: training targets i2, i3, i4.
  auto d = toy_dataset({{1, 2, 3, 4, 5, 6}}, 6);
  auto w = prefix_windows(d, 3);
  ASSERT_EQ(w.size(), 3u);
  auto batch = make_sasrec_batch(d, w, 3);
  EXPECT_TRUE(batch.items.equal(long_tensor({1, 0, 0, 1, 2, 0, 1, 2, 3}, {3, 3})));
  EXPECT_TRUE(batch.targets.equal(long_tensor({2, 0, 0, 0, 3, 0, 0, 0, 4}, {3, 3})));
}

TEST(SasrecSamples, AllPositionWindowsCoverEveryTargetOnce) {
  // 12 training items -> 11 targets; L = 4, stride 2.
  std::vector<int32_t> seq;
  for (int32_t i = 1; i <= 14; ++i) seq.push_back(i);
  auto d = toy_dataset({seq, {3, 1, 2, 5}}, 14);
  auto w = all_position_windows(d, 4, 2);
  auto batch = make_sasrec_batch(d, w, 4);
  auto t = batch.targets.flatten();
  std::vector<int> seen(15, 0);
  for (int64_t k = 0; k < t.size(0); ++k) seen[t[k].item<int64_t>()]++;
  for (int32_t i = 2; i <= 12; ++i) EXPECT_EQ(seen[i], 1) << "target " << i;
  EXPECT_EQ(seen[13] + seen[14], 0);  // validation / test targets never trained on
  EXPECT_EQ(batch.n_targets, 11 + 1);  // second user: train [3,1] -> one target
  // First window of user 1: items 1..4 predicting 2..5; the next ends 2 targets later.
  EXPECT_TRUE(batch.items[0].equal(long_tensor({1, 2, 3, 4}, {4})));
  EXPECT_TRUE(batch.items[1].equal(long_tensor({3, 4, 5, 6}, {4})));
  EXPECT_TRUE(batch.targets[1].equal(long_tensor({0, 0, 6, 7}, {4})));
  auto bounds = pack_by_targets(w, 5);
  EXPECT_EQ(bounds.front(), 0u);
  EXPECT_EQ(bounds.back(), w.size());
}

TEST(LightGcn, PropagationOnThreeNodeGraphByHand) {
  // One user connected to two items: degrees 2, 1, 1, so every edge weight is 1/sqrt(2).
  auto adj = normalized_adjacency(1, 2, {{1, 1}, {1, 2}, {1, 2}});
  LightGCN model(LightGCNOptions(1, 2).embedding_size(2), adj);
  {
    torch::NoGradGuard g;
    model->user_emb->weight.copy_(torch::tensor({0.0f, 0.0f, 1.0f, 0.0f}).view({2, 2}));
    model->item_emb->weight.copy_(torch::tensor({0.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f}).view({3, 2}));
  }
  auto [users, items] = model->forward();
  // E1: u = r*(i1+i2) = (r, 2r); i1 = i2 = r*u = (r, 0). E2: u = (1, 0); i = (0.5, 1).
  const double r = 1.0 / std::sqrt(2.0);
  EXPECT_NEAR(users[1][0].item<double>(), (1 + r + 1) / 3, 1e-5);
  EXPECT_NEAR(users[1][1].item<double>(), (0 + 2 * r + 0) / 3, 1e-5);
  EXPECT_NEAR(items[1][0].item<double>(), (0 + r + 0.5) / 3, 1e-5);
  EXPECT_NEAR(items[1][1].item<double>(), (1 + 0 + 1) / 3.0, 1e-5);
  EXPECT_NEAR(items[2][0].item<double>(), (1 + r + 0.5) / 3, 1e-5);
  EXPECT_NEAR(items[2][1].item<double>(), (1 + 0 + 1) / 3.0, 1e-5);
  EXPECT_EQ(users[0].abs().sum().item<double>(), 0.0);  // PAD has no edges: E0/3 = 0 here
}

TEST(Losses, BprAndRegOnHandValues) {
  auto loss = bpr_loss(torch::tensor({2.0f, 0.0f}), torch::tensor({1.0f, 0.0f}));
  // (-log sigmoid(1) - log sigmoid(0)) / 2
  EXPECT_NEAR(loss.item<double>(), (0.3132616875 + 0.6931471806) / 2, 1e-6);
  auto reg = embedding_reg_loss(torch::tensor({3.0f, 4.0f}).view({1, 2}), torch::zeros({1, 2}),
                                torch::tensor({1.0f, 0.0f}).view({1, 2}));
  EXPECT_NEAR(reg.item<double>(), 6.0, 1e-6);
}

TEST(Losses, CrossEntropyOnHandValues) {
  auto logits = torch::tensor({0.0f, float(std::log(2.0)), 0.0f}).view({1, 3});
  EXPECT_NEAR(sasrec_ce_loss(logits, long_tensor({1}, {1})).item<double>(), std::log(2.0), 1e-6);
  EXPECT_NEAR(sasrec_ce_loss(logits, long_tensor({0}, {1})).item<double>(), std::log(4.0), 1e-6);
}

TEST(Ranking, TopKBreaksTiesTowardLowerIds) {
  const float ninf = -std::numeric_limits<float>::infinity();
  auto s = torch::tensor({ninf, 3.0f, 3.0f, 1.0f, 2.0f}).view({1, 5});
  EXPECT_TRUE(top_k_items(s, 3).equal(long_tensor({1, 2, 4}, {1, 3})));
  // Many equal scores: the cut must keep the lowest ids, whatever topk picks.
  auto flat = torch::full({2, 300}, 0.5f);
  flat[1][250] = 1.0f;
  EXPECT_TRUE(top_k_items(flat, 3).equal(long_tensor({0, 1, 2, 250, 0, 1}, {2, 3})));
}

TEST(Evaluation, MostPopularListsGoThroughTheMetricsModule) {
  // Train portions [1,2,1], [1,3,1], [2,1]: counts item1 5, item2 2, item3 1, item4 0.
  // Test targets 2, 1, 3; the test context is train + validation item.
  auto d = toy_dataset({{1, 2, 1, 3, 2}, {1, 3, 1, 4, 1}, {2, 1, 4, 3}}, 4);
  // Unmasked K = 2: every list is [1, 2]; u1 hits at rank 2, u2 at rank 1, u3 misses.
  const auto plain = evaluate_popularity(d, data::Split::kTest, 2, false);
  EXPECT_EQ(plain.users, 3);
  EXPECT_NEAR(plain.ndcg, (1.0 / std::log2(3.0) + 1.0) / 3.0, 1e-12);
  EXPECT_NEAR(plain.hit, 2.0 / 3.0, 1e-12);
  // Masked: u1 sees {1,2,3} -> [4, empty]; u2 sees {1,3,4} -> [2, empty]; u3 sees {1,2,4}
  // -> [3, empty]. Only u3 hits (rank 1); items 2, 3, 4 are each listed once.
  const auto masked = evaluate_popularity(d, data::Split::kTest, 2, true, /*tau=*/1);
  EXPECT_NEAR(masked.ndcg, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(masked.hit, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(masked.coverage, 0.75, 1e-12);
}

}  // namespace
}  // namespace popsteer::models
