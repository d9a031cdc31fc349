#include "steering/steer_vector.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.h"

namespace popsteer::steering {

SteerConfig SteerConfig::from_config(config::Section s) {
  SteerConfig c;
  c.alpha_pop = s.get_double("alpha_pop", c.alpha_pop, {0, 1e6});
  c.alpha_unpop = s.get_double("alpha_unpop", c.alpha_unpop, {0, 1e6});
  if (s.has("count")) {
    if (s.has("beta")) s.fail("count", "give either beta (threshold mode) or count (fixed-count mode), not both");
    c.beta.reset();
    c.count = s.get_int("count", 0, {0, 1e9});
  } else {
    c.beta = s.get_double("beta", 0.0, {0, 1e6});
  }
  const auto norm = s.get_string("norm", "group", {"group", "global"});
  c.norm = norm == "global" ? Normalisation::kGlobal : Normalisation::kPerGroup;
  s.finish();
  return c;
}

std::string SteerConfig::label() const {
  std::string sel = beta ? fmt::format("beta={:g}", *beta) : fmt::format("count={}", count);
  return fmt::format("a_pop={:g} a_unpop={:g} {}{}", alpha_pop, alpha_unpop, sel,
                     norm == Normalisation::kGlobal ? " norm=global" : "");
}

std::string SteerConfig::params_json() const {
  std::string sel = beta ? fmt::format("\"beta\":{}", *beta) : fmt::format("\"count\":{}", count);
  return fmt::format("{{\"alpha_pop\":{},\"alpha_unpop\":{},{},\"norm\":\"{}\"}}", alpha_pop, alpha_unpop,
                     sel, norm == Normalisation::kGlobal ? "global" : "group");
}

Selection select_neurons(const std::vector<double>& d, const SteerConfig& config) {
  std::vector<int64_t> cand;
  for (size_t j = 0; j < d.size(); ++j)
    if (std::isfinite(d[j]) && d[j] != 0) cand.push_back(static_cast<int64_t>(j));
  std::vector<int64_t> chosen;
  if (config.beta) {
    for (auto j : cand)
      if (std::abs(d[static_cast<size_t>(j)]) >= *config.beta) chosen.push_back(j);
  } else {
    std::stable_sort(cand.begin(), cand.end(), [&](int64_t a, int64_t b) {
      return std::abs(d[static_cast<size_t>(a)]) > std::abs(d[static_cast<size_t>(b)]);
    });
    cand.resize(std::min<size_t>(cand.size(), static_cast<size_t>(std::max<int64_t>(0, config.count))));
    chosen = cand;
    std::sort(chosen.begin(), chosen.end());
  }
  Selection s;
  for (auto j : chosen) (d[static_cast<size_t>(j)] > 0 ? s.pop : s.unpop).push_back(j);
  return s;
}

std::vector<double> signed_weights(const std::vector<double>& d, const SteerConfig& config) {
  const Selection sel = select_neurons(d, config);
  auto group_max = [&](const std::vector<int64_t>& g) {
    double m = 0;
    for (auto j : g) m = std::max(m, std::abs(d[static_cast<size_t>(j)]));
    return m;
  };
  double global_max = 0;
  for (double v : d)
    if (std::isfinite(v)) global_max = std::max(global_max, std::abs(v));
  std::vector<double> w(d.size(), 0.0);
  auto fill = [&](const std::vector<int64_t>& g, double alpha, double sign) {
    const double m = config.norm == Normalisation::kGlobal ? global_max : group_max(g);
    for (auto j : g) {
      // A zero maximum (degenerate) gives α/2, as the reference code does.
      const double wj = m > 0 ? alpha * std::abs(d[static_cast<size_t>(j)]) / m : alpha / 2;
      w[static_cast<size_t>(j)] = sign * wj;
    }
  };
  fill(sel.pop, config.alpha_pop, -1.0);
  fill(sel.unpop, config.alpha_unpop, +1.0);
  return w;
}

std::vector<float> steer_vector(const std::vector<double>& d, const std::vector<double>& sigma,
                                const SteerConfig& config) {
  if (sigma.size() != d.size()) throw std::invalid_argument("steer_vector: d and sigma sizes differ");
  const auto w = signed_weights(d, config);
  std::vector<float> s(d.size(), 0.0f);
  for (size_t j = 0; j < d.size(); ++j) s[j] = static_cast<float>(w[j] * sigma[j]);
  return s;
}

std::vector<float> random_select_vector(const std::vector<double>& d,
                                        const std::vector<double>& sigma,
                                        const SteerConfig& config, uint64_t seed) {
  if (sigma.size() != d.size()) throw std::invalid_argument("random_select_vector: sizes differ");
  const auto w = signed_weights(d, config);
  std::vector<int64_t> partners;
  for (size_t j = 0; j < w.size(); ++j)
    if (w[j] != 0) partners.push_back(static_cast<int64_t>(j));
  std::mt19937_64 rng(seed);
  std::shuffle(partners.begin(), partners.end(), rng);
  // Partial Fisher–Yates: the first |P ∪ U| entries are a uniform sample without replacement.
  std::vector<int64_t> all(d.size());
  for (size_t j = 0; j < all.size(); ++j) all[j] = static_cast<int64_t>(j);
  std::vector<float> s(d.size(), 0.0f);
  for (size_t i = 0; i < partners.size(); ++i) {
    std::uniform_int_distribution<size_t> pick(i, all.size() - 1);
    std::swap(all[i], all[pick(rng)]);
    const auto r = static_cast<size_t>(all[i]);
    s[r] = static_cast<float>(w[static_cast<size_t>(partners[i])] * sigma[r]);
  }
  return s;
}

ManipulationLists manipulation_lists(const std::vector<double>& d, double threshold) {
  ManipulationLists m;
  for (size_t j = 0; j < d.size(); ++j) {
    if (!std::isfinite(d[j])) continue;
    if (d[j] >= threshold) m.pop.push_back(static_cast<int64_t>(j));
    if (d[j] <= -threshold) m.unpop.push_back(static_cast<int64_t>(j));
  }
  auto by_abs = [&](int64_t a, int64_t b) {
    return std::abs(d[static_cast<size_t>(a)]) > std::abs(d[static_cast<size_t>(b)]);
  };
  std::stable_sort(m.pop.begin(), m.pop.end(), by_abs);
  std::stable_sort(m.unpop.begin(), m.unpop.end(), by_abs);
  return m;
}

std::vector<float> manipulation_vector(const std::vector<int64_t>& list, int64_t k_prime,
                                       const std::vector<double>& sigma) {
  std::vector<float> s(sigma.size(), 0.0f);
  const int64_t n = std::min<int64_t>(k_prime, static_cast<int64_t>(list.size()));
  for (int64_t i = 0; i < n; ++i) {
    const auto j = static_cast<size_t>(list[static_cast<size_t>(i)]);
    s[j] = static_cast<float>(-sigma[j]);
  }
  return s;
}

}  // namespace popsteer::steering
