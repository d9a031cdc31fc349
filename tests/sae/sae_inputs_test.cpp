// A-14 (ALGORITHMS.md §3.6): SAE training inputs drawn from a frozen SASRec in train mode
// (dropout on), fresh masks per SAE epoch, deterministic from the seed; LightGCN refuses.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "core/error.h"
#include "data/synth.h"
#include "models/factory.h"
#include "sae/trainer.h"

namespace popsteer::sae {
namespace {

std::shared_ptr<const data::Dataset> tiny_synth() {
  data::SynthOptions o;
  o.n_users = 80;
  o.n_items = 50;
  o.mean_length = 15;
  o.n_clusters = 3;
  return std::make_shared<data::Dataset>(data::synth_dataset(o));
}

models::BackboneConfig tiny(const std::string& model) {
  models::BackboneConfig c;
  c.model = model;
  c.sasrec.hidden_size(8).inner_size(16).max_seq_len(10);
  c.lightgcn.embedding_size(8);
  return c;
}

TEST(SaeBackboneDropout, SasrecInputsChangePerEpochAndRepeatPerSeed) {
  auto d = tiny_synth();
  auto sas = models::make_backbone(tiny("sasrec"), d, torch::kCPU);
  sas->module().eval();  // as a loaded checkpoint; the call must not leave it in train mode
  const auto clean = sas->sae_training_inputs();
  auto inputs = models::dropout_sae_inputs(*sas, 77);
  const auto e0 = inputs(0), e1 = inputs(1), e0_again = inputs(0);
  ASSERT_EQ(e0.sizes(), clean.sizes());
  EXPECT_FALSE(sas->module().is_training());  // the eval/train mode is restored
  EXPECT_TRUE(torch::equal(sas->sae_training_inputs(), clean));  // eval mode: no noise
  EXPECT_FALSE(torch::allclose(e0, clean, 1e-4, 1e-4));           // dropout changes rows
  EXPECT_FALSE(torch::allclose(e0, e1, 1e-4, 1e-4));              // new masks each epoch
  EXPECT_TRUE(torch::equal(e0, e0_again));                        // same seed, same rows
  EXPECT_FALSE(torch::equal(models::dropout_sae_inputs(*sas, 78)(0), e0));
  // Most rows differ, not just a few (hidden dropout 0.5 touches every layer).
  const auto row_differs = (e0 - clean).abs().amax(1).gt(1e-4);
  EXPECT_GT(row_differs.to(torch::kDouble).mean().item<double>(), 0.9);

  // train_sae consumes one tensor per epoch, in order, and is reproducible.
  const auto valid = clean.slice(0, 0, 32);
  SaeTrainOptions t;
  t.max_epochs = 3;
  t.batch_size = 64;
  t.seed = 5;
  std::vector<int64_t> asked;
  auto counting = [&](int64_t epoch) {
    asked.push_back(epoch);
    return inputs(epoch);
  };
  SaeTrainReport r1, r2, r_clean;
  auto a = train_sae(SaeOptions(8, 2, 4), clean, valid, t, &r1, {}, counting);
  EXPECT_EQ(asked, (std::vector<int64_t>{0, 1, 2}));
  auto b = train_sae(SaeOptions(8, 2, 4), clean, valid, t, &r2, {}, inputs);
  EXPECT_TRUE(torch::equal(a->w_dec, b->w_dec));
  auto c = train_sae(SaeOptions(8, 2, 4), clean, valid, t, &r_clean);
  EXPECT_FALSE(torch::equal(a->w_dec, c->w_dec));  // the noisy rows were really used

  // Wrong-shape epoch rows are an error, not a silent reshape.
  EXPECT_ANY_THROW(train_sae(SaeOptions(8, 2, 4), clean, valid, t, nullptr, {},
                             [&](int64_t) { return clean.slice(0, 1); }));
}

TEST(SaeBackboneDropout, LightgcnHasNoDropoutAndSaysSo) {
  auto d = tiny_synth();
  auto gcn = models::make_backbone(tiny("lightgcn"), d, torch::kCPU);
  EXPECT_THROW(gcn->sae_training_inputs_with_dropout(1), UserError);
  try {
    models::dropout_sae_inputs(*gcn, 1)(0);
    FAIL() << "expected UserError";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("lightgcn"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace popsteer::sae
