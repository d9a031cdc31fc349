// The fast rerankers against slow, literal ports of the reference scripts
// (examples/pmmf.py, pct.py, duor_ipr.py) on random inputs: P-MMF over the full item set
// vs the per-provider candidate merge; PCT's and DUOR's full scans vs the per-group heads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "metrics/ranking.h"
#include "rerank/duor.h"
#include "rerank/pct.h"
#include "rerank/pmmf.h"
#include "rerank_fixture.h"

namespace popsteer::rerank {
namespace {
using namespace testing;

// examples/pmmf.py minreg over all items 1..n of each user, users in the given order.
std::vector<std::vector<int32_t>> pmmf_reference(const std::vector<std::vector<double>>& s,
                                                 const std::vector<int8_t>& group, double lam, int M, int K,
                                                 int horizon) {
  const int n = static_cast<int>(group.size()) - 1;
  double len[3] = {0, 0, 0};
  for (int i = 1; i <= n; ++i) len[group[i] + 1] += 1;
  const double tot = len[0] + len[1] + len[2];
  double rho[3];
  for (int g = 0; g < 3; ++g) rho[g] = (1 + 1.0 / 3) * len[g] / tot;
  std::vector<std::vector<int32_t>> out;
  for (size_t start = 0; start < s.size(); start += horizon) {
    const size_t end = std::min(s.size(), start + horizon);
    const double T = static_cast<double>(end - start);
    double B[3];
    for (int g = 0; g < 3; ++g) B[g] = T * M * rho[g];
    for (size_t t = start; t < end; ++t) {
      const double mB = std::min({B[0], B[1], B[2]});
      std::vector<double> xt(n + 1);
      for (int i = 1; i <= n; ++i) {
        const int g = group[i] + 1;
        const double gap = (-B[g] + mB) / (T * rho[g]);
        xt[i] = s[t][i] - lam * gap + (B[g] > 0 ? 0.0 : -10000.0);
      }
      std::vector<int32_t> order(n);
      std::iota(order.begin(), order.end(), 1);
      std::sort(order.begin(), order.end(), [&](int a, int b) { return xt[a] > xt[b] || (xt[a] == xt[b] && a < b); });
      std::vector<int32_t> alloc(order.begin(), order.begin() + M);
      std::sort(alloc.begin(), alloc.end(),
                [&](int a, int b) { return s[t][a] > s[t][b] || (s[t][a] == s[t][b] && a < b); });
      for (int32_t i : alloc) B[group[i] + 1] -= 1;
      out.emplace_back(alloc.begin(), alloc.begin() + K);
    }
  }
  return out;
}

TEST(Reference, PmmfMergeOverProviderCandidatesEqualsFullSort) {
  std::mt19937_64 rng(5);
  const int users = 40, n = 120, M = 12, K = 5;
  std::vector<int8_t> group(n + 1, 0);
  for (int i = 1; i <= n; ++i) group[i] = static_cast<int8_t>(i % 10 == 0 ? 1 : (i % 10 < 3 ? -1 : 0));
  std::vector<float> flat(static_cast<size_t>(users) * (n + 1), 0.0f);
  std::vector<std::vector<double>> s(users, std::vector<double>(n + 1, 0.0));
  for (int u = 0; u < users; ++u)
    for (int i = 1; i <= n; ++i) {
      const float v = static_cast<float>(rng() % 1000000) / 1e5f + (group[i] > 0 ? 1.0f : 0.0f);
      flat[static_cast<size_t>(u) * (n + 1) + i] = v;
      s[u][i] = v;
    }
  const auto cands = metrics::top_candidates({flat, users, n + 1}, 20, {}, group, M);
  for (double lam : {0.0, 0.1, 1.0, 5.0})
    for (int horizon : {7, 4096}) {
      std::vector<int8_t> g0(group.begin() + 1, group.end());
      Problem p(cands, g0);
      PmmfOptions o;
      o.lambda = lam;
      o.allocation = M;
      o.horizon = horizon;
      const auto got = Pmmf(o).rerank(p.input(K));
      const auto want = pmmf_reference(s, group, lam, M, K, horizon);
      for (int u = 0; u < users; ++u) ASSERT_EQ(row(got, u), want[u]) << "lambda " << lam << " T " << horizon << " u " << u;
    }
}

// examples/pct.py pct_rerank_user, literally (full scans).
std::vector<int32_t> pct_reference(const std::vector<uint8_t>& niche, Share share, int K, double lam) {
  std::vector<double> w(K);
  double E = 0;
  for (int k = 0; k < K; ++k) E += (w[k] = 1 / std::log2(k + 2.0));
  const double T[2] = {share[0] * E, share[1] * E};
  std::vector<int32_t> chosen(K, -1);
  std::vector<bool> sel(niche.size(), false);
  double cur[2] = {0, 0};
  for (int pos = 0; pos < K; ++pos)
    for (size_t j = 0; j < niche.size(); ++j) {
      if (sel[j]) continue;
      const int g = niche[j];
      if (cur[g] + w[pos] <= T[g] + 1e-12) {
        sel[j] = true, chosen[pos] = static_cast<int32_t>(j), cur[g] += w[pos];
        break;
      }
    }
  for (int pos = 0; pos < K; ++pos) {
    if (chosen[pos] != -1) continue;
    double best = -INFINITY;
    int bj = -1;
    for (size_t r = 0; r < niche.size(); ++r) {
      if (sel[r]) continue;
      const int g = niche[r];
      double a[2] = {cur[0], cur[1]};
      a[g] += w[pos];
      const double disp = 0.5 * ((a[0] - T[0]) * (a[0] - T[0]) + (a[1] - T[1]) * (a[1] - T[1]));
      const double sc = lam * (1.0 / (r + 1)) - (1 - lam) * disp;
      if (sc > best) best = sc, bj = static_cast<int>(r);
    }
    if (bj < 0) break;
    sel[bj] = true, chosen[pos] = bj, cur[niche[bj]] += w[pos];
  }
  return chosen;
}

TEST(Reference, PctGroupHeadsEqualFullScan) {
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 500; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 40), K = 1 + static_cast<int>(rng() % 12);
    std::vector<uint8_t> niche(n);
    for (auto& x : niche) x = rng() % 3 == 0;
    const double f = static_cast<double>(rng() % 101) / 100.0;
    const double lam = std::vector<double>{0.0, 0.01, 0.05, 0.1, 0.5, 0.9, 1.0}[rng() % 7];
    ASSERT_EQ(pct_rerank_user(niche, {1 - f, f}, K, lam), pct_reference(niche, {1 - f, f}, K, lam))
        << "trial " << trial;
  }
}

// examples/duor_ipr.py duor picks, literally (avail lists, float pop_u).
std::vector<int32_t> duor_reference(const std::vector<uint8_t>& head, double pop_u, int K) {
  std::vector<int32_t> avail(head.size());
  std::iota(avail.begin(), avail.end(), 0);
  std::vector<int32_t> chosen;
  for (int k = 0; k < K && !avail.empty(); ++k) {
    int32_t pick;
    if (k == 0) {
      pick = avail[0];
    } else {
      double hr = 0;
      for (int32_t i : chosen) hr += head[i];
      const double pr = hr / static_cast<double>(chosen.size());
      std::vector<int32_t> allowed;
      for (int32_t i : avail)
        if (pr < pop_u ? head[i] : (pr > pop_u ? !head[i] : true)) allowed.push_back(i);
      if (allowed.empty()) allowed = avail;
      pick = allowed[0];
    }
    chosen.push_back(pick);
    avail.erase(std::find(avail.begin(), avail.end(), pick));
  }
  return chosen;
}

TEST(Reference, DuorHeadsEqualListScan) {
  std::mt19937_64 rng(13);
  for (int trial = 0; trial < 500; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 40), K = 1 + static_cast<int>(rng() % 12);
    std::vector<uint8_t> head(n);
    for (auto& x : head) x = rng() % 4 == 0;
    const int64_t size = static_cast<int64_t>(rng() % 9), h = size > 0 ? static_cast<int64_t>(rng() % (size + 1)) : 0;
    const double pop_u = size > 0 ? static_cast<double>(h) / static_cast<double>(size) : 0.5;
    ASSERT_EQ(duor_picks(head, h, size, K), duor_reference(head, pop_u, K)) << "trial " << trial;
  }
}

}  // namespace
}  // namespace popsteer::rerank
