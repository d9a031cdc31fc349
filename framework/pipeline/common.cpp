#include "pipeline/common.h"

#include <torch/serialize.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "data/dataset_io.h"
#include "models/checkpoint.h"
#include "models/device.h"

namespace popsteer::pipeline {
namespace {

namespace fs = std::filesystem;

/// TOML text of a JSON value; objects become inline tables (the readers do not care).
std::string toml_value(const json& v) {
  if (v.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : v.items()) {
      out += (first ? " " : ", ") + json(key).dump() + " = " + toml_value(value);
      first = false;
    }
    return out + (first ? "}" : " }");
  }
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + toml_value(v[i]);
    return out + "]";
  }
  if (v.is_number_float()) {
    std::string s = v.dump();
    // JSON may print 1e-05 or 2.0; TOML floats need a '.' or exponent, which dump keeps.
    if (s.find_first_of(".eE") == std::string::npos) s += ".0";
    return s;
  }
  return v.dump();  // integers, booleans, strings (JSON escapes are valid TOML)
}

}  // namespace

std::string candidates_file(const std::string& split) { return "candidates_" + split + ".pt"; }
std::string z_file(const std::string& split) { return "z_" + split + ".pt"; }

std::shared_ptr<config::Document> options_document(const json& options, const std::string& kind) {
  std::string text;
  if (options.is_object())
    for (const auto& [key, value] : options.items()) text += json(key).dump() + " = " + toml_value(value) + "\n";
  return config::Document::parse_string(text, "[options." + kind + "]");
}

int64_t setup_threads() {
  int64_t threads = 0;
  if (const char* env = std::getenv("POPSTEER_THREADS")) threads = std::atoll(env);
  if (threads <= 0) {
    int64_t local = 1;
    if (const char* env = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE")) local = std::max<int64_t>(1, std::atoll(env));
    threads = std::max<int64_t>(1, models::available_cores() / local);
  }
  return models::set_torch_threads(threads);
}

int32_t EvalSettings::max_k() const {
  int64_t m = 1;
  for (int64_t v : k) m = std::max(m, v);
  return static_cast<int32_t>(m);
}

EvalSettings EvalSettings::from_json(const json& eval) {
  EvalSettings e;
  e.k = eval.at("k").get<std::vector<int64_t>>();
  // The sweep's tau is "lists an item must be in to count"; 0 and 1 both mean any list.
  e.tau = std::max<int64_t>(1, static_cast<int64_t>(std::llround(eval.at("tau").get<double>())));
  e.splits = eval.at("splits").get<std::vector<std::string>>();
  return e;
}

data::Split parse_split(const std::string& split) {
  if (split == "valid") return data::Split::kValid;
  if (split == "test") return data::Split::kTest;
  throw UserError("unknown split '" + split + "' (valid, test)");
}

std::vector<int32_t> eval_users(const data::Dataset& dataset) {
  std::vector<int32_t> users(static_cast<size_t>(dataset.n_users));
  for (int32_t u = 1; u <= dataset.n_users; ++u) users[static_cast<size_t>(u - 1)] = u;
  return users;
}

std::shared_ptr<const data::Dataset> load_prepared(const std::string& prepare_dir) {
  return std::make_shared<data::Dataset>(data::load_dataset((fs::path(prepare_dir) / kDatasetFile).string()));
}

std::unique_ptr<models::TrainableBackbone> load_backbone(const std::string& backbone_dir,
                                                         std::shared_ptr<const data::Dataset> dataset) {
  return models::load_checkpoint((fs::path(backbone_dir) / kBackboneFile).string(), std::move(dataset),
                                 models::select_device());
}

std::vector<sweep::ResultRow> evaluate_rows(const sweep::Task& task, const RowIdentity& id,
                                            const std::string& split,
                                            const metrics::TopKLists& lists,
                                            const data::Dataset& dataset, const EvalSettings& eval,
                                            double seconds) {
  const data::Split sp = parse_split(split);
  std::vector<int32_t> targets;
  targets.reserve(static_cast<size_t>(dataset.n_users));
  for (int32_t u = 1; u <= dataset.n_users; ++u) targets.push_back(dataset.target(u, sp));
  const metrics::Relevance relevant = metrics::Relevance::single(targets);
  const metrics::ItemInfo items{dataset.n_items, dataset.item_group, dataset.train_count};
  std::vector<sweep::ResultRow> rows;
  for (int64_t k : eval.k) {
    metrics::MetricOptions mo;
    mo.k = static_cast<int32_t>(k);
    mo.tau = eval.tau;
    const metrics::MetricSet m = metrics::evaluate(lists, relevant, items, mo);
    sweep::ResultRow r;
    r.task_id = task.id;
    r.config_id = id.config_id;
    r.dataset = task.dataset;
    r.backbone = task.backbone;
    r.backbone_seed = task.backbone_seed;
    r.method = id.method;
    r.params_json = id.params_json;
    r.label = id.label;
    r.split = split;
    r.k = k;
    r.ndcg = m.ndcg;
    r.ndcg_head = m.ndcg_head;
    r.ndcg_tail = m.ndcg_tail;
    r.ndcg_nonhead = m.ndcg_nonhead;
    r.hit = m.hit;
    r.mrr = m.mrr;
    r.coverage = m.coverage;
    r.gini = m.gini;
    r.arp = m.arp;
    r.aplt = m.aplt;
    r.dltc = m.dltc;
    r.users = m.users;
    r.seconds = seconds / static_cast<double>(eval.k.size());
    rows.push_back(std::move(r));
  }
  return rows;
}

double elapsed_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void save_tensor(const torch::Tensor& t, const std::string& path) { torch::save(t.contiguous().cpu(), path); }

torch::Tensor load_tensor(const std::string& path) {
  if (!fs::exists(path)) throw std::runtime_error("missing artifact " + path);
  torch::Tensor t;
  torch::load(t, path);
  return t;
}

}  // namespace popsteer::pipeline
