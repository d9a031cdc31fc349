#include "sweep/sweep_spec.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"

namespace popsteer::sweep {
namespace {

using config::Range;
using config::Section;
using nlohmann::json;

/// Grids must be non-empty and free of duplicates (a duplicate would plan the same task
/// twice under one id).
template <class T>
void check_grid(Section& s, const std::string& key, const std::vector<T>& values) {
  if (values.empty()) s.fail(key, "empty grid: give at least one value");
  for (size_t i = 0; i < values.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (values[i] == values[j]) s.fail(key, "duplicate value in grid (element " + std::to_string(i) + ")");
}

std::vector<json> json_list(Section& s, const std::string& key, const json& raw) {
  std::vector<json> out;
  if (raw.is_array()) {
    for (const auto& v : raw) {
      if (v.is_object() || v.is_array()) s.fail(key, "grid values must be numbers, strings or booleans");
      out.push_back(v);
    }
  } else if (raw.is_object()) {
    s.fail(key, "expected a value or a list of values, got a table");
  } else {
    out.push_back(raw);
  }
  return out;
}

TestOptions read_test(Section s) {
  TestOptions t;
  t.kinds = s.get_string("kinds", "", {"", "synthetic"});
  t.sleep_ms = s.get_int("sleep_ms", 0, Range{0, 3.6e6});
  t.row_sleep_ms = s.get_int("row_sleep_ms", 0, Range{0, 3.6e6});
  t.fail_methods = s.get_string_list("fail_methods", {});
  t.fail_first_attempts = s.get_int("fail_first_attempts", 0, Range{0, 100});
  s.finish();
  return t;
}

}  // namespace

SweepSpec SweepSpec::from_document(std::shared_ptr<config::Document> doc) {
  SweepSpec sp;
  sp.document = doc;
  sp.resolved_toml = doc->to_toml();
  const json raw = json::parse(doc->to_json());
  Section root = doc->root();

  sp.name = root.get_string("name", std::filesystem::path(doc->source_name()).stem().string());
  if (sp.name.empty() || sp.name.find('/') != std::string::npos)
    root.fail("name", "the sweep name must be non-empty and contain no '/'");
  sp.seed = static_cast<uint64_t>(root.get_int("seed", 0, Range{0, 9.2e18}));
  sp.results_dir = root.get_string("results_dir", "results/" + sp.name);
  sp.data_root = root.get_string("data_root", "");
  sp.max_tasks = root.get_int("max_tasks", sp.max_tasks, Range{1, 1e9});
  sp.retries = root.get_int("retries", sp.retries, Range{0, 100});

  if (!root.has("datasets")) root.fail("datasets", "required key is missing (e.g. datasets = [\"ml-100k\"])");
  sp.datasets = root.get_string_list("datasets", {});
  check_grid(root, "datasets", sp.datasets);
  sp.backbones = root.get_string_list("backbones", sp.backbones);
  check_grid(root, "backbones", sp.backbones);
  sp.seeds = root.get_int_list("seeds", sp.seeds, Range{0, 9.2e18});
  check_grid(root, "seeds", sp.seeds);

  {
    Section s = root.section("sae");
    sp.sae_scale = s.get_int_list("scale", sp.sae_scale, Range{1, 1024});
    check_grid(s, "scale", sp.sae_scale);
    sp.sae_k = s.get_int_list("k", sp.sae_k, Range{1, 1e6});
    check_grid(s, "k", sp.sae_k);
    s.finish();
  }
  if (root.has("steering")) {
    sp.steering = true;
    Section s = root.section("steering");
    sp.alpha_pop = s.get_double_or_list("alpha_pop", sp.alpha_pop, Range{0, 1e6});
    check_grid(s, "alpha_pop", sp.alpha_pop);
    sp.alpha_unpop = s.get_double_or_list("alpha_unpop", sp.alpha_unpop, Range{0, 1e6});
    check_grid(s, "alpha_unpop", sp.alpha_unpop);
    if (s.has("beta")) {
      sp.beta = s.get_double_or_list("beta", {}, Range{0, 1e6});
      check_grid(s, "beta", sp.beta);
    }
    if (s.has("n_neurons")) {
      sp.n_neurons = s.get_int_list("n_neurons", {}, Range{1, 1e9});
      check_grid(s, "n_neurons", sp.n_neurons);
    }
    if (sp.beta.empty() && sp.n_neurons.empty())
      s.fail("", "give 'beta' (threshold mode) and/or 'n_neurons' (fixed-count mode)");
    sp.variants = s.get_string_list("variant", sp.variants);
    check_grid(s, "variant", sp.variants);
    if (s.has("noise_xi")) {
      sp.noise_xi = s.get_double_or_list("noise_xi", {}, Range{0, 1e6});
      check_grid(s, "noise_xi", sp.noise_xi);
      if (std::find(sp.variants.begin(), sp.variants.end(), "noise") == sp.variants.end())
        s.fail("noise_xi", "'noise_xi' is a grid of the \"noise\" variant, which 'variant' does not list");
    }
    s.finish();
  }
  if (root.has("baselines")) {
    Section b = root.section("baselines");
    for (const auto& method : b.keys()) {
      if (!b.is_table(method)) b.fail(method, "expected a table [baselines." + method + "] of parameter grids");
      Section m = b.section(method);
      BaselineGrid g{method, {}};
      for (const auto& key : m.keys()) {
        m.mark_used(key);
        GridAxis axis{key, json_list(m, key, raw["baselines"][method][key])};
        check_grid(m, key, axis.values);
        g.axes.push_back(std::move(axis));
      }
      sp.baselines.push_back(std::move(g));
    }
  }
  {
    Section s = root.section("eval");
    sp.eval_k = s.has("k") && !s.is_table("k") && raw["eval"]["k"].is_array()
                    ? s.get_int_list("k", {}, Range{1, 1e6})
                    : std::vector<int64_t>{s.get_int("k", 10, Range{1, 1e6})};
    check_grid(s, "k", sp.eval_k);
    sp.eval_tau = s.get_double("tau", sp.eval_tau, Range{0, 1e9});
    sp.splits = s.get_string_list("splits", sp.splits);
    check_grid(s, "splits", sp.splits);
    for (const auto& split : sp.splits)
      if (split != "valid" && split != "test") s.fail("splits", "unknown split '" + split + "' (valid, test)");
    s.finish();
  }
  {
    Section s = root.section("blocks");
    sp.steer_block = s.get_int("steer", sp.steer_block, Range{1, 1e6});
    sp.rerank_block = s.get_int("rerank", sp.rerank_block, Range{1, 1e6});
    s.finish();
  }
  if (root.has("options")) {
    Section o = root.section("options");
    for (const auto& kind : o.keys()) {
      if (!o.is_table(kind)) o.fail(kind, "expected a table [options." + kind + "]");
      o.mark_used(kind);
      sp.options[kind] = raw["options"][kind];
    }
  }
  if (root.has("cost")) {
    Section c = root.section("cost");
    for (const auto& kind : c.keys()) sp.cost[kind] = c.get_double(kind, 0, Range{0, 1e9});
  }
  sp.test = read_test(root.section("test"));
  root.mark_used("slurm");  // validated by slurm::SlurmOptions
  root.finish();
  return sp;
}

SweepSpec SweepSpec::load(const std::string& path, const std::vector<std::string>& overrides) {
  auto doc = config::Document::parse_file(path);
  for (const auto& o : overrides) doc->apply_override(o);
  return from_document(doc);
}

}  // namespace popsteer::sweep
