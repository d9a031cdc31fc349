/// rerank: a block of one baseline's configs over the backbone task's cached candidate
/// lists (already history-masked for LightGCN, §6.1/A-26) -> rows. No LibTorch model is
/// loaded (only the checkpoint's config, for the SASRec window); the candidates are read
/// once per split and reused by every config.
///
/// Profiles (DUOR pop_u, PCT f_u): SASRec = the user's input window (last max_seq_len
/// items of the split's context); LightGCN = the user's training items.
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "models/checkpoint.h"
#include "pipeline/kinds.h"
#include "pipeline/rerank_inputs.h"
#include "rerank/registry.h"

namespace popsteer::pipeline {
namespace {

namespace fs = std::filesystem;

/// The cached candidates of `split` as metrics::CandidateLists (rows = eval users).
metrics::CandidateLists read_candidates(const std::string& backbone_dir, const std::string& split) {
  const torch::Tensor items = load_tensor((fs::path(backbone_dir) / ("items_" + candidates_file(split))).string());
  const torch::Tensor scores = load_tensor((fs::path(backbone_dir) / ("scores_" + candidates_file(split))).string());
  const torch::Tensor sizes = load_tensor((fs::path(backbone_dir) / ("sizes_" + candidates_file(split))).string());
  metrics::CandidateLists c = metrics::CandidateLists::empty(items.size(0), static_cast<int32_t>(items.size(1)));
  std::copy_n(items.data_ptr<int32_t>(), items.numel(), c.items.begin());
  std::copy_n(scores.data_ptr<float>(), scores.numel(), c.scores.begin());
  std::copy_n(sizes.data_ptr<int32_t>(), sizes.numel(), c.sizes.begin());
  return c;
}

}  // namespace

rerank::ParamValues baseline_params(const std::string& method, const json& config, const SourceLocation& where) {
  const rerank::RerankerInfo& info = rerank::find_reranker(method, where);
  std::vector<std::pair<std::string, std::string>> kv;
  for (const auto& [name, value] : config.items())
    kv.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
  return rerank::ParamValues::parse(info.params, kv, method, where);
}

void check_rerank_options(config::Section s) {
  s.get_int("threads", 0, {0, 1024});
  s.finish();
}

std::vector<sweep::ResultRow> run_rerank(const sweep::Task& t, sweep::TaskContext& ctx) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t torch_threads = setup_threads();
  const json params = json::parse(t.params);
  const EvalSettings eval = EvalSettings::from_json(params.at("eval"));
  auto doc = options_document(params.value("options", json::object()), "rerank");
  config::Section os = doc->root();
  const int64_t threads_opt = os.get_int("threads", 0, {0, 1024});
  os.finish();
  const std::string method = params.at("method").get<std::string>();

  auto dataset = load_prepared(ctx.input_dirs.at(0));
  const std::string backbone_dir = ctx.input_dirs.at(1);
  const std::string upstream = t.inputs.at(1);
  const bool sequential = t.backbone != "lightgcn";
  // SASRec profiles = the model's own input window: max_seq_len of the checkpoint's
  // resolved config (what `popsteer evaluate --method` uses too).
  int64_t window = 0;
  if (sequential) {
    const std::string ckpt = (std::filesystem::path(backbone_dir) / kBackboneFile).string();
    window = models::stored_config(models::read_checkpoint_info(ckpt), ckpt).sasrec.max_seq_len();
  }

  struct Config {
    std::unique_ptr<rerank::Reranker> reranker;
    RowIdentity id;
  };
  std::vector<Config> configs;
  for (const auto& c : params.at("configs")) {
    const rerank::ParamValues pv = baseline_params(method, c, {});
    Config cfg{rerank::find_reranker(method).make(pv), {}};
    cfg.id = RowIdentity{sweep::config_id(upstream, method, pv.json()), method, pv.json(), method + " " + pv.label()};
    configs.push_back(std::move(cfg));
  }
  const double setup_s = elapsed_since(start);
  const std::vector<int32_t> users = eval_users(*dataset);
  const rerank::ItemLabels labels{dataset->n_items, dataset->item_group, dataset->train_count, dataset->pareto_head};

  std::vector<sweep::ResultRow> rows;
  const int64_t total = static_cast<int64_t>(configs.size() * eval.splits.size());
  int64_t done = 0;
  for (const auto& split : eval.splits) {
    const auto load_start = std::chrono::steady_clock::now();
    const metrics::CandidateLists cand = read_candidates(backbone_dir, split);
    const auto profiles = rerank_profiles(*dataset, users, parse_split(split), sequential, window);
    const double load_s = elapsed_since(load_start);
    rerank::RerankInput in;
    in.candidates = &cand;
    in.users = users;
    in.profiles = profiles;
    in.labels = labels;
    in.k = eval.max_k();
    in.n_threads = static_cast<int>(threads_opt > 0 ? threads_opt : torch_threads);
    for (const auto& cfg : configs) {
      ctx.check_stop();
      const auto cfg_start = std::chrono::steady_clock::now();
      const metrics::TopKLists lists = cfg.reranker->rerank(in);
      auto r = evaluate_rows(t, cfg.id, split, lists, *dataset, eval,
                             elapsed_since(cfg_start) + (setup_s + load_s * eval.splits.size()) / total);
      rows.insert(rows.end(), r.begin(), r.end());
      ctx.report(++done, total, method + " " + split);
    }
  }
  return rows;
}

}  // namespace popsteer::pipeline
