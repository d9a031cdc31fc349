#include "models/lightgcn_backbone.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"
#include "models/losses.h"

namespace popsteer::models {

LightgcnBackbone::LightgcnBackbone(const LightGCNOptions& options, const TrainOptions& train,
                                   std::shared_ptr<const data::Dataset> dataset, torch::Device device)
    : train_(train), dataset_(std::move(dataset)), device_(device) {
  samples_ = training_edges(*dataset_);
  model_ = LightGCN(options, normalized_adjacency(options.n_users(), options.n_items(), samples_));
  model_->to(device_);
  model_->adjacency = model_->adjacency.to(device_);
  train_sets_.resize(dataset_->n_users + 1);
  for (int32_t u = 1; u <= dataset_->n_users; ++u) {
    auto items = dataset_->train_items(u);
    auto& set = train_sets_[u];
    set.assign(items.begin(), items.end());
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    if (static_cast<int32_t>(set.size()) >= dataset_->n_items)
      throw UserError("lightgcn: user " + dataset_->user_tokens[u] +
                      " has interacted with every item; no negative can be sampled");
  }
}

std::pair<torch::Tensor, torch::Tensor> LightgcnBackbone::propagated() {
  torch::NoGradGuard no_grad;
  EvalScope eval(*model_);
  return model_->forward();
}

torch::Tensor LightgcnBackbone::user_representation(const std::vector<int32_t>& users, data::Split) {
  auto ids = torch::tensor(std::vector<int64_t>(users.begin(), users.end()), torch::kLong).to(device_);
  return propagated().first.index_select(0, ids);
}

torch::Tensor LightgcnBackbone::sequence_representation(const torch::Tensor& items) {
  auto ids = items.to(device_, torch::kLong);
  auto emb = propagated().second.index({ids});  // [B, M, d]
  auto valid = ids.ne(0).unsqueeze(-1).to(emb.dtype());
  auto count = valid.sum(1).clamp_min(1.0);
  return (emb * valid).sum(1) / count;
}

torch::Tensor LightgcnBackbone::item_embeddings() { return propagated().second; }

torch::Tensor LightgcnBackbone::sae_training_inputs() {
  return propagated().first.slice(0, 1);
}

int32_t LightgcnBackbone::sample_negative(int32_t user, std::mt19937_64& rng) const {
  std::uniform_int_distribution<int32_t> pick(1, dataset_->n_items);
  const auto& set = train_sets_[user];
  for (;;) {
    const int32_t item = pick(rng);
    if (!std::binary_search(set.begin(), set.end(), item)) return item;
  }
}

double LightgcnBackbone::step_flops(int64_t batch) const {
  const double d = double(model_->options.embedding_size());
  const double nnz = double(model_->adjacency._nnz());
  // Full propagation every step (as RecBole): 2·nnz·d per layer; scores 2·2·B·d; x3 for
  // forward + backward.
  return 3.0 * (2.0 * nnz * d * double(model_->options.n_layers()) + 4.0 * double(batch) * d);
}

EpochStats LightgcnBackbone::train_epoch(torch::optim::Optimizer& optimizer, int64_t batch_size,
                                         std::mt19937_64& rng) {
  model_->train();
  EpochStats stats;
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::pair<int32_t, int32_t>> order = samples_;
  std::shuffle(order.begin(), order.end(), rng);
  stats.batching_s += seconds_since(t0);
  const double reg_weight = model_->options.reg_weight();
  for (size_t b0 = 0; b0 < order.size(); b0 += static_cast<size_t>(batch_size)) {
    t0 = std::chrono::steady_clock::now();
    const size_t b1 = std::min(order.size(), b0 + static_cast<size_t>(batch_size));
    std::vector<int64_t> u(b1 - b0), p(b1 - b0), n(b1 - b0);
    for (size_t k = b0; k < b1; ++k) {
      u[k - b0] = order[k].first;
      p[k - b0] = order[k].second;
      n[k - b0] = sample_negative(order[k].first, rng);
    }
    auto ut = torch::tensor(u, torch::kLong).to(device_);
    auto pt = torch::tensor(p, torch::kLong).to(device_);
    auto nt = torch::tensor(n, torch::kLong).to(device_);
    stats.batching_s += seconds_since(t0);

    t0 = std::chrono::steady_clock::now();
    auto [users, items] = model_->forward();
    auto ue = users.index_select(0, ut);
    auto pos = (ue * items.index_select(0, pt)).sum(1);
    auto neg = (ue * items.index_select(0, nt)).sum(1);
    auto loss = bpr_loss(pos, neg) +
                reg_weight * embedding_reg_loss(model_->user_emb->weight.index_select(0, ut),
                                                model_->item_emb->weight.index_select(0, pt),
                                                model_->item_emb->weight.index_select(0, nt));
    stats.forward_s += seconds_since(t0);
    const auto n_triples = static_cast<int64_t>(b1 - b0);
    optimizer_step(optimizer, loss, n_triples, n_triples, step_flops(n_triples), stats);
  }
  finish_epoch(stats);
  return stats;
}

}  // namespace popsteer::models
