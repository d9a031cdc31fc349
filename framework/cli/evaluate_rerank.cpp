#include "cli/evaluate_rerank.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "metrics/metrics.h"
#include "metrics/ranking.h"
#include "pipeline/rerank_inputs.h"
#include "rerank/registry.h"

namespace popsteer::cli {
namespace {

constexpr int64_t kDefaultCandidates = 250;  // the thesis's long list (§7)
constexpr int64_t kTau = 5;                  // ItemCoverage threshold (thesis)

/// The integer parameter `name` of `params`, or -1 when the method has none.
int64_t int_param(const rerank::ParamValues& params, const std::string& name) {
  const auto j = nlohmann::json::parse(params.json());
  return j.contains(name) ? j[name].get<int64_t>() : -1;
}

/// P-MMF allocates M items per user (K in the "original" variant): each provider group's
/// top-M must be in the candidates for the allocation to be exact; 0 for other methods.
int32_t provider_top(const RerankArgs& args, const rerank::ParamValues& params, int64_t k) {
  if (args.method != "pmmf") return 0;
  const int64_t m = params.choice("variant") == "original" ? k : params.integer("allocation");
  return static_cast<int32_t>(std::max(m, k));
}


void print_line(const std::string& label, const std::string& split, const metrics::MetricSet& m,
                double seconds) {
  const long long k = m.k;
  std::printf("%-10s %-5s ndcg@%lld=%.4f hit@%lld=%.4f coverage@%lld=%.4f gini@%lld=%.4f "
              "aplt@%lld=%.4f arp@%lld=%.1f ndcg_tail@%lld=%.4f users=%lld (%.2f s)\n",
              label.c_str(), split.c_str(), k, m.ndcg, k, m.hit, k, m.coverage, k, m.gini, k, m.aplt, k,
              m.arp, k, m.ndcg_tail, static_cast<long long>(m.users), seconds);
  std::fflush(stdout);
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

void RerankArgs::add_to(CLI::App& command) {
  std::string names;
  for (const auto& r : rerank::reranker_registry()) names += (names.empty() ? "" : " | ") + r.name;
  command.add_option("--method", method, "Re-ranking baseline to evaluate: " + names);
  command.add_option("--param", params, "Baseline parameter name=value (repeatable; listed below)")
      ->allow_extra_args(false);
  std::string footer = "Re-ranking baselines and their parameters (--method NAME --param name=value):";
  for (const auto& r : rerank::reranker_registry()) {
    footer += "\n  " + r.name + ": " + r.description;
    for (const auto& p : r.params) footer += "\n      " + p.describe();
  }
  command.footer(footer);
  command.add_option("--candidates", candidates, "Candidate list length L (default max(250, t))")
      ->check(CLI::NonNegativeNumber);
}

rerank::ParamValues resolve_rerank(const RerankArgs& args) {
  if (args.method.empty()) {
    if (!args.params.empty() || args.candidates > 0)
      throw UserError("evaluate: --param / --candidates need --method");
    return rerank::ParamValues::defaults({});
  }
  const rerank::RerankerInfo& info = rerank::find_reranker(args.method);
  rerank::ParamValues params = rerank::ParamValues::parse_strings(info.params, args.params, args.method);
  candidate_length(args, params, 1, INT64_MAX);  // --candidates shorter than t
  return params;
}

int64_t candidate_length(const RerankArgs& args, const rerank::ParamValues& params, int64_t k,
                         int64_t n_items) {
  const int64_t t = int_param(params, "t");
  if (args.candidates > 0 && t > args.candidates)
    throw UserError("evaluate: --candidates " + std::to_string(args.candidates) + " is shorter than " +
                    args.method + "'s t = " + std::to_string(t));
  int64_t L = args.candidates > 0 ? args.candidates : std::max(kDefaultCandidates, t);
  L = std::max(L, k);
  return std::min(L, n_items);
}

void evaluate_rerank(models::Backbone& backbone, const RerankArgs& args, int64_t k, int64_t window,
                     int threads) {
  const rerank::ParamValues params = resolve_rerank(args);
  const auto reranker = rerank::find_reranker(args.method).make(params);
  const data::Dataset& d = backbone.dataset();
  const int32_t L = static_cast<int32_t>(candidate_length(args, params, k, d.n_items));
  const int32_t per_group = provider_top(args, params, k);
  const bool sequential = backbone.kind() != "lightgcn";
  std::printf("method %s %s (candidates L=%d%s, K=%lld, tau=%lld, profiles=%s)\n", args.method.c_str(),
              params.label().c_str(), L,
              per_group > 0 ? (" + each provider group's top-" + std::to_string(per_group)).c_str() : "",
              static_cast<long long>(k), static_cast<long long>(kTau),
              sequential ? ("last " + std::to_string(window) + " context items").c_str() : "training items");
  std::fflush(stdout);

  std::vector<int32_t> users(static_cast<size_t>(d.n_users));
  for (int32_t u = 1; u <= d.n_users; ++u) users[static_cast<size_t>(u - 1)] = u;
  const metrics::ItemInfo items{d.n_items, d.item_group, d.train_count};
  metrics::MetricOptions mo;
  mo.k = static_cast<int32_t>(k);
  mo.tau = kTau;
  for (auto [split, name] : {std::pair{data::Split::kValid, "valid"}, {data::Split::kTest, "test"}}) {
    const auto start = std::chrono::steady_clock::now();
    const metrics::CandidateLists cand = pipeline::backbone_candidates(backbone, users, split, L, per_group);
    std::vector<int32_t> targets;
    for (int32_t u : users) targets.push_back(d.target(u, split));
    const auto profiles = pipeline::rerank_profiles(d, users, split, sequential, window);
    const metrics::Relevance relevant = metrics::Relevance::single(targets);
    const double candidates_s = since(start);

    // The base ranking is the head of the candidate row (same order: score desc, id asc).
    const metrics::TopKLists base = cand.head(static_cast<int32_t>(k));
    print_line(backbone.kind(), name, metrics::evaluate(base, relevant, items, mo), candidates_s);

    const auto rerank_start = std::chrono::steady_clock::now();
    rerank::RerankInput in;
    in.candidates = &cand;
    in.users = users;
    in.profiles = profiles;
    in.labels = rerank::ItemLabels{d.n_items, d.item_group, d.train_count, d.pareto_head};
    in.k = static_cast<int32_t>(k);
    in.n_threads = threads;
    const metrics::TopKLists lists = reranker->rerank(in);
    print_line(args.method, name, metrics::evaluate(lists, relevant, items, mo), since(rerank_start));
  }
}

}  // namespace popsteer::cli
