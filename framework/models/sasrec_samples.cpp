#include "models/sasrec_samples.h"

#include <algorithm>

namespace popsteer::models {

std::vector<SasrecWindow> prefix_windows(const data::Dataset& dataset, int64_t max_len) {
  std::vector<SasrecWindow> out;
  for (int32_t u = 1; u <= dataset.n_users; ++u) {
    const auto m = static_cast<int32_t>(dataset.train_items(u).size());
    // target index t (0-based) = 1..m-1; input = items [max(0, t-L), t)
    for (int32_t t = 1; t < m; ++t) {
      const int32_t start = std::max<int32_t>(0, t - static_cast<int32_t>(max_len));
      out.push_back({u, start, t - start, t - start - 1});
    }
  }
  return out;
}

std::vector<SasrecWindow> all_position_windows(const data::Dataset& dataset, int64_t max_len,
                                               int64_t stride) {
  std::vector<SasrecWindow> out;
  const auto L = static_cast<int32_t>(max_len);
  const auto step = static_cast<int32_t>(std::clamp<int64_t>(stride, 1, max_len));
  for (int32_t u = 1; u <= dataset.n_users; ++u) {
    const auto m = static_cast<int32_t>(dataset.train_items(u).size());
    if (m < 2) continue;
    // `end` = exclusive end of the inputs; inputs [0, end) predict targets 1..end.
    int32_t end = std::min(L, m - 1);
    out.push_back({u, 0, end, 0});
    while (end < m - 1) {
      const int32_t new_end = std::min(end + step, m - 1);
      const int32_t start = new_end - L;
      out.push_back({u, start, L, end - start});
      end = new_end;
    }
  }
  return out;
}

SasrecBatch make_sasrec_batch(const data::Dataset& dataset, std::span<const SasrecWindow> windows,
                              int64_t max_len) {
  const auto B = static_cast<int64_t>(windows.size());
  std::vector<int64_t> items(B * max_len, 0), targets(B * max_len, 0);
  int64_t n_targets = 0;
  for (int64_t b = 0; b < B; ++b) {
    const auto& w = windows[b];
    const auto train = dataset.train_items(w.user);
    for (int32_t p = 0; p < w.length; ++p) {
      items[b * max_len + p] = train[w.start + p];
      if (p >= w.first_target) targets[b * max_len + p] = train[w.start + p + 1];
    }
    n_targets += w.n_targets();
  }
  SasrecBatch batch;
  batch.items = torch::tensor(items, torch::kLong).view({B, max_len});
  batch.targets = torch::tensor(targets, torch::kLong).view({B, max_len});
  batch.n_targets = n_targets;
  return batch;
}

std::vector<size_t> pack_by_targets(std::span<const SasrecWindow> windows, int64_t batch_targets) {
  std::vector<size_t> bounds{0};
  int64_t in_batch = 0;
  for (size_t k = 0; k < windows.size(); ++k) {
    const int64_t n = windows[k].n_targets();
    if (in_batch > 0 && in_batch + n > batch_targets) {
      bounds.push_back(k);
      in_batch = 0;
    }
    in_batch += n;
  }
  if (bounds.back() != windows.size()) bounds.push_back(windows.size());
  return bounds;
}

std::pair<torch::Tensor, torch::Tensor> left_aligned(
    const std::vector<std::span<const int32_t>>& sequences, int64_t max_len) {
  const auto B = static_cast<int64_t>(sequences.size());
  std::vector<int64_t> items(B * max_len, 0), last(B, 0);
  for (int64_t b = 0; b < B; ++b) {
    const auto& s = sequences[b];
    const auto n = std::min<int64_t>(static_cast<int64_t>(s.size()), max_len);
    const auto offset = static_cast<int64_t>(s.size()) - n;
    for (int64_t p = 0; p < n; ++p) items[b * max_len + p] = s[offset + p];
    last[b] = std::max<int64_t>(0, n - 1);
  }
  return {torch::tensor(items, torch::kLong).view({B, max_len}), torch::tensor(last, torch::kLong)};
}

}  // namespace popsteer::models
