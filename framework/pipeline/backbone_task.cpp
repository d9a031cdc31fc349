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

constexpr int64_t kCandidateBatch = 1024;  // users per candidate-scoring batch

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
    const data::Split sp = parse_split(split);
    const auto exclude = history_exclusions(*dataset, backbone->masks_history(), sp);
    std::vector<int32_t> cand_items;
    std::vector<float> cand_scores;
    std::vector<int32_t> cand_sizes;
    int32_t width = 0;
    for (size_t b = 0; b < users.size(); b += kCandidateBatch) {
      const size_t e = std::min(users.size(), b + kCandidateBatch);
      const std::vector<int32_t> batch(users.begin() + static_cast<int64_t>(b), users.begin() + static_cast<int64_t>(e));
      const torch::Tensor sc = backbone->scores(batch, sp).to(torch::kCPU).to(torch::kFloat32).contiguous();
      metrics::RankOptions ro;
      if (!exclude.empty()) ro.exclude = std::span<const std::span<const int32_t>>(exclude.data() + b, e - b);
      const metrics::CandidateLists c = metrics::top_candidates(
          metrics::ScoreMatrix{{sc.data_ptr<float>(), static_cast<size_t>(sc.numel())}, sc.size(0), sc.size(1)},
          static_cast<int32_t>(L), ro, dataset->item_group, static_cast<int32_t>(settings.per_group));
      width = c.width;
      cand_items.insert(cand_items.end(), c.items.begin(), c.items.end());
      cand_scores.insert(cand_scores.end(), c.scores.begin(), c.scores.end());
      cand_sizes.insert(cand_sizes.end(), c.sizes.begin(), c.sizes.end());
    }
    const int64_t U = static_cast<int64_t>(users.size());
    const torch::Tensor all_items = torch::from_blob(cand_items.data(), {U, width}, torch::kInt32).clone();
    const torch::Tensor all_scores = torch::from_blob(cand_scores.data(), {U, width}, torch::kFloat32).clone();
    const torch::Tensor all_sizes = torch::from_blob(cand_sizes.data(), {U}, torch::kInt32).clone();
    save_tensor(all_items, (fs::path(ctx.artifact_dir) / ("items_" + candidates_file(split))).string());
    save_tensor(all_scores, (fs::path(ctx.artifact_dir) / ("scores_" + candidates_file(split))).string());
    save_tensor(all_sizes, (fs::path(ctx.artifact_dir) / ("sizes_" + candidates_file(split))).string());

    // The base ranking is the head of the candidate list (same order: score desc, id asc).
    const int32_t K = eval.max_k();
    metrics::TopKLists lists = metrics::TopKLists::empty(static_cast<int64_t>(users.size()), K);
    const auto ia = all_items.accessor<int32_t, 2>();
    for (int64_t r = 0; r < lists.n_rows; ++r)
      for (int32_t j = 0; j < K && j < cand_sizes[static_cast<size_t>(r)]; ++j) lists.row(r)[static_cast<size_t>(j)] = ia[r][j];
    const std::string params_json = json{{"backbone", bs.config.model}}.dump();
    const RowIdentity id{sweep::config_id(t.id, "base", params_json), "base", params_json,
                         bs.config.model + " (no re-ranking)"};
    auto r = evaluate_rows(t, id, split, lists, *dataset, eval, elapsed_since(split_start) + train_s / eval.splits.size());
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return rows;
}

}  // namespace popsteer::pipeline
