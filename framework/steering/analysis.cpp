#include "steering/analysis.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "core/error.h"
#include "core/seed.h"

namespace popsteer::steering {

AnalysisOptions AnalysisOptions::from_config(config::Section s) {
  AnalysisOptions o;
  o.mode = s.get_string("mode", o.mode, {"auto", "synthetic", "real_users"});
  o.n_profiles = s.get_int("n_profiles", o.n_profiles, {2, 1e9});
  o.profile_length = s.get_int("profile_length", o.profile_length, {1, 1e5});
  o.batch = s.get_int("batch", o.batch, {1, 1e7});
  o.user_fraction = s.get_double("user_fraction", o.user_fraction, {1e-6, 0.5});
  s.finish();
  return o;
}

std::string AnalysisOptions::resolved_mode(const std::string& kind) const {
  if (mode != "auto") return mode;
  return kind == "lightgcn" ? "real_users" : "synthetic";
}

torch::Tensor synthetic_profiles(const std::vector<int32_t>& pool, int64_t first_row, int64_t count,
                                 int64_t length, uint64_t seed) {
  if (pool.empty()) throw UserError("synthetic profiles: the item pool (head or tail set) is empty");
  auto out = torch::empty({count, length}, torch::kLong);
  int64_t* p = out.data_ptr<int64_t>();
  for (int64_t r = 0; r < count; ++r) {
    // One generator per profile row: rows do not depend on the batch size.
    std::mt19937_64 rng(splitmix64(seed ^ splitmix64(static_cast<uint64_t>(first_row + r))));
    std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
    for (int64_t t = 0; t < length; ++t) p[r * length + t] = pool[pick(rng)];
  }
  return out;
}

RunningMoments synthetic_moments(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae,
                                 const std::vector<int32_t>& pool, const AnalysisOptions& o,
                                 uint64_t set_seed, const std::function<void(int64_t)>& on_batch) {
  torch::NoGradGuard no_grad;
  RunningMoments m(sae.options().hidden());
  for (int64_t b = 0; b < o.n_profiles; b += o.batch) {
    const int64_t n = std::min(o.batch, o.n_profiles - b);
    auto items = synthetic_profiles(pool, b, n, o.profile_length, set_seed).to(backbone.device());
    auto x = backbone.sequence_representation(items).to(torch::kCPU, torch::kFloat);
    m.add(sae.pre_activations(x));
    if (on_batch) on_batch(b + n);
  }
  return m;
}

RunningMoments user_moments(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae,
                            const std::vector<int32_t>& users, data::Split split, int64_t batch) {
  torch::NoGradGuard no_grad;
  RunningMoments m(sae.options().hidden());
  for (size_t b = 0; b < users.size(); b += static_cast<size_t>(batch)) {
    std::vector<int32_t> part(users.begin() + static_cast<std::ptrdiff_t>(b),
                              users.begin() + static_cast<std::ptrdiff_t>(std::min(users.size(), b + batch)));
    m.add(sae.pre_activations(backbone.user_representation(part, split).to(torch::kCPU, torch::kFloat)));
  }
  return m;
}

std::pair<std::vector<int32_t>, std::vector<int32_t>> popularity_user_groups(const data::Dataset& ds,
                                                                             double fraction) {
  std::vector<int32_t> users(static_cast<size_t>(ds.n_users));
  std::iota(users.begin(), users.end(), 1);
  std::stable_sort(users.begin(), users.end(),
                   [&](int32_t a, int32_t b) { return ds.user_pop_score[a] > ds.user_pop_score[b]; });
  const double n = static_cast<double>(users.size());
  const auto n_pop = static_cast<size_t>(std::ceil(fraction * n - 1e-9));
  const auto n_unpop = static_cast<size_t>(std::floor(fraction * n + 1e-9));
  std::vector<int32_t> pop(users.begin(), users.begin() + static_cast<std::ptrdiff_t>(n_pop));
  std::vector<int32_t> unpop(users.end() - static_cast<std::ptrdiff_t>(n_unpop), users.end());
  std::sort(pop.begin(), pop.end());
  std::sort(unpop.begin(), unpop.end());
  return {pop, unpop};
}

NeuronTable analyze_neurons(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae,
                            const AnalysisOptions& o, const std::function<void(const std::string&)>& log) {
  const auto& ds = backbone.dataset();
  const std::string mode = o.resolved_mode(backbone.kind());
  NeuronTable table;
  if (mode == "synthetic") {
    auto report = [&](const char* name) {
      return [&log, name, &o](int64_t done) {
        if (log && (done == o.n_profiles || done % (o.batch * 20) == 0))
          log(std::string("analyze: ") + name + " profiles " + std::to_string(done) + "/" + std::to_string(o.n_profiles));
      };
    };
    auto pop = synthetic_moments(backbone, sae, ds.head_items(), o, derive_seed(o.seed, "synthetic-pop"), report("head"));
    auto unpop = synthetic_moments(backbone, sae, ds.tail_items(), o, derive_seed(o.seed, "synthetic-unpop"), report("tail"));
    table.set_groups(pop, unpop);
  } else {
    auto [pop_users, unpop_users] = popularity_user_groups(ds, o.user_fraction);
    if (pop_users.size() < 1 || unpop_users.size() < 1)
      throw UserError("analyze: too few users for the real-user groups (fraction " + std::to_string(o.user_fraction) + ")");
    table.set_groups(user_moments(backbone, sae, pop_users, data::Split::kValid, o.batch),
                     user_moments(backbone, sae, unpop_users, data::Split::kValid, o.batch));
  }
  std::vector<int32_t> all(static_cast<size_t>(ds.n_users));
  std::iota(all.begin(), all.end(), 1);
  table.set_sigma(user_moments(backbone, sae, all, data::Split::kValid, o.batch));
  if (log) log("analyze: sigma over " + std::to_string(table.n_sigma) + " validation users");
  return table;
}

double roc_auc(const std::vector<double>& pos, const std::vector<double>& neg) {
  if (pos.empty() || neg.empty()) return std::nan("");
  std::vector<std::pair<double, int>> all;
  for (double v : pos) all.push_back({v, 1});
  for (double v : neg) all.push_back({v, 0});
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  double rank_sum = 0;  // average ranks over ties (1-based)
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double avg = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (size_t t = i; t < j; ++t)
      if (all[t].second) rank_sum += avg;
    i = j;
  }
  const double np = static_cast<double>(pos.size()), nn = static_cast<double>(neg.size());
  return (rank_sum - np * (np + 1) / 2) / (np * nn);
}

SeparabilityResult separability(const torch::Tensor& pos, const torch::Tensor& neg, uint64_t seed, int64_t steps) {
  torch::AutoGradMode grad_on(true);  // callers often hold a NoGradGuard for the backbone
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  auto split = [&](const torch::Tensor& x) {
    auto perm = torch::randperm(x.size(0), gen, torch::kLong);
    const int64_t n_train = std::max<int64_t>(1, x.size(0) * 4 / 5);
    return std::make_pair(x.index_select(0, perm.slice(0, 0, n_train)), x.index_select(0, perm.slice(0, n_train)));
  };
  auto [pos_train, pos_test] = split(pos.to(torch::kFloat));
  auto [neg_train, neg_test] = split(neg.to(torch::kFloat));
  auto x_train = torch::cat({pos_train, neg_train});
  auto y_train = torch::cat({torch::ones({pos_train.size(0)}), torch::zeros({neg_train.size(0)})});
  auto mean = x_train.mean(0), sd = x_train.std(0).clamp_min(1e-6);
  auto w = torch::zeros({x_train.size(1)}, torch::requires_grad());
  auto b = torch::zeros({1}, torch::requires_grad());
  torch::optim::Adam adam({w, b}, torch::optim::AdamOptions(0.05));
  auto xs = (x_train - mean) / sd;
  for (int64_t s = 0; s < steps; ++s) {
    auto logits = xs.mv(w) + b;
    auto loss = torch::binary_cross_entropy_with_logits(logits, y_train) + 1e-4 * w.pow(2).sum();
    adam.zero_grad();
    loss.backward();
    adam.step();
  }
  torch::NoGradGuard g;
  auto score = [&](const torch::Tensor& x) {
    auto s = (((x - mean) / sd).mv(w) + b).to(torch::kDouble).contiguous();
    return std::vector<double>(s.data_ptr<double>(), s.data_ptr<double>() + s.numel());
  };
  const auto sp = score(pos_test), sn = score(neg_test);
  SeparabilityResult r;
  double correct = 0;
  for (double v : sp) correct += v > 0;
  for (double v : sn) correct += v <= 0;
  r.n_train = x_train.size(0);
  r.n_test = static_cast<int64_t>(sp.size() + sn.size());
  r.accuracy = r.n_test ? correct / static_cast<double>(r.n_test) : std::nan("");
  r.auc = roc_auc(sp, sn);
  return r;
}

SeparabilityResult backbone_separability(models::Backbone& backbone, const AnalysisOptions& o, int64_t n) {
  const auto& ds = backbone.dataset();
  auto rep = [&](const std::vector<int32_t>& pool, const char* key) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> parts;
    for (int64_t b = 0; b < n; b += o.batch) {
      auto items = synthetic_profiles(pool, b, std::min(o.batch, n - b), o.profile_length, derive_seed(o.seed, key))
                       .to(backbone.device());
      parts.push_back(backbone.sequence_representation(items).to(torch::kCPU, torch::kFloat));
    }
    return torch::cat(parts);
  };
  return separability(rep(ds.head_items(), "precheck-pop"), rep(ds.tail_items(), "precheck-unpop"),
                      derive_seed(o.seed, "precheck-split"));
}

}  // namespace popsteer::steering
