#include "pipeline/rerank_inputs.h"

#include <torch/torch.h>

#include <algorithm>

#include "metrics/ranking.h"
#include "pipeline/sae_artifact.h"

namespace popsteer::pipeline {
namespace {
constexpr size_t kScoreBatch = 1024;  // users per full-score batch: [1024 x I] floats at a time
}  // namespace

metrics::CandidateLists backbone_candidates(models::Backbone& backbone, const std::vector<int32_t>& users,
                                            data::Split split, int32_t length, int32_t per_group) {
  const data::Dataset& d = backbone.dataset();
  const auto exclude = history_exclusions(d, backbone.masks_history(), split);
  metrics::CandidateLists all;
  for (size_t b = 0; b < users.size(); b += kScoreBatch) {
    const size_t e = std::min(users.size(), b + kScoreBatch);
    const std::vector<int32_t> batch(users.begin() + static_cast<int64_t>(b), users.begin() + static_cast<int64_t>(e));
    const torch::Tensor sc = backbone.scores(batch, split).to(torch::kCPU).to(torch::kFloat32).contiguous();
    metrics::RankOptions ro;
    if (!exclude.empty()) ro.exclude = std::span<const std::span<const int32_t>>(exclude.data() + b, e - b);
    const metrics::CandidateLists c = metrics::top_candidates(
        metrics::ScoreMatrix{{sc.data_ptr<float>(), static_cast<size_t>(sc.numel())}, sc.size(0), sc.size(1)},
        length, ro, d.item_group, per_group);
    if (b == 0) {
      all = metrics::CandidateLists::empty(0, c.width);
      all.items.reserve(users.size() * static_cast<size_t>(c.width));
      all.scores.reserve(users.size() * static_cast<size_t>(c.width));
    }
    all.n_rows += c.n_rows;
    all.items.insert(all.items.end(), c.items.begin(), c.items.end());
    all.scores.insert(all.scores.end(), c.scores.begin(), c.scores.end());
    all.sizes.insert(all.sizes.end(), c.sizes.begin(), c.sizes.end());
  }
  return all;
}

std::vector<std::span<const int32_t>> rerank_profiles(const data::Dataset& dataset,
                                                      const std::vector<int32_t>& users, data::Split split,
                                                      bool sequential, int64_t window) {
  std::vector<std::span<const int32_t>> profiles;
  profiles.reserve(users.size());
  for (int32_t u : users) {
    std::span<const int32_t> p = sequential ? dataset.context(u, split) : dataset.train_items(u);
    if (sequential && static_cast<int64_t>(p.size()) > window) p = p.subspan(p.size() - static_cast<size_t>(window));
    profiles.push_back(p);
  }
  return profiles;
}

}  // namespace popsteer::pipeline
