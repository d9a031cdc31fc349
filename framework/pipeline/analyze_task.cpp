/// analyze: the per-neuron table of one SAE (ALGORITHMS.md §4): Cohen's d between the
/// popular and unpopular sets, and sigma_j over the validation users' z (read from the
/// SAE task's cache, not recomputed).
///   SASRec: synthetic head-only / tail-only profiles (§4.1): n_synthetic each, M items
///   drawn uniformly with replacement, pushed through the frozen backbone and the SAE in
///   batches (bounded memory, streaming moments).
///   LightGCN: the real popular / unpopular users by s(u) (§4.4), from the cached z.
///
/// Options ([options.analyze]): n_synthetic (409600), profile_length (50), batch (2048).
#include <torch/torch.h>

#include <filesystem>
#include <random>

#include "core/error.h"
#include "core/seed.h"
#include "io/h5.h"
#include "pipeline/kinds.h"
#include "pipeline/neuron_artifact.h"
#include "pipeline/sae_artifact.h"

namespace popsteer::pipeline {
namespace {

namespace fs = std::filesystem;

struct AnalyzeSettings {
  int64_t n_synthetic = 409600;
  int64_t profile_length = 50;
  int64_t batch = 2048;
  static AnalyzeSettings from_config(config::Section s) {
    AnalyzeSettings a;
    a.n_synthetic = s.get_int("n_synthetic", a.n_synthetic, {2, 1e9});
    a.profile_length = s.get_int("profile_length", a.profile_length, {1, 1e5});
    a.batch = s.get_int("batch", a.batch, {1, 1e7});
    s.finish();
    return a;
  }
};

/// Streams n synthetic profiles drawn from `pool` through backbone + SAE into moments.
steering::RunningMoments synthetic_moments(models::Backbone& backbone, sae::SparseAutoencoderImpl& model,
                                           const std::vector<int32_t>& pool, const AnalyzeSettings& a,
                                           uint64_t seed, const sweep::TaskContext& ctx) {
  if (pool.empty()) throw UserError("the dataset has an empty head or tail item set: no neuron analysis possible");
  steering::RunningMoments moments(model.options().hidden());
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  torch::NoGradGuard no_grad;
  for (int64_t done = 0; done < a.n_synthetic; done += a.batch) {
    ctx.check_stop();
    const int64_t b = std::min(a.batch, a.n_synthetic - done);
    torch::Tensor items = torch::empty({b, a.profile_length}, torch::kInt64);
    auto acc = items.accessor<int64_t, 2>();
    for (int64_t r = 0; r < b; ++r)
      for (int64_t j = 0; j < a.profile_length; ++j) acc[r][j] = pool[pick(rng)];
    const torch::Tensor h = backbone.sequence_representation(items.to(backbone.device()));
    moments.add(model.pre_activations(h.to(torch::kCPU).to(torch::kFloat32)));
  }
  return moments;
}

/// Moments of the rows of z whose user has user_group == group.
steering::RunningMoments group_moments(const torch::Tensor& z, const data::Dataset& dataset, int group) {
  std::vector<int64_t> rows;
  for (int32_t u = 1; u <= dataset.n_users; ++u)
    if (dataset.user_group[static_cast<size_t>(u)] == group) rows.push_back(u - 1);
  steering::RunningMoments m(z.size(1));
  if (!rows.empty()) m.add(z.index_select(0, torch::tensor(rows, torch::kInt64)));
  return m;
}

}  // namespace

void save_neuron_table(const steering::NeuronTable& t, const std::string& path, const std::string& source) {
  io::write_atomically(path, [&](io::H5File& f) {
    f.set_attr("/", "kind", std::string("popsteer-neurons"));
    f.set_attr("/", "source", source);
    f.set_attr("/", "n_pop", t.n_pop);
    f.set_attr("/", "n_unpop", t.n_unpop);
    f.set_attr("/", "n_sigma", t.n_sigma);
    f.write("d", t.d);
    f.write("mean_pop", t.mean_pop);
    f.write("sd_pop", t.sd_pop);
    f.write("mean_unpop", t.mean_unpop);
    f.write("sd_unpop", t.sd_unpop);
    f.write("sigma", t.sigma);
  });
}

steering::NeuronTable load_neuron_table(const std::string& path) {
  io::H5File f(path, io::H5File::Mode::kRead);
  if (f.attr_string("/", "kind").value_or("") != "popsteer-neurons")
    throw std::runtime_error(path + " is not a popsteer neuron table");
  steering::NeuronTable t;
  t.d = f.read<double>("d").data;
  t.mean_pop = f.read<double>("mean_pop").data;
  t.sd_pop = f.read<double>("sd_pop").data;
  t.mean_unpop = f.read<double>("mean_unpop").data;
  t.sd_unpop = f.read<double>("sd_unpop").data;
  t.sigma = f.read<double>("sigma").data;
  t.n_pop = f.attr_int("/", "n_pop").value_or(0);
  t.n_unpop = f.attr_int("/", "n_unpop").value_or(0);
  t.n_sigma = f.attr_int("/", "n_sigma").value_or(0);
  return t;
}

void check_analyze_options(config::Section s) { AnalyzeSettings::from_config(s); }

std::vector<sweep::ResultRow> run_analyze(const sweep::Task& t, sweep::TaskContext& ctx) {
  setup_threads();
  const json params = json::parse(t.params);
  auto doc = options_document(params.value("options", json::object()), "analyze");
  const AnalyzeSettings as = AnalyzeSettings::from_config(doc->root());
  auto dataset = load_prepared(ctx.input_dirs.at(0));
  const std::string sae_dir = ctx.input_dirs.at(2);
  sae::SparseAutoencoder model = load_sae(sae_dir);
  const torch::Tensor z_valid = load_tensor((fs::path(sae_dir) / z_file("valid")).string());

  steering::NeuronTable table;
  std::string source;
  if (t.backbone == "lightgcn") {
    table.set_groups(group_moments(z_valid, *dataset, +1), group_moments(z_valid, *dataset, -1));
    source = "real users by s(u) (top / bottom user_group)";
  } else {
    auto backbone = load_backbone(ctx.input_dirs.at(1), dataset);
    const auto pop = synthetic_moments(*backbone, *model, dataset->head_items(), as,
                                       derive_seed(ctx.seed, "analyze/pop"), ctx);
    const auto unpop = synthetic_moments(*backbone, *model, dataset->tail_items(), as,
                                         derive_seed(ctx.seed, "analyze/unpop"), ctx);
    table.set_groups(pop, unpop);
    source = "synthetic profiles n=" + std::to_string(as.n_synthetic) + " M=" + std::to_string(as.profile_length);
  }
  steering::RunningMoments real(z_valid.size(1));
  real.add(z_valid);
  table.set_sigma(real);
  save_neuron_table(table, (fs::path(ctx.artifact_dir) / kNeuronFile).string(), source);
  return {};
}

}  // namespace popsteer::pipeline
