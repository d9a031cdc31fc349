/// backbone: trains SASRec / LightGCN with the task seed, saves the checkpoint, caches the
/// top-L candidate lists of every evaluation split (history masked first where the
/// backbone masks history) and writes the "base" rows.
///
/// Options ([options.backbone]): the [backbone] table of models::BackboneConfig without
/// `model` and `seed` (those come from the sweep's backbone name and the task seed):
/// [options.backbone.sasrec], [options.backbone.lightgcn], [options.backbone.train];
/// plus `candidates = L` (0 = what the sweep's baselines need, at least 250).
#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "core/seed.h"
#include "models/checkpoint.h"
#include "models/device.h"
#include "models/factory.h"
#include "models/trainer.h"
#include "metrics/ranking.h"
#include "pipeline/common.h"
#include "pipeline/rerank_inputs.h"
#include "pipeline/sae_artifact.h"
#include "pipeline/kinds.h"
#include "sweep/task_kind.h"

namespace popsteer::pipeline {
namespace {

namespace fs = std::filesystem;

struct BackboneSettings {
  int64_t candidates = 0;
  models::BackboneConfig config;

  static BackboneSettings from_config(config::Section s) {
    BackboneSettings b;
    for (const char* key : {"model", "seed"})
      if (s.has(key))
        s.fail(key, std::string("'") + key + "' comes from the sweep (backbones / seeds), not from options");
    b.candidates = s.get_int("candidates", 0, {0, 1e6});
    b.config = models::BackboneConfig::from_config(s);
    return b;
  }
};


}  // namespace

void check_backbone_options(config::Section s) { BackboneSettings::from_config(s); }

std::vector<sweep::ResultRow> run_backbone(const sweep::Task& t, sweep::TaskContext& ctx,
                                           const PipelineSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  setup_threads();
  const json params = json::parse(t.params);
  const EvalSettings eval = EvalSettings::from_json(params.at("eval"));
  auto doc = options_document(params.value("options", json::object()), "backbone");
  BackboneSettings bs = BackboneSettings::from_config(doc->root());
  bs.config.model = params.at("backbone").get<std::string>();
  // Seeds only from the task seed (which derives from the sweep seed and the task id).
  bs.config.seed = static_cast<int64_t>(derive_seed(ctx.seed, "backbone-config") >> 2);

  auto dataset = load_prepared(ctx.input_dirs.at(0));
  auto backbone = models::make_backbone(bs.config, dataset, models::select_device());
  const auto train_start = std::chrono::steady_clock::now();
  const models::TrainReport report = models::train_backbone(
      *backbone, bs.config.train, derive_seed(ctx.seed, "backbone-train"),
      [&](const models::EpochRecord& rec, const models::TrainOptions& opt) {
        ctx.report(rec.epoch, opt.max_epochs,
                   models::format_epoch_line(bs.config.model, rec, opt, elapsed_since(train_start)));
        ctx.check_stop();
      });
  models::save_checkpoint((fs::path(ctx.artifact_dir) / kBackboneFile).string(), *backbone, bs.config, report);
  const double train_s = elapsed_since(start);

  // Candidate lists: long enough for every baseline's t, and for the base top-K.
  int64_t L = bs.candidates > 0 ? bs.candidates : settings.candidate_length;
  L = std::max<int64_t>(L, eval.max_k());
  L = std::min<int64_t>(L, dataset->n_items);
  const std::vector<int32_t> users = eval_users(*dataset);
  std::vector<sweep::ResultRow> rows;
  for (const auto& split : eval.splits) {
    ctx.check_stop();
    const auto split_start = std::chrono::steady_clock::now();
    // Full scores per batch (PAD and, for LightGCN, history at -inf), then the top-L
    // candidates plus each provider group's top-M when the sweep runs P-MMF (§7.3).
    const metrics::CandidateLists cand = backbone_candidates(*backbone, users, parse_split(split),
                                                             static_cast<int32_t>(L),
                                                             static_cast<int32_t>(settings.per_group));
    const int64_t U = static_cast<int64_t>(users.size());
    auto as_tensor = [](const auto& v, std::vector<int64_t> shape, torch::Dtype type) {
      return torch::from_blob(const_cast<void*>(static_cast<const void*>(v.data())), shape, type).clone();
    };
    const torch::Tensor all_items = as_tensor(cand.items, {U, cand.width}, torch::kInt32);
    const torch::Tensor all_scores = as_tensor(cand.scores, {U, cand.width}, torch::kFloat32);
    const torch::Tensor all_sizes = as_tensor(cand.sizes, {U}, torch::kInt32);
    save_tensor(all_items, (fs::path(ctx.artifact_dir) / ("items_" + candidates_file(split))).string());
    save_tensor(all_scores, (fs::path(ctx.artifact_dir) / ("scores_" + candidates_file(split))).string());
    save_tensor(all_sizes, (fs::path(ctx.artifact_dir) / ("sizes_" + candidates_file(split))).string());

    // The base ranking is the head of the candidate list (same order: score desc, id asc).
    const metrics::TopKLists lists = cand.head(eval.max_k());
    const std::string params_json = json{{"backbone", bs.config.model}}.dump();
    const RowIdentity id{sweep::config_id(t.id, "base", params_json), "base", params_json,
                         bs.config.model + " (no re-ranking)"};
    auto r = evaluate_rows(t, id, split, lists, *dataset, eval, elapsed_since(split_start) + train_s / eval.splits.size());
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return rows;
}

}  // namespace popsteer::pipeline
