#include "steering/neuron_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace popsteer::steering {

RunningMoments::RunningMoments(int64_t n_columns)
    : mean_(static_cast<size_t>(n_columns), 0.0), m2_(static_cast<size_t>(n_columns), 0.0) {}

void RunningMoments::add(const torch::Tensor& chunk) {
  TORCH_CHECK(chunk.dim() == 2, "RunningMoments::add: expected [B, N]");
  if (mean_.empty() && count_ == 0) {
    mean_.assign(static_cast<size_t>(chunk.size(1)), 0.0);
    m2_.assign(mean_.size(), 0.0);
  }
  TORCH_CHECK(chunk.size(1) == columns(), "RunningMoments::add: column count changed");
  const int64_t b = chunk.size(0);
  if (b == 0) return;
  auto x = chunk.to(torch::kDouble).contiguous();
  auto mu = x.mean(0);
  auto m2 = (x - mu).pow(2).sum(0);
  const double* pm = mu.data_ptr<double>();
  const double* pv = m2.data_ptr<double>();
  const double na = static_cast<double>(count_), nb = static_cast<double>(b), n = na + nb;
  for (size_t j = 0; j < mean_.size(); ++j) {
    const double delta = pm[j] - mean_[j];
    mean_[j] += delta * nb / n;
    m2_[j] += pv[j] + delta * delta * na * nb / n;
  }
  count_ += b;
}

std::vector<double> RunningMoments::sd() const {
  std::vector<double> out(mean_.size(), 0.0);
  if (count_ < 1) return out;
  for (size_t j = 0; j < out.size(); ++j)
    out[j] = std::sqrt(std::max(0.0, m2_[j] / static_cast<double>(count_)));
  return out;
}

std::vector<double> cohens_d(const RunningMoments& pop, const RunningMoments& unpop) {
  const int64_t n = std::max(pop.columns(), unpop.columns());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> d(static_cast<size_t>(n), nan);
  const double n1 = static_cast<double>(pop.count()), n2 = static_cast<double>(unpop.count());
  if (pop.count() < 1 || unpop.count() < 1 || n1 + n2 <= 2 || pop.columns() != unpop.columns()) return d;
  const auto s1 = pop.sd(), s2 = unpop.sd();
  for (size_t j = 0; j < d.size(); ++j) {
    const double sp = std::sqrt(((n1 - 1) * s1[j] * s1[j] + (n2 - 1) * s2[j] * s2[j]) / (n1 + n2 - 2));
    if (sp > 0 && std::isfinite(sp)) d[j] = (pop.mean()[j] - unpop.mean()[j]) / sp;
  }
  return d;
}

void NeuronTable::set_groups(const RunningMoments& pop, const RunningMoments& unpop) {
  d = cohens_d(pop, unpop);
  mean_pop = pop.mean();
  sd_pop = pop.sd();
  mean_unpop = unpop.mean();
  sd_unpop = unpop.sd();
  n_pop = pop.count();
  n_unpop = unpop.count();
}

void NeuronTable::set_sigma(const RunningMoments& real) {
  sigma = real.sd();
  n_sigma = real.count();
}

std::vector<int64_t> NeuronTable::ranked(int sign, int64_t limit) const {
  std::vector<int64_t> ids;
  for (int64_t j = 0; j < size(); ++j) {
    const double v = d[static_cast<size_t>(j)];
    if (std::isfinite(v) && (sign > 0 ? v > 0 : v < 0)) ids.push_back(j);
  }
  std::stable_sort(ids.begin(), ids.end(), [&](int64_t a, int64_t b) {
    return std::abs(d[static_cast<size_t>(a)]) > std::abs(d[static_cast<size_t>(b)]);
  });
  if (limit > 0 && static_cast<int64_t>(ids.size()) > limit) ids.resize(static_cast<size_t>(limit));
  return ids;
}

}  // namespace popsteer::steering
