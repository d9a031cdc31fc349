#include "rerank/registry.h"

#include "core/text.h"
#include "rerank/duor.h"
#include "rerank/fair.h"
#include "rerank/ipr.h"
#include "rerank/pct.h"
#include "rerank/pmmf.h"
#include "rerank/random.h"

namespace popsteer::rerank {
namespace {

template <class Algo, class Options>
std::unique_ptr<Reranker> build(const ParamValues& p) {
  return std::make_unique<Algo>(Options::from(p));
}

std::vector<RerankerInfo> make_registry() {
  return {
      {"ipr", "Inverse Popularity Ranking: divide scores by 1 + alpha * relative popularity (§7.1)",
       IprOptions::specs(), &build<Ipr, IprOptions>},
      {"fair", "FA*IR: binomial minimum count of tail items per prefix, greedy merge (§7.2)",
       FairOptions::specs(), &build<Fair, FairOptions>},
      {"pmmf", "P-MMF min-regularizer: provider budgets over users in id order (§7.3)",
       PmmfOptions::specs(), &build<Pmmf, PmmfOptions>},
      {"pct", "PCT: personalised two-group calibration targets, 2-pass MMR reranker (§7.4)",
       PctOptions::specs(), &build<Pct, PctOptions>},
      {"duor", "DUOR: match the Pareto-head share of the list to the user's (§7.5)",
       DuorOptions::specs(), &build<Duor, DuorOptions>},
      {"random", "Random: K items uniformly without replacement from the top t (§7.6)",
       RandomOptions::specs(), &build<RandomRerank, RandomOptions>},
  };
}

}  // namespace

const std::vector<RerankerInfo>& reranker_registry() {
  static const std::vector<RerankerInfo> registry = make_registry();
  return registry;
}

const RerankerInfo& find_reranker(const std::string& name, const SourceLocation& where) {
  std::vector<std::string> names;
  for (const auto& info : reranker_registry()) {
    if (info.name == name) return info;
    names.push_back(info.name);
  }
  throw UserError(where, "unknown re-ranking method '" + name + "'" + did_you_mean(name, names) +
                             " (methods: " + join(names) + ")");
}

std::unique_ptr<Reranker> make_reranker(const std::string& name,
                                        const std::vector<std::string>& assignments) {
  const auto& info = find_reranker(name);
  return info.make(ParamValues::parse_strings(info.params, assignments, name));
}

std::pair<std::unique_ptr<Reranker>, ParamValues> reranker_from_config(config::Section s) {
  const std::string method = s.require_string("method");
  const auto& info = find_reranker(method, s.where("method"));
  ParamValues p = ParamValues::from_config(info.params, s);
  s.finish();
  return {info.make(p), p};
}

}  // namespace popsteer::rerank
