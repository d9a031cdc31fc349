// The §3.7 worked example (ALGORITHMS.md, examples/sae.py): forward, FVU and AuxK loss,
// exact to 1e-6, plus init, top-k tie and trainer properties.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "config/document.h"
#include "core/error.h"
#include "sae/loss.h"
#include "sae/sae.h"
#include "sae/topk.h"
#include "sae/trainer.h"

namespace popsteer::sae {
namespace {

SparseAutoencoder example_sae(SaeCompat compat = SaeCompat::kThesis) {
  SparseAutoencoder sae(SaeOptions(2, 2, 2).compat(compat));
  torch::NoGradGuard g;
  sae->w_enc.copy_(torch::tensor({1.f, 0.f, 0.f, 1.f, 1.f, 1.f, -1.f, 1.f}).view({4, 2}));
  sae->b_enc.copy_(torch::tensor({0.f, 0.f, -0.5f, 0.f}));
  sae->w_dec.copy_(torch::tensor({1.f, 0.f, 0.f, 1.f, 0.6f, 0.8f, -0.6f, 0.8f}).view({4, 2}));
  sae->b_pre.copy_(torch::tensor({0.5f, 0.5f}));
  return sae;
}

void expect_near(const torch::Tensor& t, std::vector<double> want, double tol = 1e-6) {
  auto f = t.detach().to(torch::kDouble).contiguous().view({-1});
  ASSERT_EQ(f.numel(), static_cast<int64_t>(want.size()));
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(f[i].item<double>(), want[i], tol) << "at " << i;
}

TEST(Sae, WorkedExampleForward) {
  auto sae = example_sae();
  auto x = torch::tensor({2.f, 1.f, 0.7f, 1.5f}).view({2, 2});
  auto fwd = sae->forward(x);
  expect_near(fwd.z, {1.5, 0.5, 1.5, -1.0, 0.2, 1.0, 0.7, 0.8});
  // x1: z0 and z2 tie at 1.5: the lower index comes first.
  EXPECT_EQ(fwd.code.indices[0][0].item<int64_t>(), 0);
  EXPECT_EQ(fwd.code.indices[0][1].item<int64_t>(), 2);
  EXPECT_EQ(fwd.code.indices[1][0].item<int64_t>(), 1);
  EXPECT_EQ(fwd.code.indices[1][1].item<int64_t>(), 3);
  expect_near(fwd.code.values, {1.5, 1.5, 1.0, 0.8});
  expect_near(fwd.x_hat, {2.9, 1.7, 0.02, 2.14});
}

TEST(Sae, WorkedExampleLossAndAuxK) {
  auto sae = example_sae();
  auto x = torch::tensor({2.f, 1.f, 0.7f, 1.5f}).view({2, 2});
  auto fwd = sae->forward(x);
  auto none = sae_loss(*sae, x, fwd, torch::Tensor());
  EXPECT_NEAR(none.sse, 2.172, 1e-6);
  EXPECT_NEAR(none.sst, 0.97, 1e-6);
  EXPECT_NEAR(none.fvu(), 2.239175, 1e-6);
  EXPECT_NEAR(none.loss.item<double>(), 2.239175, 1e-6);
  auto dead = torch::tensor({false, false, false, true});
  auto aux = sae_loss(*sae, x, fwd, dead);
  EXPECT_NEAR(aux.sse_aux, 4.284, 1e-6);
  EXPECT_NEAR(aux.loss.item<double>(), 2.377191, 1e-6);
  // The residual is detached: AuxK adds no gradient to b_pre through e.
  aux.loss.backward();
  EXPECT_TRUE(sae->w_dec.grad().defined());
}

TEST(Sae, CompatCodeAuxDiffers) {
  auto sae = example_sae(SaeCompat::kCode);
  auto x = torch::tensor({2.f, 1.f, 0.7f, 1.5f}).view({2, 2});
  auto fwd = sae->forward(x);
  auto aux = sae_loss(*sae, x, fwd, torch::tensor({false, false, false, true}));
  // e = x̂ − x, ê = W_decᵀ a_aux + b_pre; weight ½·min(1/4, 1) = 1/8 (k_aux = 2d = 4).
  // x1: e = (0.9, 0.7), ê = (0.5, 0.5) -> 0.16 + 0.04; x2: e = (-0.68, 0.64),
  // ê = (0.02, 1.14) -> 0.49 + 0.25.
  EXPECT_NEAR(aux.sse_aux, 0.94, 1e-6);
  EXPECT_NEAR(aux.loss.item<double>(), (2.172 + 0.94 / 8) / 0.97, 1e-6);
}

TEST(Sae, InitTiesDecoderToEncoder) {
  SparseAutoencoder sae(SaeOptions(8, 4, 3).init_seed(7));
  auto norms = sae->w_dec.norm(2, {1});
  EXPECT_TRUE(torch::allclose(norms, torch::ones_like(norms), 1e-5, 1e-6));
  auto cos = (sae->w_dec * sae->w_enc).sum(1) / sae->w_enc.norm(2, {1});
  EXPECT_TRUE(torch::allclose(cos, torch::ones_like(cos), 1e-5, 1e-6));
  EXPECT_LE(sae->w_enc.abs().max().item<double>(), 1.0 / std::sqrt(8.0));
  EXPECT_EQ(sae->b_enc.abs().sum().item<double>(), 0.0);
  SparseAutoencoder same(SaeOptions(8, 4, 3).init_seed(7));
  EXPECT_TRUE(torch::equal(sae->w_enc, same->w_enc));
}

TEST(Sae, TopKTiesGoToLowerIndex) {
  auto s = torch::tensor({1.f, 3.f, 3.f, 2.f, 3.f, 0.f}).view({1, 6});
  auto idx = topk_indices(s, 3);
  EXPECT_EQ(idx[0][0].item<int64_t>(), 1);
  EXPECT_EQ(idx[0][1].item<int64_t>(), 2);
  EXPECT_EQ(idx[0][2].item<int64_t>(), 4);
  auto r = torch::randn({50, 300});
  auto mine = topk_indices(r, 7);
  auto ref = std::get<1>(r.topk(7, 1, true, true));
  EXPECT_TRUE(torch::equal(mine, ref));
}

TEST(Sae, SparseDecodeEqualsDense) {
  SparseAutoencoder sae(SaeOptions(6, 4, 5).init_seed(3));
  auto x = torch::randn({9, 6});
  auto fwd = sae->forward(x);
  auto dense = torch::zeros({9, 24}).scatter(1, fwd.code.indices, fwd.code.values);
  auto ref = dense.mm(sae->w_dec) + sae->b_pre;
  EXPECT_TRUE(torch::allclose(fwd.x_hat, ref, 1e-5, 1e-5));
}

TEST(SaeTrainer, LearnsLowRankDataAndIsDeterministic) {
  torch::manual_seed(1);
  auto basis = torch::randn({4, 8});
  auto train = torch::randn({600, 4}).mm(basis);
  auto valid = torch::randn({100, 4}).mm(basis);
  SaeTrainOptions t;
  t.max_epochs = 40;
  t.batch_size = 128;
  t.seed = 11;
  SaeTrainReport rep;
  std::vector<SaeEpochStats> seen;
  auto sae = train_sae(SaeOptions(8, 4, 6), train, valid, t, &rep,
                       [&](const SaeEpochStats& s) { seen.push_back(s); });
  EXPECT_EQ(static_cast<int64_t>(seen.size()), rep.epochs);
  EXPECT_LT(rep.valid_fvu, 0.2);
  EXPECT_LT(rep.valid_fvu, seen.front().valid_fvu);
  EXPECT_NEAR(reconstruction_fvu(*sae, valid), rep.valid_fvu, 1e-5);
  EXPECT_GE(rep.dead_fraction, 0.0);
  EXPECT_LE(rep.dead_fraction, 1.0);
  SaeTrainReport rep2;
  auto again = train_sae(SaeOptions(8, 4, 6), train, valid, t, &rep2);
  EXPECT_TRUE(torch::equal(sae->w_dec, again->w_dec));
}

/// max_j | |W_dec[j]| - 1 |.
double max_atom_norm_error(SparseAutoencoderImpl& sae) {
  return (sae.w_dec.detach().norm(2, {1}) - 1).abs().max().item<double>();
}

TEST(SaeGaoNorm, ProjectionRemovesExactlyTheParallelComponent) {
  auto sae = example_sae();  // atoms (1,0), (0,1), (0.6,0.8), (-0.6,0.8)
  {
    torch::NoGradGuard g;
    sae->w_dec[1].mul_(2.0);  // (0,2): a non-unit atom, the projection divides by |w|²
  }
  sae->w_dec.mutable_grad() = torch::tensor({3.f, -2.f, 0.5f, 4.f, 1.f, 1.f, -1.2f, 1.6f}).view({4, 2});
  project_decoder_grad(*sae);
  // Hand-computed g - (g·w)/|w|² w:
  //   (3,-2) on (1,0) -> (0,-2); (0.5,4) on (0,2) -> (0.5,0);
  //   (1,1) on (0.6,0.8): g·w = 1.4 -> (1-0.84, 1-1.12) = (0.16,-0.12);
  //   (-1.2,1.6) = 2·(-0.6,0.8) is all parallel -> (0,0).
  expect_near(sae->w_dec.grad(), {0, -2, 0.5, 0, 0.16, -0.12, 0, 0}, 1e-6);
  // What is left is orthogonal to its atom.
  auto dots = (sae->w_dec.grad() * sae->w_dec.detach()).sum(1);
  expect_near(dots, {0, 0, 0, 0}, 1e-6);
  normalize_decoder(*sae);
  expect_near(sae->w_dec, {1, 0, 0, 1, 0.6, 0.8, -0.6, 0.8}, 1e-6);
}

TEST(SaeGaoNorm, AtomsStayUnitNormOnlyWithTheOption) {
  torch::manual_seed(3);
  auto basis = torch::randn({4, 8});
  auto train = torch::randn({400, 4}).mm(basis) * 3;
  auto valid = torch::randn({100, 4}).mm(basis) * 3;
  SaeTrainOptions t;
  t.max_epochs = 4;
  t.patience = 100;  // keep every epoch; returned weights = best epoch's
  t.batch_size = 64;
  t.seed = 5;
  t.gao_decoder_norm = false;
  SaeTrainReport off_rep, on_rep;
  auto off = train_sae(SaeOptions(8, 4, 6), train, valid, t, &off_rep);
  // Without the option Adam moves the atoms off the sphere: this is what the test guards.
  EXPECT_GT(max_atom_norm_error(*off), 1e-2);
  t.gao_decoder_norm = true;
  auto on = train_sae(SaeOptions(8, 4, 6), train, valid, t, &on_rep);
  EXPECT_LT(max_atom_norm_error(*on), 1e-5);
  EXPECT_GT(on_rep.best_epoch, 0);  // the returned weights went through training steps
  EXPECT_FALSE(torch::equal(on->w_dec, off->w_dec));
  EXPECT_LT(on_rep.valid_fvu, on_rep.history.front().valid_fvu + 1e-12);
}

TEST(SaeGaoNorm, ReadFromConfigAndStrict) {
  auto doc = config::Document::parse_string("gao_decoder_norm = true\nlr = 0.001\n", "t.toml");
  auto o = SaeTrainOptions::from_config(doc->root());
  EXPECT_TRUE(o.gao_decoder_norm);
  EXPECT_DOUBLE_EQ(o.lr, 0.001);
  EXPECT_FALSE(SaeTrainOptions{}.gao_decoder_norm);
  auto bad = config::Document::parse_string("gao_decoder_norms = true\n", "t.toml");
  EXPECT_THROW(SaeTrainOptions::from_config(bad->root()), UserError);
}

}  // namespace
}  // namespace popsteer::sae

namespace popsteer::sae {
namespace {

TEST(TopK, FilteredRowPathEqualsPlainHeapWithTiesAndNaN) {
  torch::manual_seed(4);
  for (int trial = 0; trial < 20; ++trial) {
    // Coarse values force many ties; some NaN and -inf entries.
    auto row = (torch::randn({1000}) * 3).round().contiguous();
    if (trial % 3 == 0) row.index_put_({torch::randint(0, 1000, {30})}, std::nanf(""));
    if (trial % 4 == 0) row.index_put_({torch::randint(0, 1000, {30})}, -INFINITY);
    const float* p = row.data_ptr<float>();
    for (int64_t k : {1, 10, 48}) {
      std::vector<int64_t> a(k), b(k);
      std::vector<float> va(k), vb(k);
      select_topk_row(p, 1000, k, a.data(), va.data());
      select_topk([p](int64_t j) { return p[j]; }, 1000, k, b.data(), vb.data());
      EXPECT_EQ(a, b) << "trial " << trial << " k " << k;
    }
  }
  // All NaN: falls back to the plain heap (lowest indices).
  std::vector<float> nan_row(800, std::nanf(""));
  std::vector<int64_t> idx(3);
  std::vector<float> val(3);
  select_topk_row(nan_row.data(), 800, 3, idx.data(), val.data());
  EXPECT_EQ(idx, (std::vector<int64_t>{0, 1, 2}));
}

TEST(TopK, GroupedShiftedAndByIndexEqualPlainHeap) {
  torch::manual_seed(5);
  for (int64_t n : {97, 256, 1000, 4096}) {
    for (int trial = 0; trial < 6; ++trial) {
      auto row = (torch::randn({n}) * 3).round().contiguous();  // coarse: many ties
      auto shift = (torch::randn({n}) * (trial % 3)).round().contiguous();
      if (trial == 4) row.index_put_({torch::randint(0, n, {n / 10})}, std::nanf(""));
      const float* p = row.data_ptr<float>();
      const float* q = shift.data_ptr<float>();
      for (int64_t k : {1, 3, 10, 48}) {
        std::vector<int64_t> fast(k), slow(k), by_index(k);
        std::vector<float> vf(k), vs(k), vi(k);
        select_topk_row_grouped(p, q, n, k, fast.data(), vf.data());
        select_topk([p, q](int64_t j) { return p[j] + q[j]; }, n, k, slow.data(), vs.data());
        EXPECT_EQ(fast, slow) << "n " << n << " trial " << trial << " k " << k;
        select_topk_row_grouped(p, q, n, k, by_index.data(), vi.data(), TopKOrder::kByIndex);
        auto sorted = slow;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(by_index, sorted) << "n " << n << " trial " << trial << " k " << k;
        for (int64_t t = 0; t < k; ++t) EXPECT_EQ(vi[t], p[by_index[t]] + q[by_index[t]]);
      }
    }
  }
}

TEST(TopK, FloorFromGroupsIsALowerBoundAndExactlyKCanPass) {
  // k = 10 -> 20 groups; n = 40 puts positions g and g + 20 in group g. Ten large values
  // at positions 0..9 make the 10th largest group maximum the smallest of them (1), so
  // exactly k values pass the floor (the m == k path).
  std::vector<float> row(40, 0.0f);
  for (int i = 0; i < 10; ++i) row[i] = static_cast<float>(10 - i);
  EXPECT_EQ(floor_from_groups(row.data(), nullptr, 40, 10), 1.0f);
  std::vector<int64_t> idx(10);
  std::vector<float> val(10);
  ASSERT_TRUE(select_topk_above(row.data(), nullptr, 40, 10, 1.0f, idx.data(), val.data(), TopKOrder::kByIndex));
  EXPECT_EQ(idx, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  // A floor above the k-th value cannot fill k: false, and the grouped path falls back.
  EXPECT_FALSE(select_topk_above(row.data(), nullptr, 40, 10, 2.0f, idx.data(), val.data()));
  // Too short for two values per group: no floor.
  EXPECT_EQ(floor_from_groups(row.data(), nullptr, 39, 10), -std::numeric_limits<float>::infinity());
}

}  // namespace
}  // namespace popsteer::sae

#include <filesystem>

#include "core/error.h"
#include "sae/checkpoint.h"

namespace popsteer::sae {
namespace {

TEST(SaeCheckpoint, RoundTripWithProvenance) {
  const auto dir = std::filesystem::temp_directory_path() / "popsteer_sae_ckpt_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "sae.h5").string();
  SparseAutoencoder sae(SaeOptions(6, 4, 3).init_seed(9).compat(SaeCompat::kCode));
  {
    torch::NoGradGuard g;
    sae->b_pre.uniform_(-1, 1);
  }
  SaeProvenance p;
  p.backbone_checkpoint_hash = "abc123";
  p.seed = 77;
  p.valid_fvu = 0.25;
  p.gao_decoder_norm = true;
  save_sae(path, *sae, p);
  SaeProvenance q;
  auto back = load_sae(path, &q);
  EXPECT_TRUE(torch::equal(back->w_enc, sae->w_enc));
  EXPECT_TRUE(torch::equal(back->b_pre, sae->b_pre));
  EXPECT_EQ(back->options().k(), 3);
  EXPECT_EQ(back->options().scale(), 4);
  EXPECT_EQ(back->options().compat(), SaeCompat::kCode);
  EXPECT_EQ(q.backbone_checkpoint_hash, "abc123");
  EXPECT_EQ(q.seed, 77u);
  EXPECT_TRUE(q.gao_decoder_norm);
  EXPECT_FALSE(q.backbone_dropout);
  EXPECT_DOUBLE_EQ(q.valid_fvu, 0.25);
  EXPECT_THROW(load_sae((dir / "missing.h5").string()), UserError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace popsteer::sae
