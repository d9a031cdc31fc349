#include "models/sasrec_backbone.h"

#include <algorithm>
#include <chrono>

namespace popsteer::models {

SasrecBackbone::SasrecBackbone(const SASRecOptions& options, const TrainOptions& train,
                               std::shared_ptr<const data::Dataset> dataset, torch::Device device)
    : model_(options), train_(train), dataset_(std::move(dataset)), device_(device) {
  model_->to(device_);
  const int64_t L = options.max_seq_len();
  windows_ = train_.formulation == "prefix" ? prefix_windows(*dataset_, L)
                                            : all_position_windows(*dataset_, L, train_.window_stride);
}

torch::Tensor SasrecBackbone::encode_last(const std::vector<std::span<const int32_t>>& sequences) {
  torch::NoGradGuard no_grad;
  EvalScope eval(*model_);
  const int64_t L = model_->options.max_seq_len();
  std::vector<torch::Tensor> parts;
  for (size_t b0 = 0; b0 < sequences.size(); b0 += train_.eval_batch) {
    const size_t b1 = std::min(sequences.size(), b0 + static_cast<size_t>(train_.eval_batch));
    std::vector<std::span<const int32_t>> chunk(sequences.begin() + b0, sequences.begin() + b1);
    auto [items, last] = left_aligned(chunk, L);
    auto h = model_->forward(items.to(device_));
    auto idx = last.to(device_).view({-1, 1, 1}).expand({-1, 1, h.size(2)});
    parts.push_back(h.gather(1, idx).squeeze(1));
  }
  if (parts.empty()) return torch::empty({0, dim()}, torch::TensorOptions().device(device_));
  return torch::cat(parts, 0);
}

torch::Tensor SasrecBackbone::user_representation(const std::vector<int32_t>& users,
                                                  data::Split split) {
  std::vector<std::span<const int32_t>> seqs;
  seqs.reserve(users.size());
  for (int32_t u : users) seqs.push_back(dataset_->context(u, split));
  return encode_last(seqs);
}

torch::Tensor SasrecBackbone::sequence_representation(const torch::Tensor& items) {
  auto cpu = items.to(torch::kCPU, torch::kInt).contiguous();
  const int64_t B = cpu.size(0), M = cpu.size(1);
  const int32_t* p = cpu.data_ptr<int32_t>();
  std::vector<std::span<const int32_t>> seqs;
  for (int64_t b = 0; b < B; ++b) {
    int64_t n = 0;
    while (n < M && p[b * M + n] != 0) ++n;
    seqs.emplace_back(p + b * M, static_cast<size_t>(n));
  }
  return encode_last(seqs);
}

torch::Tensor SasrecBackbone::item_embeddings() { return model_->item_table().detach(); }

torch::Tensor SasrecBackbone::sae_training_inputs() {
  EvalScope eval(*model_);
  return training_target_outputs();
}

torch::Tensor SasrecBackbone::sae_training_inputs_with_dropout(uint64_t seed) {
  // The dropout masks of torch::dropout come from the default generator: seeding it is
  // what makes the rows a function of `seed` (chunks are drawn in a fixed order).
  torch::manual_seed(seed);
  ModeScope train(*model_, /*training=*/true);
  return training_target_outputs();
}

torch::Tensor SasrecBackbone::training_target_outputs() {
  torch::NoGradGuard no_grad;
  const int64_t L = model_->options.max_seq_len();
  // windows_ are user-major and chronological, and targets inside a window are too.
  std::vector<torch::Tensor> parts;
  const size_t chunk = static_cast<size_t>(train_.eval_batch);
  for (size_t b0 = 0; b0 < windows_.size(); b0 += chunk) {
    const size_t b1 = std::min(windows_.size(), b0 + chunk);
    auto batch = make_sasrec_batch(*dataset_, std::span(windows_).subspan(b0, b1 - b0), L);
    auto h = model_->forward(batch.items.to(device_));
    parts.push_back(h.index({batch.targets.to(device_).ne(0)}));
  }
  if (parts.empty()) return torch::empty({0, dim()}, torch::TensorOptions().device(device_));
  return torch::cat(parts, 0);
}

double SasrecBackbone::batch_flops(int64_t rows, int64_t targets) const {
  const auto& o = model_->options;
  const double d = double(o.hidden_size()), L = double(o.max_seq_len());
  const double inner = double(o.inner_size()), items = double(o.n_items() + 1);
  // Per position and layer: QKV (3d^2), scores and probs·V (2·L·d), output (d^2), FFN
  // (2·d·inner) multiply-adds; x2 FLOPs per MAC; backward ~ 2x forward.
  const double per_pos = 2.0 * (3 * d * d + 2 * L * d + d * d + 2 * d * inner) * double(o.n_layers());
  const double forward = rows * L * per_pos + targets * 2.0 * d * items;
  return 3.0 * forward;
}

EpochStats SasrecBackbone::train_epoch(torch::optim::Optimizer& optimizer, int64_t batch_size,
                                       std::mt19937_64& rng) {
  model_->train();
  EpochStats stats;
  const int64_t L = model_->options.max_seq_len();
  auto t0 = std::chrono::steady_clock::now();
  std::vector<SasrecWindow> order = windows_;
  std::shuffle(order.begin(), order.end(), rng);
  const auto bounds = pack_by_targets(order, batch_size);
  stats.batching_s += seconds_since(t0);
  for (size_t k = 0; k + 1 < bounds.size(); ++k) {
    t0 = std::chrono::steady_clock::now();
    auto batch = make_sasrec_batch(*dataset_, std::span(order).subspan(bounds[k], bounds[k + 1] - bounds[k]), L);
    auto items = batch.items.to(device_);
    auto targets = batch.targets.to(device_);
    auto sel = targets.ne(0);
    stats.batching_s += seconds_since(t0);

    t0 = std::chrono::steady_clock::now();
    auto h = model_->forward(items).index({sel});
    auto loss = torch::nn::functional::cross_entropy(model_->logits(h), targets.index({sel}));
    stats.forward_s += seconds_since(t0);
    optimizer_step(optimizer, loss, batch.n_targets, items.size(0), batch_flops(items.size(0), batch.n_targets),
                   stats);
  }
  finish_epoch(stats);
  return stats;
}

}  // namespace popsteer::models
