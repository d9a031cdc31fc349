#include "rerank/fair.h"

#include <algorithm>
#include <cmath>

namespace popsteer::rerank {

std::vector<ParamSpec> FairOptions::specs() {
  const FairOptions d;
  return {ParamSpec::real("p", d.p, {0, 1}, "target minimum share of protected (tail) items"),
          ParamSpec::real("alpha", d.alpha, {0, 1}, "significance level (Sidak-corrected over K)"),
          ParamSpec::integer("t", d.t, {1, 1e6}, "number of candidates re-ranked (long list L)")};
}

FairOptions FairOptions::from(const ParamValues& v) {
  FairOptions o;
  o.p = v.real("p");
  o.alpha = v.real("alpha");
  o.t = v.integer("t");
  return o;
}

double fair_corrected_alpha(int32_t k, double alpha) {
  return 1.0 - std::pow(1.0 - alpha, 1.0 / static_cast<double>(k));
}

std::vector<int32_t> fair_mtable(int32_t k, double p, double alpha) {
  const double alpha_c = fair_corrected_alpha(k, alpha);
  std::vector<int32_t> m(static_cast<size_t>(k), 0);
  for (int32_t t = 1; t <= k; ++t) {
    // Same operation order as the reference (examples/fair_mtable.py): the CDF is summed
    // term by term, comb(t, z) * p^z * (1-p)^(t-z). When no z passes (alpha_c >= 1), m stays 0.
    double cdf = 0.0, comb = 1.0;  // comb = C(t, z), exact in double for t <= 1000ish
    for (int32_t z = 0; z <= t; ++z) {
      if (z > 0) comb = comb * static_cast<double>(t - z + 1) / static_cast<double>(z);
      cdf += std::round(comb) * std::pow(p, z) * std::pow(1.0 - p, t - z);
      if (cdf > alpha_c) {
        m[t - 1] = z;
        break;
      }
    }
  }
  return m;
}

std::vector<int32_t> fair_greedy(std::span<const float> scores, std::span<const uint8_t> prot,
                                 const std::vector<int32_t>& m) {
  const int32_t n = static_cast<int32_t>(scores.size());
  std::vector<int32_t> out;
  int32_t next_p = 0, next_np = 0, taken_p = 0;
  auto advance = [&](int32_t j, bool want) {
    while (j < n && (prot[j] != 0) != want) ++j;
    return j;
  };
  next_p = advance(0, true);
  next_np = advance(0, false);
  for (size_t pos = 0; pos < m.size(); ++pos) {
    const bool has_p = next_p < n, has_np = next_np < n;
    if (!has_p && !has_np) break;
    bool take_p;
    if (taken_p < m[pos]) take_p = has_p;  // P exhausted -> fall back to NP
    else if (!has_np) take_p = true;
    else if (!has_p) take_p = false;
    else take_p = scores[next_p] >= scores[next_np];  // protected wins ties
    if (take_p) {
      out.push_back(next_p);
      ++taken_p;
      next_p = advance(next_p + 1, true);
    } else {
      out.push_back(next_np);
      next_np = advance(next_np + 1, false);
    }
  }
  return out;
}

metrics::TopKLists Fair::rerank(const RerankInput& in) const {
  check_input(in, name(), false);
  const auto& c = *in.candidates;
  const std::vector<int32_t> m = fair_mtable(in.k, o_.p, o_.alpha);
  metrics::TopKLists out = metrics::TopKLists::empty(c.n_rows, in.k);
  for_each_row(c.n_rows, in.n_threads, [&](int64_t r) {
    const size_t n = std::min<size_t>(c.sizes[r], static_cast<size_t>(o_.t));
    const auto items = c.row_items(r).first(n);
    std::vector<uint8_t> prot(n);
    for (size_t j = 0; j < n; ++j) prot[j] = in.labels.group[items[j]] < 0 ? 1 : 0;
    const auto pick = fair_greedy(c.row_scores(r).first(n), prot, m);
    auto dst = out.row(r);
    for (size_t j = 0; j < pick.size(); ++j) dst[j] = items[pick[j]];
  });
  return out;
}

}  // namespace popsteer::rerank
