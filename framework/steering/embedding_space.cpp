#include "steering/embedding_space.h"

#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <torch/linalg.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace popsteer::steering {

double wasserstein1(std::vector<double> a, std::vector<double> b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("wasserstein1: empty sample");
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  // Integrate |F_A − F_B| over the merged breakpoints.
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  size_t i = 0, j = 0;
  double w = 0, prev = std::min(a[0], b[0]);
  while (i < a.size() || j < b.size()) {
    const double x = (j >= b.size() || (i < a.size() && a[i] <= b[j])) ? a[i] : b[j];
    w += std::abs(static_cast<double>(i) / na - static_cast<double>(j) / nb) * (x - prev);
    prev = x;
    while (i < a.size() && a[i] == x) ++i;
    while (j < b.size() && b[j] == x) ++j;
  }
  return w;
}

torch::Tensor dense_activations(const torch::Tensor& idx, const torch::Tensor& val, int64_t n_latents) {
  return torch::zeros({idx.size(0), n_latents}).scatter_(1, idx.to(torch::kLong), val.to(torch::kFloat));
}

EmbeddingSpace embedding_space(const std::vector<std::string>& names, const std::vector<torch::Tensor>& sets,
                               uint64_t seed) {
  if (names.size() != sets.size() || sets.size() < 2) throw std::invalid_argument("embedding_space: need >= 2 named sets");
  torch::NoGradGuard g;
  EmbeddingSpace out;
  out.names = names;
  auto all = torch::cat(sets).to(torch::kDouble);
  out.mean = all.mean(0);
  auto xc = all - out.mean;
  // Randomized SVD (range finder with 2 power iterations, 10 extra columns).
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  const int64_t p = std::min<int64_t>(12, std::min(xc.size(0), xc.size(1)));
  auto omega = torch::randn({xc.size(1), p}, gen, torch::kDouble);
  auto q = std::get<0>(torch::linalg::qr(xc.mm(omega)));
  for (int it = 0; it < 2; ++it) {
    auto qt = std::get<0>(torch::linalg::qr(xc.t().mm(q)));
    q = std::get<0>(torch::linalg::qr(xc.mm(qt)));
  }
  auto [u, s, vh] = torch::linalg::svd(q.t().mm(xc), false, c10::nullopt);
  auto axes = vh.slice(0, 0, 2).t().contiguous();  // [N, 2]
  for (int c = 0; c < 2; ++c) {
    auto col = axes.select(1, c);
    if (col[col.abs().argmax()].item<double>() < 0) col.neg_();
  }
  out.axes = axes.to(torch::kFloat);
  const double total = xc.pow(2).sum().item<double>();
  for (int c = 0; c < 2; ++c) out.explained_variance.push_back(total > 0 ? std::pow(s[c].item<double>(), 2) / total : 0.0);
  std::vector<std::vector<double>> pc1, pc2;
  for (const auto& set : sets) {
    auto c = ((set.to(torch::kDouble) - out.mean).mm(axes)).contiguous();
    out.coords.push_back(c.to(torch::kFloat));
    auto c0 = c.select(1, 0).contiguous(), c1 = c.select(1, 1).contiguous();
    pc1.emplace_back(c0.data_ptr<double>(), c0.data_ptr<double>() + c0.numel());
    pc2.emplace_back(c1.data_ptr<double>(), c1.data_ptr<double>() + c1.numel());
  }
  for (size_t i = 0; i < sets.size(); ++i)
    for (size_t j = i + 1; j < sets.size(); ++j) {
      SetDistance d{names[i], names[j], wasserstein1(pc1[i], pc1[j]), wasserstein1(pc2[i], pc2[j]), 0};
      d.w1_mean = (d.w1_pc1 + d.w1_pc2) / 2;
      out.distances.push_back(d);
    }
  return out;
}

std::string coords_csv(const EmbeddingSpace& space) {
  std::string s = "set,x,y\n";
  for (size_t i = 0; i < space.names.size(); ++i) {
    auto c = space.coords[i].contiguous();
    const float* p = c.data_ptr<float>();
    for (int64_t r = 0; r < c.size(0); ++r) s += fmt::format("{},{:.6g},{:.6g}\n", space.names[i], p[2 * r], p[2 * r + 1]);
  }
  return s;
}

}  // namespace popsteer::steering
