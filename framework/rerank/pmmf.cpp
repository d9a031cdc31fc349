#include "rerank/pmmf.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace popsteer::rerank {

std::vector<ParamSpec> PmmfOptions::specs() {
  const PmmfOptions d;
  return {ParamSpec::real("lambda", d.lambda, {0, 1e6}, "fairness strength (budget-gap boost)"),
          ParamSpec::integer("horizon", d.horizon, {1, 1e9}, "users per budget chunk T, in user-id order"),
          ParamSpec::integer("allocation", d.allocation, {1, 1e6}, "items allocated per user M"),
          ParamSpec::choice("variant", {"default", "original"},
                            "original: sigmoid of scores and M = K (Xu et al.'s code)")};
}

PmmfOptions PmmfOptions::from(const ParamValues& p) {
  PmmfOptions o;
  o.lambda = p.real("lambda");
  o.horizon = p.integer("horizon");
  o.allocation = p.integer("allocation");
  o.original = p.choice("variant") == "original";
  return o;
}

namespace {

constexpr int kProviders = 3;
constexpr double kMasked = -10000.0;

inline int provider_of(int8_t label) { return std::clamp<int>(label, -1, 1) + 1; }

// The allocation is exact only if no item outside the candidate row could have entered
// it. Such an item of provider g scores at most the row's last score, so its x~ is at most
// bound_g = s_min + shift_g (+ mask); it matters when all of g's row items were allocated
// and bound_g beats the last allocated x~ (or the row ran out before M items). Plain top-L
// candidates with L close to M trip this as soon as lambda boosts a provider: the fix is
// provider candidates (metrics::top_candidates with item_group and per_group = M).
void check_exact(const metrics::CandidateLists& c, int64_t r, const RerankInput& in,
                 const std::vector<double>& s, const std::array<double, kProviders>& shift,
                 const std::array<double, kProviders>& budget, const std::array<size_t, kProviders>& taken,
                 const std::array<std::vector<int32_t>, kProviders>& queue, int64_t allocated, int64_t m_alloc,
                 double x_last) {
  const size_t size = static_cast<size_t>(c.sizes[r]);
  const bool complete = static_cast<int32_t>(size) < c.width || static_cast<int64_t>(size) >= in.labels.n_items;
  if (complete) return;
  const double s_min = s.empty() ? -INFINITY : s.back();
  for (int g = 0; g < kProviders; ++g) {
    if (taken[g] < queue[g].size()) continue;
    const double bound = (s_min + shift[g]) + (budget[g] > 0 ? 0.0 : kMasked);
    if (allocated < m_alloc || bound > x_last)
      throw std::invalid_argument(
          "pmmf: the candidate list of user " + std::to_string(in.users[r]) + " (" + std::to_string(size) +
          " items) is too short for an exact allocation of M = " + std::to_string(m_alloc) +
          " items: provider " + std::to_string(g - 1) +
          " may need items beyond it. Build candidates holding each provider's top-M "
          "(metrics::top_candidates(scores, L, options, item_group, M)).");
  }
}

}  // namespace

metrics::TopKLists Pmmf::rerank(const RerankInput& in) const {
  check_input(in, name(), false);
  const auto& c = *in.candidates;
  const int64_t m_alloc = o_.original ? in.k : o_.allocation;

  std::array<double, kProviders> len{0, 0, 0};
  for (int32_t i = 1; i <= in.labels.n_items; ++i) len[provider_of(in.labels.group[i])] += 1;
  const double total = len[0] + len[1] + len[2];
  std::array<double, kProviders> rho{};
  for (int g = 0; g < kProviders; ++g)
    rho[g] = total > 0 ? (1.0 + 1.0 / kProviders) * len[g] / total : 0.0;

  // Users in ascending id (ties: row order), the order budgets are consumed in.
  std::vector<int64_t> order(static_cast<size_t>(c.n_rows));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return in.users[a] < in.users[b]; });

  metrics::TopKLists out = metrics::TopKLists::empty(c.n_rows, in.k);
  std::array<std::vector<int32_t>, kProviders> queue;  // candidate positions per provider
  std::vector<double> s;                               // (transformed) score per position
  for (int64_t start = 0; start < c.n_rows; start += o_.horizon) {
    const int64_t end = std::min<int64_t>(c.n_rows, start + o_.horizon);
    const double T = static_cast<double>(end - start);
    std::array<double, kProviders> budget{};
    for (int g = 0; g < kProviders; ++g) budget[g] = T * static_cast<double>(m_alloc) * rho[g];
    for (int64_t u = start; u < end; ++u) {
      const int64_t r = order[u];
      const auto items = c.row_items(r);
      const auto scores = c.row_scores(r);
      s.resize(items.size());
      for (auto& q : queue) q.clear();
      for (size_t j = 0; j < items.size(); ++j) {
        s[j] = o_.original ? 1.0 / (1.0 + std::exp(-static_cast<double>(scores[j])))
                           : static_cast<double>(scores[j]);
        queue[provider_of(in.labels.group[items[j]])].push_back(static_cast<int32_t>(j));
      }
      const double min_b = *std::min_element(budget.begin(), budget.end());
      std::array<double, kProviders> shift{};
      for (int g = 0; g < kProviders; ++g) {
        const double gap = rho[g] > 0 ? (-budget[g] + min_b) / (T * rho[g]) : 0.0;
        shift[g] = -o_.lambda * gap;
      }
      auto xt = [&](int g, int32_t j) {
        return (s[j] + shift[g]) + (budget[g] > 0 ? 0.0 : kMasked);
      };
      // Allocation: merge the provider queues by (x~ desc, id asc); within a queue x~
      // follows the score order, so each provider contributes a prefix of its queue.
      std::array<size_t, kProviders> taken{0, 0, 0};
      int64_t allocated = 0;
      double x_last = 0;  // x~ of the last allocated item
      for (; allocated < m_alloc; ++allocated) {
        int best = -1;
        double best_x = 0;
        for (int g = 0; g < kProviders; ++g) {
          if (taken[g] >= queue[g].size()) continue;
          const int32_t j = queue[g][taken[g]];
          const double x = xt(g, j);
          if (best < 0 || x > best_x ||
              (x == best_x && items[j] < items[queue[best][taken[best]]]))
            best = g, best_x = x;
        }
        if (best < 0) break;
        ++taken[best];
        x_last = best_x;
      }
      check_exact(c, r, in, s, shift, budget, taken, queue, allocated, m_alloc, x_last);
      for (int g = 0; g < kProviders; ++g) budget[g] -= static_cast<double>(taken[g]);
      // Output: the K best allocated items by original score (desc, id asc) = the first
      // K of the merged allocated prefixes in candidate order.
      std::array<size_t, kProviders> pos{0, 0, 0};
      auto dst = out.row(r);
      for (int32_t slot = 0; slot < in.k; ++slot) {
        int best = -1;
        for (int g = 0; g < kProviders; ++g)
          if (pos[g] < taken[g] && (best < 0 || queue[g][pos[g]] < queue[best][pos[best]])) best = g;
        if (best < 0) break;
        dst[slot] = items[queue[best][pos[best]++]];
      }
    }
  }
  return out;
}

}  // namespace popsteer::rerank
