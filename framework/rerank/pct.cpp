#include "rerank/pct.h"

#include <algorithm>
#include <cmath>

namespace popsteer::rerank {

std::vector<ParamSpec> PctOptions::specs() {
  const PctOptions d;
  return {ParamSpec::real("p", d.p, {0, 1}, "system target share of niche (tail) items"),
          ParamSpec::real("lambda", d.lambda, {0, 1}, "relevance vs calibration weight in pass 2"),
          ParamSpec::integer("t", d.t, {1, 1e6}, "number of candidates re-ranked (long list L)"),
          ParamSpec::choice("targets", {"personal", "global"},
                            "personal: solver over user interests; global: q^ for every user")};
}

PctOptions PctOptions::from(const ParamValues& v) {
  PctOptions o;
  o.p = v.real("p");
  o.lambda = v.real("lambda");
  o.t = v.integer("t");
  o.global_targets = v.choice("targets") == "global";
  return o;
}

std::vector<Share> pct_solve_targets(const std::vector<Share>& P, const Share& q) {
  if (P.empty()) return {};
  double mean0 = 0;
  for (const auto& p : P) mean0 += p[0];
  mean0 /= static_cast<double>(P.size());
  const double grad0 = mean0 - q[0];
  std::vector<Share> out(P.size());
  for (size_t u = 0; u < P.size(); ++u) {
    if (std::abs(grad0) < 1e-12) {
      out[u] = P[u];
    } else if (grad0 > 0) {  // group 0 over-represented: shrink its share
      const double q0 = P[u][0] * q[0] / mean0;
      out[u] = {q0, 1.0 - q0};
    } else {
      const double mean1 = 1.0 - mean0;
      const double q1 = P[u][1] * q[1] / mean1;
      out[u] = {1.0 - q1, q1};
    }
  }
  return out;
}

std::vector<int32_t> pct_rerank_user(std::span<const uint8_t> niche, const Share& share, int32_t k,
                                     double lambda, std::vector<int32_t>* pass1) {
  std::vector<double> w(static_cast<size_t>(k));
  double e = 0;
  for (int32_t pos = 0; pos < k; ++pos) e += (w[pos] = 1.0 / std::log2(pos + 2.0));
  const Share target{share[0] * e, share[1] * e};
  Share cur{0, 0};
  const int32_t n = static_cast<int32_t>(niche.size());
  // next[g] = first unselected candidate of group g; selection always takes such a head.
  std::array<int32_t, 2> next{0, 0};
  auto advance = [&](int g, int32_t j) {
    while (j < n && niche[j] != g) ++j;
    return j;
  };
  next[0] = advance(0, 0);
  next[1] = advance(1, 0);
  std::vector<int32_t> chosen(static_cast<size_t>(k), -1);
  auto take = [&](int g, int32_t pos) {
    chosen[pos] = next[g];
    cur[g] += w[pos];
    next[g] = advance(g, next[g] + 1);
  };
  for (int32_t pos = 0; pos < k; ++pos) {
    int best = -1;
    for (int g = 0; g < 2; ++g)
      if (next[g] < n && cur[g] + w[pos] <= target[g] + 1e-12 && (best < 0 || next[g] < next[best]))
        best = g;
    if (best >= 0) take(best, pos);
  }
  if (pass1) *pass1 = chosen;
  for (int32_t pos = 0; pos < k; ++pos) {
    if (chosen[pos] != -1) continue;
    int best = -1;
    double best_s = -INFINITY;
    // Scan order is candidate rank, so the group whose head comes first is tried first
    // and keeps ties (strict >), as in the reference's scan over all candidates.
    std::array<int, 2> groups{0, 1};
    if (next[1] < next[0]) groups = {1, 0};
    for (int g : groups) {
      if (next[g] >= n) continue;
      Share a = cur;
      a[g] += w[pos];
      const double disp = 0.5 * ((a[0] - target[0]) * (a[0] - target[0]) + (a[1] - target[1]) * (a[1] - target[1]));
      const double s = lambda * (1.0 / (next[g] + 1.0)) - (1.0 - lambda) * disp;
      if (s > best_s) best_s = s, best = g;
    }
    if (best < 0) break;
    take(best, pos);
  }
  return chosen;
}

metrics::TopKLists Pct::rerank(const RerankInput& in) const {
  check_input(in, name(), !o_.global_targets);
  const auto& c = *in.candidates;
  const Share system{1.0 - o_.p, o_.p};
  std::vector<Share> targets(static_cast<size_t>(c.n_rows), system);
  if (!o_.global_targets) {
    std::vector<Share> interest(static_cast<size_t>(c.n_rows));
    for (int64_t r = 0; r < c.n_rows; ++r) {
      const auto prof = in.profiles[r];
      double f = o_.p;
      int64_t niche = 0, real = 0;
      for (int32_t i : prof) {
        if (i <= 0 || i > in.labels.n_items) continue;  // padding never counts (A-34's fix)
        ++real;
        niche += in.labels.group[i] < 0 ? 1 : 0;
      }
      if (real > 0) f = static_cast<double>(niche) / static_cast<double>(real);
      interest[r] = {1.0 - f, f};
    }
    targets = pct_solve_targets(interest, system);
  }
  metrics::TopKLists out = metrics::TopKLists::empty(c.n_rows, in.k);
  for_each_row(c.n_rows, in.n_threads, [&](int64_t r) {
    const size_t n = std::min<size_t>(c.sizes[r], static_cast<size_t>(o_.t));
    const auto items = c.row_items(r).first(n);
    std::vector<uint8_t> niche(n);
    for (size_t j = 0; j < n; ++j) niche[j] = in.labels.group[items[j]] < 0 ? 1 : 0;
    const auto chosen = pct_rerank_user(niche, targets[r], in.k, o_.lambda);
    auto dst = out.row(r);
    for (int32_t pos = 0; pos < in.k; ++pos) dst[pos] = chosen[pos] >= 0 ? items[chosen[pos]] : 0;
  });
  return out;
}

}  // namespace popsteer::rerank
