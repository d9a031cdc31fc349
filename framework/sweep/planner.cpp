#include "sweep/planner.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "core/error.h"
#include "core/hash.h"
#include "core/progress.h"
#include "core/text.h"

namespace popsteer::sweep {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::vector<json> steering_configs(const SweepSpec& sp) {
  std::vector<json> out;
  auto as_json = [](const auto& v) { return std::vector<json>(v.begin(), v.end()); };
  for (const auto& variant : sp.variants) {
    std::vector<GridAxis> base{{"alpha_pop", as_json(sp.alpha_pop)},
                               {"alpha_unpop", as_json(sp.alpha_unpop)}};
    if (variant == "noise" && !sp.noise_xi.empty()) base.push_back({"xi", as_json(sp.noise_xi)});
    if (!sp.beta.empty()) {
      auto axes = base;
      axes.push_back({"beta", as_json(sp.beta)});
      for (auto c : expand_grid(axes)) { c["variant"] = variant; out.push_back(c); }
    }
    if (!sp.n_neurons.empty()) {
      auto axes = base;
      axes.push_back({"n_neurons", as_json(sp.n_neurons)});
      for (auto c : expand_grid(axes)) { c["variant"] = variant; out.push_back(c); }
    }
  }
  return out;
}

json option_of(const SweepSpec& sp, const std::string& kind) {
  return sp.options.contains(kind) ? sp.options[kind] : json::object();
}

/// Planner-side description of a task (not part of its id).
struct Info {
  std::string label, dataset, backbone;
  int64_t backbone_seed = 0;
  int64_t expected_rows = 0;
};

class Builder {
 public:
  Builder(const SweepSpec& sp, const TaskKindRegistry& kinds, Plan& plan)
      : sp_(sp), kinds_(kinds), plan_(plan) {}

  /// Adds a task (or finds the identical one already planned) and returns its id.
  std::string add(const std::string& kind, json params, std::vector<std::string> inputs,
                  const std::string& dataset_hash, const Info& info) {
    Task t = make_task(kind, params.dump(), std::move(inputs), dataset_hash);
    auto it = plan_.index.find(t.id);
    if (it != plan_.index.end()) return t.id;
    const TaskKind& k = kinds_.get(kind);
    t.label = info.label;
    t.dataset = info.dataset;
    t.backbone = info.backbone;
    t.backbone_seed = info.backbone_seed;
    t.expected_rows = info.expected_rows;
    t.stage = k.stage;
    for (const auto& in : t.inputs)
      if (plan_.tasks[plan_.index.at(in)].stage >= t.stage)
        throw std::logic_error("kind " + kind + " reads a task of the same or a later stage");
    t.cost = sp_.cost.contains(kind) ? sp_.cost[kind].get<double>() + k.cost_per_row * t.expected_rows
                                     : k.estimate(t);
    plan_.index.emplace(t.id, plan_.tasks.size());
    plan_.tasks.push_back(std::move(t));
    if (static_cast<int64_t>(plan_.tasks.size()) > sp_.max_tasks) {
      config::Section root = sp_.document->root();
      throw UserError(root.where("max_tasks"),
                      "the sweep plans more than max_tasks = " + std::to_string(sp_.max_tasks) +
                          " tasks; shrink a grid, raise the block sizes or raise max_tasks");
    }
    return plan_.tasks.back().id;
  }

 private:
  const SweepSpec& sp_;
  const TaskKindRegistry& kinds_;
  Plan& plan_;
};

void validate(const SweepSpec& sp, const TaskKindRegistry& kinds, const PlannerOptions& opt) {
  config::Section root = sp.document->root();
  for (const auto& b : sp.baselines)
    if (std::find(opt.known_rerankers.begin(), opt.known_rerankers.end(), b.method) ==
        opt.known_rerankers.end())
      root.section("baselines").fail(b.method, "unknown method '" + b.method + "'" +
                                                   did_you_mean(b.method, opt.known_rerankers) +
                                                   "; known: " + join(opt.known_rerankers));
  if (sp.steering)
    for (const auto& v : sp.variants)
      if (std::find(opt.known_variants.begin(), opt.known_variants.end(), v) == opt.known_variants.end())
        root.section("steering").fail("variant", "unknown steering variant '" + v + "'" +
                                                     did_you_mean(v, opt.known_variants) +
                                                     "; known: " + join(opt.known_variants));
  for (const auto& [kind, table] : sp.options.items()) {
    config::Section o = root.section("options");
    if (!kinds.has(kind)) o.fail(kind, "options for unknown task kind '" + kind + "'" + did_you_mean(kind, kinds.names()));
    const TaskKind& k = kinds.get(kind);
    if (k.check_options) k.check_options(o.section(kind));
    else if (!table.empty()) o.fail(kind, "task kind '" + kind + "' takes no options");
  }
  for (const auto& [kind, v] : sp.cost.items())
    if (!kinds.has(kind))
      root.section("cost").fail(kind, "unknown task kind '" + kind + "'" + did_you_mean(kind, kinds.names()));
}

}  // namespace

std::vector<int> Plan::stages() const {
  std::set<int> s;
  for (const auto& t : tasks) s.insert(t.stage);
  return {s.begin(), s.end()};
}

std::vector<size_t> Plan::stage_tasks(int stage) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < tasks.size(); ++i)
    if (tasks[i].stage == stage) out.push_back(i);
  return out;
}

int64_t Plan::expected_rows() const {
  int64_t n = 0;
  for (const auto& t : tasks) n += t.expected_rows;
  return n;
}

Plan make_plan(const SweepSpec& sp, const TaskKindRegistry& kinds, const PlannerOptions& opt) {
  validate(sp, kinds, opt);
  Plan plan;
  plan.sweep = sp.name;
  plan.seed = sp.seed;
  Builder b(sp, kinds, plan);
  const json eval = {{"k", sp.eval_k}, {"tau", sp.eval_tau}, {"splits", sp.splits}};
  const int64_t rows_per_config = static_cast<int64_t>(sp.eval_k.size() * sp.splits.size());
  const auto steer = sp.steering ? steering_configs(sp) : std::vector<json>{};

  for (const auto& ds : sp.datasets) {
    const std::string dh = opt.dataset_hash ? opt.dataset_hash(ds) : dataset_content_hash(sp.data_root, ds);
    const std::string prep = b.add("prepare", {{"dataset", ds}, {"options", option_of(sp, "prepare")}}, {}, dh,
                                   Info{"prepare " + ds, ds, "", 0, 0});
    for (const auto& bb : sp.backbones)
      for (const int64_t seed : sp.seeds) {
        const std::string tag = ds + "/" + bb + "/" + std::to_string(seed);
        Info info{"", ds, bb, seed, 0};
        info.label = "backbone " + tag;
        info.expected_rows = rows_per_config;  // the unmodified backbone ("base")
        const std::string back = b.add(
            "backbone", {{"backbone", bb}, {"seed", seed}, {"eval", eval}, {"options", option_of(sp, "backbone")}},
            {prep}, dh, info);
        for (const auto& bl : sp.baselines) {
          const auto configs = expand_grid(bl.axes);
          const int64_t nb = (static_cast<int64_t>(configs.size()) + sp.rerank_block - 1) / sp.rerank_block;
          for (int64_t blk = 0; blk < nb; ++blk) {
            const auto first = configs.begin() + blk * sp.rerank_block;
            const auto last = configs.begin() + std::min<int64_t>((blk + 1) * sp.rerank_block, configs.size());
            json block = std::vector<json>(first, last);
            info.label = "rerank " + tag + " " + bl.method + " block " + std::to_string(blk + 1) + "/" + std::to_string(nb);
            info.expected_rows = static_cast<int64_t>(block.size()) * rows_per_config;
            b.add("rerank", {{"method", bl.method}, {"configs", block}, {"eval", eval}, {"options", option_of(sp, "rerank")}},
                  {prep, back}, dh, info);
          }
        }
        if (!sp.steering) continue;
        for (const int64_t scale : sp.sae_scale)
          for (const int64_t k : sp.sae_k) {
            const std::string stag = tag + " s=" + std::to_string(scale) + " k=" + std::to_string(k);
            info.label = "sae " + stag;
            info.expected_rows = rows_per_config;  // the unsteered SAE reconstruction
            const std::string sae = b.add(
                "sae", {{"scale", scale}, {"k", k}, {"eval", eval}, {"options", option_of(sp, "sae")}},
                {prep, back}, dh, info);
            info.label = "analyze " + stag;
            info.expected_rows = 0;
            const std::string an = b.add("analyze", {{"options", option_of(sp, "analyze")}},
                                         {prep, back, sae}, dh, info);
            const int64_t nb = (static_cast<int64_t>(steer.size()) + sp.steer_block - 1) / sp.steer_block;
            for (int64_t blk = 0; blk < nb; ++blk) {
              const auto first = steer.begin() + blk * sp.steer_block;
              const auto last = steer.begin() + std::min<int64_t>((blk + 1) * sp.steer_block, steer.size());
              json block = std::vector<json>(first, last);
              info.label = "steer " + stag + " block " + std::to_string(blk + 1) + "/" + std::to_string(nb);
              info.expected_rows = static_cast<int64_t>(block.size()) * rows_per_config;
              b.add("steer", {{"configs", block}, {"eval", eval}, {"options", option_of(sp, "steer")}},
                    {prep, back, sae, an}, dh, info);
            }
          }
      }
  }
  return plan;
}

std::string dataset_content_hash(const std::string& root, const std::string& name) {
  if (name.rfind("synthetic", 0) == 0) return hash_string("synthetic-dataset:" + name);
  std::string base = root;
  if (base.empty()) {
    const char* env = std::getenv("POPSTEER_DATA_ROOT");
    base = env ? env : "data";
  }
  const fs::path p = name.find('/') != std::string::npos ? fs::path(name) : fs::path(base) / name;
  if (!fs::exists(p))
    throw UserError("dataset '" + name + "' not found at " + p.string() +
                    " (set data_root in the sweep file or POPSTEER_DATA_ROOT)");
  if (fs::is_regular_file(p)) return hash_file(p.string());
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(p))
    if (e.is_regular_file()) files.push_back(fs::relative(e.path(), p).string());
  std::sort(files.begin(), files.end());
  Hasher h;
  for (const auto& f : files) h.add(std::string_view(f)).add(std::string_view(hash_file((p / f).string())));
  return h.hex();
}

std::map<std::string, PlanCount> count_plan(const Plan& plan, const TaskKindRegistry& kinds,
                                            const SweepSpec& spec) {
  std::map<std::string, PlanCount> out;
  for (const auto& t : plan.tasks) {
    auto& c = out[t.kind];
    c.stage = t.stage;
    c.tasks += 1;
    c.rows += t.expected_rows;
    c.seconds += t.cost;
  }
  return out;
}

std::string format_plan(const Plan& plan, const TaskKindRegistry& kinds, const SweepSpec& spec) {
  auto counts = count_plan(plan, kinds, spec);
  std::vector<std::pair<std::string, PlanCount>> rows(counts.begin(), counts.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.stage < b.second.stage; });
  std::string out = "sweep " + plan.sweep + ": " + std::to_string(plan.tasks.size()) + " tasks, " +
                    std::to_string(plan.expected_rows()) + " evaluation rows\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-6s %-10s %8s %10s %12s\n", "stage", "kind", "tasks", "rows", "est. cost");
  out += line;
  double total = 0;
  for (const auto& [kind, c] : rows) {
    std::snprintf(line, sizeof line, "%-6d %-10s %8lld %10lld %12s\n", c.stage, kind.c_str(),
                  static_cast<long long>(c.tasks), static_cast<long long>(c.rows),
                  format_duration(c.seconds).c_str());
    out += line;
    total += c.seconds;
  }
  out += "estimated cost: " + format_duration(total) + " single-rank CPU time (about " +
         format_duration(total / 2) + " with 2 ranks if perfectly balanced); per-kind figures from " +
         "the kind's cost model, overridable in [cost]\n";
  return out;
}

std::vector<nlohmann::json> expand_grid(const std::vector<GridAxis>& axes) {
  std::vector<nlohmann::json> out{nlohmann::json::object()};
  for (const auto& axis : axes) {
    std::vector<nlohmann::json> next;
    for (const auto& partial : out)
      for (const auto& v : axis.values) {
        nlohmann::json c = partial;
        c[axis.name] = v;
        next.push_back(std::move(c));
      }
    out = std::move(next);
  }
  return out;
}

}  // namespace popsteer::sweep
