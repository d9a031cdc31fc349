/// steer: a block of steering configs of one SAE -> rows. Reads the SAE task's cached z
/// (valid / test), item embeddings and decoder, and the analyze task's neuron table: the
/// backbone is never loaded. Each config is one shift of z (steering::SteeringEvaluator),
/// scored in sub-blocks of `block` configs.
///
/// Variants (the planner's `variant`): popsteer (§5.2), randomselect (§5.3, A-24; seeded
/// from the task seed and the config), noise (§5.3, A-23: the PopSteer-selected neurons
/// get N(0, noise_xi²) per user and neuron).
///
/// Options ([options.steer]): norm = "group" | "global", noise_xi (1.0),
/// block (8 configs per evaluator call), chunk_rows (256).
#include <torch/torch.h>

#include <filesystem>

#include "core/seed.h"
#include "pipeline/kinds.h"
#include "pipeline/neuron_artifact.h"
#include "pipeline/sae_artifact.h"
#include "steering/steer_vector.h"

namespace popsteer::pipeline {
namespace {

namespace fs = std::filesystem;

struct SteerSettings {
  std::string norm = "group";
  double noise_xi = 1.0;
  int64_t block = 8;
  int64_t chunk_rows = 256;
  static SteerSettings from_config(config::Section s) {
    SteerSettings o;
    o.norm = s.get_string("norm", o.norm, {"group", "global"});
    o.noise_xi = s.get_double("noise_xi", o.noise_xi, {0, 1e6});
    o.block = s.get_int("block", o.block, {1, 4096});
    o.chunk_rows = s.get_int("chunk_rows", o.chunk_rows, {1, 1e6});
    s.finish();
    return o;
  }
};

struct Planned {
  std::string variant;
  steering::SteerConfig config;
  steering::SteerRequest request;
  RowIdentity id;
};

std::string number(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

void check_steer_options(config::Section s) { SteerSettings::from_config(s); }

std::vector<sweep::ResultRow> run_steer(const sweep::Task& t, sweep::TaskContext& ctx) {
  const auto start = std::chrono::steady_clock::now();
  setup_threads();
  const json params = json::parse(t.params);
  const EvalSettings eval = EvalSettings::from_json(params.at("eval"));
  auto doc = options_document(params.value("options", json::object()), "steer");
  const SteerSettings ss = SteerSettings::from_config(doc->root());

  auto dataset = load_prepared(ctx.input_dirs.at(0));
  const std::string sae_dir = ctx.input_dirs.at(2);
  SaeInfo info;
  sae::SparseAutoencoder model = load_sae(sae_dir, &info);
  const torch::Tensor items = load_tensor((fs::path(sae_dir) / kItemsFile).string());
  const steering::NeuronTable table = load_neuron_table((fs::path(ctx.input_dirs.at(3)) / kNeuronFile).string());
  const bool masks_history = t.backbone == "lightgcn";
  const std::string upstream = t.inputs.at(3);

  std::vector<Planned> planned;
  for (const auto& c : params.at("configs")) {
    Planned p;
    p.variant = c.at("variant").get<std::string>();
    p.config.alpha_pop = c.at("alpha_pop").get<double>();
    p.config.alpha_unpop = c.at("alpha_unpop").get<double>();
    if (c.contains("beta")) {
      p.config.beta = c.at("beta").get<double>();
    } else {
      p.config.beta.reset();
      p.config.count = c.at("n_neurons").get<int64_t>();
    }
    p.config.norm = ss.norm == "global" ? steering::Normalisation::kGlobal : steering::Normalisation::kPerGroup;
    json pj = c;
    pj["scale"] = info.scale;
    pj["k_sae"] = info.k;
    pj["norm"] = ss.norm;
    double xi = 0;
    if (p.variant == "popsteer") {
      p.request.shift = steering::steer_vector(table.d, table.sigma, p.config);
    } else if (p.variant == "randomselect") {
      p.request.shift = steering::random_select_vector(table.d, table.sigma, p.config,
                                                       derive_seed(ctx.seed, "randomselect/" + c.dump()));
    } else if (p.variant == "noise") {
      const steering::Selection sel = steering::select_neurons(table.d, p.config);
      p.request.noise_neurons = sel.pop;
      p.request.noise_neurons.insert(p.request.noise_neurons.end(), sel.unpop.begin(), sel.unpop.end());
      // xi: the config's own value when the sweep has a [steering] noise_xi grid,
      // else the one [options.steer] noise_xi.
      xi = c.contains("xi") ? c.at("xi").get<double>() : ss.noise_xi;
      p.request.noise_xi = xi;
      // The seed ignores xi: every xi of a grid scales the same ε draws (a clean curve),
      // and a sweep without the grid keeps the seeds it always had.
      json seed_key = c;
      seed_key.erase("xi");
      p.request.noise_seed = derive_seed(ctx.seed, "noise/" + seed_key.dump());
      pj["xi"] = xi;
    } else {
      throw std::runtime_error("unknown steering variant '" + p.variant + "'");
    }
    const std::string pjs = pj.dump();
    p.id = RowIdentity{sweep::config_id(upstream, p.variant, pjs), p.variant, pjs,
                       p.variant + " " + p.config.label() + (p.variant == "noise" ? " xi=" + number(xi) : "") +
                           " s=" + std::to_string(info.scale) + " k=" + std::to_string(info.k)};
    planned.push_back(std::move(p));
  }
  const double setup_s = elapsed_since(start);

  std::vector<sweep::ResultRow> rows;
  const int64_t total = static_cast<int64_t>(planned.size() * eval.splits.size());
  int64_t done = 0;
  for (const auto& split : eval.splits) {
    const torch::Tensor z = load_tensor((fs::path(sae_dir) / z_file(split)).string());
    steering::EvaluatorOptions eo;
    eo.top_k = eval.max_k();
    eo.chunk_rows = ss.chunk_rows;
    eo.exclude = history_exclusions(*dataset, masks_history, parse_split(split));
    steering::SteeringEvaluator ev(steering_inputs(z, *model, items), eo);
    for (size_t b = 0; b < planned.size(); b += static_cast<size_t>(ss.block)) {
      ctx.check_stop();
      const auto block_start = std::chrono::steady_clock::now();
      const size_t e = std::min(planned.size(), b + static_cast<size_t>(ss.block));
      std::vector<steering::SteerRequest> requests;
      for (size_t i = b; i < e; ++i) requests.push_back(planned[i].request);
      const auto lists = ev.rank(requests);
      const double per = elapsed_since(block_start) / static_cast<double>(e - b) +
                         setup_s / static_cast<double>(total);
      for (size_t i = b; i < e; ++i) {
        auto r = evaluate_rows(t, planned[i].id, split, lists[i - b], *dataset, eval, per);
        rows.insert(rows.end(), r.begin(), r.end());
      }
      done += static_cast<int64_t>(e - b);
      ctx.report(done, total, "steer " + split);
    }
  }
  return rows;
}

}  // namespace popsteer::pipeline
