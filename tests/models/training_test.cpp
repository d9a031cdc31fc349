// Training loop, early stopping, checkpoints, determinism and a short run that must beat
// the most-popular ranking on the synthetic dataset.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/blas_threads.h"
#include "core/error.h"
#include "data/synth.h"
#include "models/checkpoint.h"
#include "models/device.h"
#include "models/evaluation.h"
#include "models/factory.h"
#include "models/lightgcn_backbone.h"
#include "models/trainer.h"

namespace popsteer::models {
namespace {

std::shared_ptr<const data::Dataset> synth(int64_t users = 300, int64_t items = 120) {
  data::SynthOptions o;
  o.n_users = users;
  o.n_items = items;
  o.mean_length = 25;
  o.n_clusters = 6;
  return std::make_shared<data::Dataset>(data::synth_dataset(o));
}

BackboneConfig tiny_config(const std::string& model) {
  BackboneConfig c;
  c.model = model;
  c.sasrec.hidden_size(16).inner_size(32).max_seq_len(20);
  c.lightgcn.embedding_size(16);
  c.train.batch_size = 512;
  c.train.max_epochs = 2;
  return c;
}

TEST(EarlyStopping, TiesImproveAndPatienceCountsFailures) {
  EarlyStopping s(1);
  EXPECT_TRUE(s.update(1, 0.1));
  EXPECT_TRUE(s.update(2, 0.2));
  EXPECT_TRUE(s.update(3, 0.2));  // tie: later epoch kept
  EXPECT_FALSE(s.update(4, 0.15));
  EXPECT_FALSE(s.should_stop());
  EXPECT_FALSE(s.update(5, 0.19));
  EXPECT_TRUE(s.should_stop());  // patience + 1 failures
  EXPECT_EQ(s.best_epoch(), 3);
}

/// A one-parameter backbone whose "training" sets w from a schedule; scores = w * e_i with
/// item embeddings (0, 1, -1): w > 0 ranks item 1 first (the validation target).
class ScheduleBackbone : public TrainableBackbone {
 public:
  ScheduleBackbone(std::shared_ptr<const data::Dataset> d, std::vector<float> schedule)
      : dataset_(std::move(d)), schedule_(std::move(schedule)) {
    w_ = module_.register_parameter("w", torch::zeros({1}));
  }
  std::string kind() const override { return "schedule"; }
  int64_t dim() const override { return 1; }
  bool masks_history() const override { return false; }
  torch::Tensor user_representation(const std::vector<int32_t>& users, data::Split) override {
    return w_.detach().expand({static_cast<int64_t>(users.size()), 1}).clone();
  }
  torch::Tensor sequence_representation(const torch::Tensor& items) override { return {}; }
  torch::Tensor item_embeddings() override { return torch::tensor({0.0f, 1.0f, -1.0f}).view({3, 1}); }
  torch::Tensor sae_training_inputs() override { return {}; }
  const data::Dataset& dataset() const override { return *dataset_; }
  torch::Device device() const override { return torch::kCPU; }
  torch::nn::Module& module() override { return module_; }
  std::string options_toml() const override { return ""; }
  EpochStats train_epoch(torch::optim::Optimizer&, int64_t, std::mt19937_64&) override {
    torch::NoGradGuard g;
    w_.fill_(schedule_.at(epoch_++));
    return {};
  }

 private:
  std::shared_ptr<const data::Dataset> dataset_;
  std::vector<float> schedule_;
  size_t epoch_ = 0;
  torch::nn::Module module_;
  torch::Tensor w_;
};

std::shared_ptr<const data::Dataset> two_user_dataset() {
  auto d = std::make_shared<data::Dataset>();
  d->n_users = 2;
  d->n_items = 2;
  d->sequences = {{}, {2, 2, 1, 2}, {2, 1, 1, 1}};  // validation targets: item 1
  d->train_count = {0, 1, 3};                        // training portions [2, 2], [2, 1]
  d->item_group = {0, 0, 0};
  return d;
}

TEST(Trainer, RestoresTheBestEpochAndKeepsTheLaterTie) {
  ScheduleBackbone b(two_user_dataset(), {1.0f, 2.0f, -1.0f, -1.0f, -1.0f, 5.0f});
  TrainOptions o;
  o.patience = 1;
  o.max_epochs = 6;
  auto report = train_backbone(b, o, 1);
  EXPECT_EQ(report.epochs.size(), 4u);  // epochs 3 and 4 fail -> stop
  EXPECT_TRUE(report.early_stopped);
  EXPECT_EQ(report.best_epoch, 2);
  EXPECT_DOUBLE_EQ(report.best_valid_ndcg, 1.0);
  EXPECT_FLOAT_EQ(b.module().parameters()[0].item<float>(), 2.0f);
}

TEST(Trainer, StopRequestEndsAfterTheEpochAndRestoresTheBest) {
  // w = 1, 2, -1 (the later tie of epochs 1-2 wins; -1 ranks the target last): a stop
  // requested after epoch 3 ends there with epoch 2's weights; epochs 4-5 never run.
  ScheduleBackbone b(two_user_dataset(), {1.0f, 2.0f, -1.0f, 5.0f, 6.0f});
  TrainOptions o;
  o.patience = 10;
  o.max_epochs = 5;
  int polls = 0;
  auto report = train_backbone(b, o, 1, {}, [&] { return ++polls == 3; });
  EXPECT_EQ(report.epochs.size(), 3u);
  EXPECT_TRUE(report.interrupted);
  EXPECT_FALSE(report.early_stopped);
  EXPECT_EQ(report.best_epoch, 2);
  EXPECT_FLOAT_EQ(b.module().parameters()[0].item<float>(), 2.0f);
}

TEST(Training, SameSeedSameWeights) {
  auto d = synth(120, 60);
  auto config = tiny_config("sasrec");
  config.train.max_epochs = 1;
  std::vector<torch::Tensor> weights;
  for (int run = 0; run < 2; ++run) {
    auto b = make_backbone(config, d, torch::kCPU);
    train_backbone(*b, config.train, config.seed);
    weights.push_back(b->item_embeddings().clone());
  }
  EXPECT_TRUE(weights[0].equal(weights[1]));
}

TEST(Checkpoint, RoundTripAndMismatchErrors) {
  auto d = synth(120, 60);
  for (const std::string model : {"sasrec", "lightgcn"}) {
    auto config = tiny_config(model);
    config.train.max_epochs = 1;
    auto b = make_backbone(config, d, torch::kCPU);
    auto report = train_backbone(*b, config.train, config.seed);
    const std::string path = std::string(POPSTEER_BINARY_DIR) + "/models_test_" + model + ".pt";
    save_checkpoint(path, *b, config, report);
    auto loaded = load_checkpoint(path, d, torch::kCPU, &config);
    EXPECT_EQ(loaded->kind(), model);
    EXPECT_TRUE(loaded->item_embeddings().equal(b->item_embeddings()));
    std::vector<int32_t> users = {1, 2, 3};
    EXPECT_TRUE(torch::allclose(loaded->user_representation(users, data::Split::kTest),
                                b->user_representation(users, data::Split::kTest)));
    EXPECT_EQ(read_checkpoint_info(path).best_epoch, 1);

    auto other = std::make_shared<data::Dataset>(*d);
    other->content_hash = "different";
    EXPECT_THROW(load_checkpoint(path, other, torch::kCPU), UserError);
    auto changed = config;
    changed.train.lr = 0.01;
    EXPECT_THROW(load_checkpoint(path, d, torch::kCPU, &changed), UserError);
    std::filesystem::remove(path);
  }
  EXPECT_THROW(read_checkpoint_info("/nonexistent/ckpt.pt"), UserError);
}

TEST(Backbones, DownstreamInterfaces) {
  auto d = synth(120, 60);
  auto sas = make_backbone(tiny_config("sasrec"), d, torch::kCPU);
  int64_t prefixes = 0;
  for (int32_t u = 1; u <= d->n_users; ++u) prefixes += static_cast<int64_t>(d->train_items(u).size()) - 1;
  EXPECT_EQ(sas->sae_training_inputs().sizes(), (std::vector<int64_t>{prefixes, 16}));
  // The representation of the validation context equals sequence_representation of it.
  const auto ctx = d->context(5, data::Split::kValid);
  const int64_t n = std::min<int64_t>(static_cast<int64_t>(ctx.size()), 20);
  auto items = torch::zeros({1, 20}, torch::kLong);
  for (int64_t p = 0; p < n; ++p) items[0][p] = ctx[ctx.size() - n + p];
  EXPECT_TRUE(torch::allclose(sas->sequence_representation(items),
                              sas->user_representation({5}, data::Split::kValid), 1e-5, 1e-5));

  auto gcn = make_backbone(tiny_config("lightgcn"), d, torch::kCPU);
  EXPECT_EQ(gcn->sae_training_inputs().sizes(), (std::vector<int64_t>{d->n_users, 16}));
  // Only as many candidates as unmasked items exist (masked ones rank last, at -inf).
  int64_t L = d->n_items;
  for (int32_t u : {1, 2}) L = std::min<int64_t>(L, d->n_items - static_cast<int64_t>(d->context(u, data::Split::kTest).size()));
  ASSERT_GT(L, 0);
  auto cand = gcn->candidates({1, 2}, data::Split::kTest, L);
  ASSERT_EQ(cand.sizes(), (std::vector<int64_t>{2, L}));
  for (int b = 0; b < 2; ++b)
    for (int32_t item : d->context(b + 1, data::Split::kTest))
      EXPECT_FALSE(cand[b].eq(item).any().item<bool>()) << "history item " << item << " proposed";
  auto* lg = dynamic_cast<LightgcnBackbone*>(gcn.get());
  std::mt19937_64 rng(3);
  for (int k = 0; k < 200; ++k) {
    const int32_t neg = lg->sample_negative(1, rng);
    const auto train = d->train_items(1);
    EXPECT_EQ(std::count(train.begin(), train.end(), neg), 0);
  }
}

TEST(Training, ShortSasrecRunBeatsMostPopular) {
  auto d = synth(400, 150);
  BackboneConfig config;
  config.train.max_epochs = 8;
  config.train.batch_size = 512;
  config.sasrec.hidden_size(32).inner_size(64).max_seq_len(20);
  auto b = make_backbone(config, d, torch::kCPU);
  auto report = train_backbone(*b, config.train, config.seed);
  const double model = evaluate_backbone(*b, data::Split::kTest, 10).ndcg;
  const double pop = evaluate_popularity(*d, data::Split::kTest, 10, false).ndcg;
  EXPECT_GT(model, 1.5 * pop) << "sasrec " << model << " vs most-popular " << pop;
}

TEST(Device, CpuSelectionAndThreads) {
  if (!torch::cuda::is_available()) EXPECT_TRUE(select_device().is_cpu());
  EXPECT_GE(available_cores(), 1);
  EXPECT_EQ(set_torch_threads(1), 1);
  EXPECT_EQ(at::get_num_threads(), 1);
  set_torch_threads(0);
  EXPECT_EQ(at::get_num_threads(), available_cores());
  // OpenBLAS (LibTorch's BLAS on Debian) follows too: its workers are not LibTorch's.
  if (openblas_threads() < 0) GTEST_SKIP() << "the BLAS is not OpenBLAS";
  set_torch_threads(1);
  EXPECT_EQ(openblas_threads(), 1);
  set_torch_threads(0);
  EXPECT_EQ(openblas_threads(), available_cores());
}

}  // namespace
}  // namespace popsteer::models
