#include "rerank/ipr.h"

#include <algorithm>
#include <vector>

namespace popsteer::rerank {

std::vector<ParamSpec> IprOptions::specs() {
  const IprOptions d;
  return {ParamSpec::real("alpha", d.alpha, {0, 1e6}, "popularity penalty strength"),
          ParamSpec::integer("t", d.t, {1, 1e6}, "number of candidates re-ranked (long list L)"),
          ParamSpec::choice("formula", {"thesis", "code"},
                            "thesis: s/(1+alpha*rho); code: s*(1+alpha*(1-rho)) (A-29)")};
}

IprOptions IprOptions::from(const ParamValues& p) {
  IprOptions o;
  o.alpha = p.real("alpha");
  o.t = p.integer("t");
  o.code_formula = p.choice("formula") == "code";
  return o;
}

double Ipr::adjusted(double s, double rho) const {
  return o_.code_formula ? s * (1.0 + o_.alpha * (1.0 - rho)) : s / (1.0 + o_.alpha * rho);
}

metrics::TopKLists Ipr::rerank(const RerankInput& in) const {
  check_input(in, name(), false);
  const auto& c = *in.candidates;
  int64_t max_count = 0;
  for (int64_t v : in.labels.train_count) max_count = std::max(max_count, v);
  auto rho = [&](int32_t i) {
    return max_count > 0 ? static_cast<double>(in.labels.train_count[i]) / static_cast<double>(max_count) : 0.0;
  };
  metrics::TopKLists out = metrics::TopKLists::empty(c.n_rows, in.k);
  for_each_row(c.n_rows, in.n_threads, [&](int64_t r) {
    const auto items = c.row_items(r);
    const auto scores = c.row_scores(r);
    const size_t n = std::min<size_t>(items.size(), static_cast<size_t>(o_.t));
    std::vector<std::pair<double, int32_t>> v(n);
    for (size_t j = 0; j < n; ++j) v[j] = {adjusted(scores[j], rho(items[j])), items[j]};
    const size_t k = std::min<size_t>(n, static_cast<size_t>(in.k));
    std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end(),
                      [](const auto& a, const auto& b) {
                        return a.first > b.first || (a.first == b.first && a.second < b.second);
                      });
    auto dst = out.row(r);
    for (size_t j = 0; j < k; ++j) dst[j] = v[j].second;
  });
  return out;
}

}  // namespace popsteer::rerank
