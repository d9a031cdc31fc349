#pragma once
/// The explicit registry of re-ranking baselines: name -> description, parameter specs,
/// factory (STYLE.md: algorithms chosen by name from an explicit registry).
///
///   const auto& info = find_reranker("fair");                       // UserError if unknown
///   auto params = ParamValues::parse_strings(info.params, {"p=0.2", "alpha=0.05"}, "fair");
///   auto reranker = info.make(params);
///   metrics::TopKLists lists = reranker->rerank(input);
#include <memory>
#include <string>
#include <vector>

#include "config/section.h"
#include "rerank/params.h"
#include "rerank/reranker.h"

namespace popsteer::rerank {

struct RerankerInfo {
  std::string name;                 ///< "ipr", "fair", "pmmf", "pct", "duor", "random"
  std::string description;          ///< one line for --help / docs
  std::vector<ParamSpec> params;    ///< typed, range-checked parameters with defaults
  std::unique_ptr<Reranker> (*make)(const ParamValues&) = nullptr;
};

/// Every registered baseline, in a fixed order.
const std::vector<RerankerInfo>& reranker_registry();

/// The entry named `name`; UserError with did-you-mean when unknown.
const RerankerInfo& find_reranker(const std::string& name, const SourceLocation& where = {});

/// Builds `name` with `name=value` assignments (unset parameters keep their defaults).
std::unique_ptr<Reranker> make_reranker(const std::string& name,
                                        const std::vector<std::string>& assignments = {});

/// Builds a reranker from a config section: key `method` names it, every other key is a
/// parameter of that method; unknown keys are errors (file:line, did you mean).
/// Returns the reranker and its resolved parameters.
std::pair<std::unique_ptr<Reranker>, ParamValues> reranker_from_config(config::Section s);

}  // namespace popsteer::rerank
