/// sae: trains the TopK SAE on the backbone's sae_training_inputs() (frozen, computed
/// once), caches z of every evaluation user (valid and test) and the item embeddings, and
/// writes the "sae" rows (the unsteered reconstruction).
///
/// Options ([options.sae]): sae::SaeTrainOptions keys (lr, plateau_factor,
/// plateau_patience, patience, max_epochs, batch_size, gao_decoder_norm),
/// compat = "thesis" | "code" and backbone_dropout = false | true (A-14: SASRec in train
/// mode, fresh dropout masks every SAE epoch; LightGCN rejects it).
#include <torch/serialize.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "core/seed.h"
#include "models/backbone.h"
#include "pipeline/kinds.h"
#include "pipeline/sae_artifact.h"
#include "sae/trainer.h"
#include "sweep/task_kind.h"

namespace popsteer::pipeline {
namespace {

namespace fs = std::filesystem;

struct SaeSettings {
  std::string compat = "thesis";
  bool backbone_dropout = false;  ///< A-14, ALGORITHMS.md's sae_backbone_dropout
  sae::SaeTrainOptions train;
  static SaeSettings from_config(config::Section s) {
    SaeSettings o;
    o.compat = s.get_string("compat", o.compat, {"thesis", "code"});
    o.backbone_dropout = s.get_bool("backbone_dropout", o.backbone_dropout);
    o.train = sae::SaeTrainOptions::from_config(s);
    return o;
  }
};

constexpr int64_t kUserBatch = 2048;

}  // namespace

json SaeInfo::to_json() const {
  return {{"dim", dim}, {"scale", scale}, {"k", k}, {"compat", compat}, {"valid_fvu", valid_fvu},
          {"dead_fraction", dead_fraction}, {"best_epoch", best_epoch}, {"epochs", epochs}};
}

SaeInfo SaeInfo::from_json(const json& j) {
  SaeInfo i;
  i.dim = j.at("dim");
  i.scale = j.at("scale");
  i.k = j.at("k");
  i.compat = j.at("compat");
  i.valid_fvu = j.at("valid_fvu");
  i.dead_fraction = j.at("dead_fraction");
  i.best_epoch = j.at("best_epoch");
  i.epochs = j.at("epochs");
  return i;
}

sae::SparseAutoencoder load_sae(const std::string& sae_dir, SaeInfo* info_out) {
  std::ifstream in(fs::path(sae_dir) / kSaeInfoFile);
  if (!in) throw std::runtime_error("missing artifact " + (fs::path(sae_dir) / kSaeInfoFile).string());
  const SaeInfo info = SaeInfo::from_json(json::parse(in));
  sae::SaeOptions o(info.dim, info.scale, info.k);
  o.compat(info.compat == "code" ? sae::SaeCompat::kCode : sae::SaeCompat::kThesis);
  sae::SparseAutoencoder model(o);
  torch::load(model, (fs::path(sae_dir) / kSaeFile).string());
  model->eval();
  if (info_out) *info_out = info;
  return model;
}

torch::Tensor user_representations(models::Backbone& backbone, const std::vector<int32_t>& users,
                                   data::Split split) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (size_t b = 0; b < users.size(); b += kUserBatch) {
    const std::vector<int32_t> batch(users.begin() + static_cast<int64_t>(b),
                                     users.begin() + static_cast<int64_t>(std::min(users.size(), b + kUserBatch)));
    parts.push_back(backbone.user_representation(batch, split).to(torch::kCPU).to(torch::kFloat32));
  }
  return torch::cat(parts).contiguous();
}

std::vector<std::span<const int32_t>> history_exclusions(const data::Dataset& dataset, bool masks_history,
                                                         data::Split split) {
  std::vector<std::span<const int32_t>> out;
  if (!masks_history) return out;
  for (int32_t u = 1; u <= dataset.n_users; ++u) out.push_back(dataset.context(u, split));
  return out;
}

steering::SteeringInputs steering_inputs(const torch::Tensor& z, sae::SparseAutoencoderImpl& model,
                                         const torch::Tensor& items) {
  steering::SteeringInputs in;
  in.z = z.contiguous();
  in.w_dec = model.w_dec.detach().to(torch::kCPU).contiguous();
  in.b_pre = model.b_pre.detach().to(torch::kCPU).contiguous();
  in.items = items.contiguous();
  in.k_sae = model.options().k();
  return in;
}

void check_sae_options(config::Section s) { SaeSettings::from_config(s); }

std::vector<sweep::ResultRow> run_sae(const sweep::Task& t, sweep::TaskContext& ctx) {
  const auto start = std::chrono::steady_clock::now();
  setup_threads();
  const json params = json::parse(t.params);
  const EvalSettings eval = EvalSettings::from_json(params.at("eval"));
  auto doc = options_document(params.value("options", json::object()), "sae");
  SaeSettings ss = SaeSettings::from_config(doc->root());
  ss.train.seed = derive_seed(ctx.seed, "sae-train");
  const int64_t scale = params.at("scale"), k = params.at("k");

  auto dataset = load_prepared(ctx.input_dirs.at(0));
  auto backbone = load_backbone(ctx.input_dirs.at(1), dataset);
  const std::vector<int32_t> users = eval_users(*dataset);
  torch::Tensor train, valid;
  {
    torch::NoGradGuard no_grad;
    train = backbone->sae_training_inputs().to(torch::kCPU).to(torch::kFloat32).contiguous();
  }
  valid = user_representations(*backbone, users, data::Split::kValid);
  sae::SaeOptions so(backbone->dim(), scale, k);
  so.compat(ss.compat == "code" ? sae::SaeCompat::kCode : sae::SaeCompat::kThesis);
  sae::SaeTrainReport report;
  sae::SparseAutoencoder model = sae::train_sae(so, train, valid, ss.train, &report, [&](const sae::SaeEpochStats& e) {
    ctx.report(e.epoch + 1, ss.train.max_epochs,
               "sae s=" + std::to_string(scale) + " k=" + std::to_string(k) + " epoch " + std::to_string(e.epoch + 1) +
                   " loss=" + std::to_string(e.train_loss) + " valid_fvu=" + std::to_string(e.valid_fvu) +
                   " dead=" + std::to_string(e.dead_fraction));
    ctx.check_stop();
  }, ss.backbone_dropout ? models::dropout_sae_inputs(*backbone, ss.train.seed) : sae::EpochInputs{});
  model->eval();
  torch::save(model, (fs::path(ctx.artifact_dir) / kSaeFile).string());
  SaeInfo info{backbone->dim(), scale, k, ss.compat, report.valid_fvu, report.dead_fraction,
               report.best_epoch, report.epochs};
  std::ofstream(fs::path(ctx.artifact_dir) / kSaeInfoFile) << info.to_json().dump(2) << "\n";

  // Cache what steering needs: item embeddings and z of every evaluation user.
  torch::Tensor items;
  {
    torch::NoGradGuard no_grad;
    items = backbone->item_embeddings().detach().to(torch::kCPU).to(torch::kFloat32).contiguous();
  }
  save_tensor(items, (fs::path(ctx.artifact_dir) / kItemsFile).string());
  std::map<std::string, torch::Tensor> z;
  for (const std::string split : {"valid", "test"}) {
    ctx.check_stop();
    torch::NoGradGuard no_grad;
    const torch::Tensor h = split == "valid" ? valid : user_representations(*backbone, users, data::Split::kTest);
    z[split] = model->pre_activations(h).contiguous();
    save_tensor(z[split], (fs::path(ctx.artifact_dir) / z_file(split)).string());
  }
  const double train_s = elapsed_since(start);

  std::vector<sweep::ResultRow> rows;
  const std::string params_json = json{{"scale", scale}, {"k", k}}.dump();
  const RowIdentity id{sweep::config_id(t.id, "sae", params_json), "sae", params_json,
                       "sae s=" + std::to_string(scale) + " k=" + std::to_string(k) + " (unsteered)"};
  for (const auto& split : eval.splits) {
    const auto split_start = std::chrono::steady_clock::now();
    steering::EvaluatorOptions eo;
    eo.top_k = eval.max_k();
    eo.exclude = history_exclusions(*dataset, backbone->masks_history(), parse_split(split));
    steering::SteeringEvaluator ev(steering_inputs(z.at(split), *model, items), eo);
    const std::vector<steering::SteerRequest> block(1);
    const auto lists = ev.rank(block);
    auto r = evaluate_rows(t, id, split, lists.at(0), *dataset, eval,
                           elapsed_since(split_start) + train_s / eval.splits.size());
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return rows;
}

}  // namespace popsteer::pipeline
