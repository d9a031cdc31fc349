#include "aggregate/selection.h"

namespace popsteer::aggregate {

BaseReference base_reference(const Panel& panel, const std::string& base_method) {
  BaseReference ref;
  const MethodGroup* g = panel.find(base_method);
  if (g == nullptr || g->configs.empty()) return ref;
  ref.found = true;
  ref.configs = static_cast<int64_t>(g->configs.size());
  double sum = 0;
  for (const auto& c : g->configs) sum += c.valid.ndcg;
  ref.valid_ndcg = sum / static_cast<double>(ref.configs);
  if (ref.configs == 1) ref.config = &g->configs.front();
  return ref;
}

std::optional<size_t> select_matched(const std::vector<ConfigResult>& configs, double ndcg_floor,
                                     Fairness objective) {
  std::optional<size_t> best;
  auto fairness = [&](const ConfigResult& c) {
    return objective == Fairness::kCoverage ? c.valid.coverage : -c.valid.gini;
  };
  for (size_t i = 0; i < configs.size(); ++i) {
    const auto& c = configs[i];
    if (!(c.valid.ndcg >= ndcg_floor)) continue;
    if (!best) {
      best = i;
      continue;
    }
    const auto& b = configs[*best];
    const double fc = fairness(c), fb = fairness(b);
    if (fc != fb) {
      if (fc > fb) best = i;
    } else if (c.valid.ndcg != b.valid.ndcg) {
      if (c.valid.ndcg > b.valid.ndcg) best = i;
    } else if (c.config_id() < b.config_id()) {
      best = i;
    }
  }
  return best;
}

std::vector<MethodSelection> select_panel(const Panel& panel, const SelectionOptions& options,
                                          double* floor) {
  std::vector<MethodSelection> out;
  const BaseReference ref = base_reference(panel, options.base_method);
  if (!ref.found) return out;
  const double f = options.fraction * ref.valid_ndcg;
  if (floor != nullptr) *floor = f;
  for (const auto& g : panel.methods) {
    out.push_back({&g, select_matched(g.configs, f, options.objective)});
  }
  return out;
}

}  // namespace popsteer::aggregate
