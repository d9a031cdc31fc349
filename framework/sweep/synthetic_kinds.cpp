#include "sweep/synthetic_kinds.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "core/seed.h"

namespace popsteer::sweep {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

double unit(uint64_t seed, const std::string& key, uint64_t stream) {
  return static_cast<double>(derive_seed(seed, key, stream) >> 11) * 0x1.0p-53;
}

/// Sleeps in 5 ms slices so a drain interrupts it promptly.
void nap(const TaskContext& ctx, int64_t ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    ctx.check_stop();
    std::this_thread::sleep_for(std::min(std::chrono::milliseconds(5),
                                         std::chrono::duration_cast<std::chrono::milliseconds>(
                                             until - std::chrono::steady_clock::now()) +
                                             std::chrono::milliseconds(1)));
  }
}

/// Reads the inputs' artifacts (proving they are complete) and writes this task's own.
std::string chain_artifacts(const TaskContext& ctx) {
  std::string upstream;
  for (const auto& dir : ctx.input_dirs) {
    std::ifstream in(fs::path(dir) / "artifact.txt");
    std::string v;
    if (!(in >> v)) throw std::runtime_error("input artifact missing or empty: " + dir);
    upstream += v + ";";
  }
  std::ofstream out(fs::path(ctx.artifact_dir) / "artifact.txt");
  out << derive_seed(ctx.seed, upstream) << "\n";
  if (!out) throw std::runtime_error("cannot write artifact in " + ctx.artifact_dir);
  return upstream;
}

std::vector<ResultRow> rows_for(const Task& t, const TaskContext& ctx, const std::string& method,
                                const json& configs, const json& eval, const std::string& upstream,
                                int64_t row_sleep_ms, const std::string& up) {
  std::vector<ResultRow> rows;
  for (const auto& cfg : configs) {
    const std::string params = cfg.dump();
    const std::string cid = config_id(up, method, params);
    for (const auto& split : eval.at("splits"))
      for (const auto& k : eval.at("k")) {
        ResultRow r;
        r.config_id = cid;
        r.method = method;
        r.params_json = params;
        r.label = method + " " + params;
        r.split = split.get<std::string>();
        r.k = k.get<int64_t>();
        // Metrics depend on the config, split, K and the upstream artifacts only.
        const std::string key = cid + "/" + r.split + "/" + std::to_string(r.k) + "/" + upstream;
        r.ndcg = unit(ctx.seed, key, 0);
        r.ndcg_head = unit(ctx.seed, key, 1);
        r.ndcg_tail = unit(ctx.seed, key, 2);
        r.ndcg_nonhead = unit(ctx.seed, key, 3);
        r.hit = unit(ctx.seed, key, 4);
        r.mrr = unit(ctx.seed, key, 5);
        r.coverage = unit(ctx.seed, key, 6);
        r.gini = unit(ctx.seed, key, 7);
        r.arp = unit(ctx.seed, key, 8);
        r.aplt = unit(ctx.seed, key, 9);
        r.dltc = unit(ctx.seed, key, 10);
        r.users = 100;
        rows.push_back(std::move(r));
        if (row_sleep_ms) nap(ctx, row_sleep_ms);
      }
  }
  return rows;
}

}  // namespace

TaskKindRegistry synthetic_kinds(const TestOptions& test) {
  TaskKindRegistry kinds = standard_kinds();
  for (const auto& name : kinds.names()) {
    kinds.set_check_options(name, [](config::Section s) {
      // Synthetic kinds accept any options (they only change task ids).
      for (const auto& k : s.keys()) s.mark_used(k);
    });
    kinds.set_run(name, [name, test](const Task& t, TaskContext& ctx) {
      const std::string upstream = chain_artifacts(ctx);
      nap(ctx, test.sleep_ms);
      const json p = json::parse(t.params);
      if (name == "rerank") {
        const std::string method = p.at("method");
        if (std::find(test.fail_methods.begin(), test.fail_methods.end(), method) != test.fail_methods.end())
          throw std::runtime_error("synthetic failure of method " + method);
        return rows_for(t, ctx, method, p.at("configs"), p.at("eval"), upstream, test.row_sleep_ms,
                        t.inputs.back());
      }
      if (name == "steer") {
        if (ctx.attempt < test.fail_first_attempts)
          throw std::runtime_error("synthetic flaky failure (attempt " + std::to_string(ctx.attempt) + ")");
        std::vector<ResultRow> rows;
        for (const auto& cfg : p.at("configs")) {
          auto r = rows_for(t, ctx, cfg.at("variant"), json::array({cfg}), p.at("eval"), upstream,
                            test.row_sleep_ms, t.inputs.back());
          rows.insert(rows.end(), r.begin(), r.end());
        }
        return rows;
      }
      if (name == "backbone")
        return rows_for(t, ctx, "base", json::array({json::object()}), p.at("eval"), upstream, test.row_sleep_ms,
                        t.id);
      if (name == "sae")
        return rows_for(t, ctx, "sae", json::array({{{"scale", p.at("scale")}, {"k", p.at("k")}}}), p.at("eval"),
                        upstream, test.row_sleep_ms, t.inputs.back());
      return std::vector<ResultRow>{};
    });
  }
  return kinds;
}

}  // namespace popsteer::sweep
