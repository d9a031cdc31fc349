#include "metrics/metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace popsteer::metrics {

Relevance Relevance::single(std::span<const int32_t> targets) {
  Relevance r;
  r.offsets.reserve(targets.size() + 1);
  for (int32_t t : targets) {
    if (t != 0) r.items.push_back(t);
    r.offsets.push_back(static_cast<int64_t>(r.items.size()));
  }
  return r;
}

void Relevance::add_row(std::span<const int32_t> relevant) {
  items.insert(items.end(), relevant.begin(), relevant.end());
  offsets.push_back(static_cast<int64_t>(items.size()));
}

MetricOptions MetricOptions::from_config(config::Section s) {
  MetricOptions o;
  o.k = static_cast<int32_t>(s.get_int("k", o.k, {1, 100000}));
  o.tau = s.get_int("tau", o.tau, {1, 1e12});
  o.compat_pad = s.get_bool("compat_pad", o.compat_pad);
  s.finish();
  return o;
}

std::vector<int64_t> exposure_counts(const TopKLists& lists, int32_t k, int32_t n_items) {
  std::vector<int64_t> c(static_cast<size_t>(n_items) + 1, 0);
  const int32_t kk = std::min(k, lists.k);
  for (int64_t r = 0; r < lists.n_rows; ++r) {
    auto row = lists.row(r);
    for (int32_t j = 0; j < kk; ++j)
      if (row[j] > 0 && row[j] <= n_items) ++c[row[j]];
  }
  c[0] = 0;
  return c;
}

double gini_index(std::span<const int64_t> counts, int64_t n) {
  std::vector<int64_t> v(counts.begin(), counts.end());
  if (n < static_cast<int64_t>(v.size()))
    throw std::invalid_argument("gini_index: n smaller than the number of counts");
  v.resize(static_cast<size_t>(n), 0);
  std::sort(v.begin(), v.end());
  double num = 0, total = 0;
  for (int64_t j = 0; j < n; ++j) {
    num += static_cast<double>(2 * (j + 1) - n - 1) * static_cast<double>(v[j]);
    total += static_cast<double>(v[j]);
  }
  return total > 0 ? num / (static_cast<double>(n) * total) : 0.0;
}

namespace {

// Discount of 0-based rank r: 1/log2(r+2).
inline double discount(int64_t r) { return 1.0 / std::log2(static_cast<double>(r) + 2.0); }

// NDCG of one list against the relevant items that pass `in_subset` (§6.2): DCG over
// the list, IDCG over min(|R ∩ S|, K); 0 when R ∩ S is empty.
template <class Pred>
double ndcg_restricted(std::span<const int32_t> list, std::span<const int32_t> rel, Pred in_subset,
                       const std::vector<double>& idcg_prefix) {
  int64_t n_rel = 0;
  for (size_t a = 0; a < rel.size(); ++a) {
    if (!in_subset(rel[a])) continue;
    bool dup = false;
    for (size_t b = 0; b < a; ++b) dup = dup || rel[b] == rel[a];
    n_rel += dup ? 0 : 1;
  }
  if (n_rel == 0) return 0.0;
  double dcg = 0;
  for (size_t r = 0; r < list.size(); ++r) {
    const int32_t i = list[r];
    if (i == 0 || !in_subset(i)) continue;
    if (std::find(rel.begin(), rel.end(), i) != rel.end()) dcg += discount(static_cast<int64_t>(r));
  }
  const size_t m = std::min<size_t>(static_cast<size_t>(n_rel), list.size());
  return dcg / idcg_prefix[m];
}

}  // namespace

MetricSet evaluate(const TopKLists& lists, const Relevance& relevant, const ItemInfo& items,
                   const MetricOptions& o) {
  if (relevant.n_rows() != lists.n_rows)
    throw std::invalid_argument("metrics: " + std::to_string(lists.n_rows) + " lists but " +
                                std::to_string(relevant.n_rows()) + " relevance rows");
  if (o.k < 1) throw std::invalid_argument("metrics: k must be >= 1");
  const int32_t n = items.n_items;
  if (static_cast<int64_t>(items.item_group.size()) != n + 1 ||
      static_cast<int64_t>(items.train_count.size()) != n + 1)
    throw std::invalid_argument("metrics: item_group/train_count must have n_items+1 entries");
  for (int32_t i : lists.items)
    if (i < 0 || i > n)
      throw std::invalid_argument("metrics: item id " + std::to_string(i) + " outside [0, " +
                                  std::to_string(n) + "]");

  const int32_t kk = std::min(o.k, lists.k);
  std::vector<double> idcg(static_cast<size_t>(kk) + 1, 0.0);
  for (int32_t r = 0; r < kk; ++r) idcg[r + 1] = idcg[r] + discount(r);

  MetricSet m;
  m.k = o.k;
  m.tau = o.tau;
  m.users = lists.n_rows;
  m.ndcg_per_user.resize(static_cast<size_t>(lists.n_rows));
  const auto& g = items.item_group;
  auto all = [](int32_t) { return true; };
  auto head = [&](int32_t i) { return i > 0 && i <= n && g[i] > 0; };
  auto tail = [&](int32_t i) { return i > 0 && i <= n && g[i] < 0; };
  auto nonhead = [&](int32_t i) { return i > 0 && i <= n && g[i] <= 0; };

  for (int64_t r = 0; r < lists.n_rows; ++r) {
    const auto list = lists.row(r).first(static_cast<size_t>(kk));
    const auto rel = relevant.row(r);
    const double nd = ndcg_restricted(list, rel, all, idcg);
    m.ndcg_per_user[r] = nd;
    m.ndcg += nd;
    m.ndcg_head += ndcg_restricted(list, rel, head, idcg);
    m.ndcg_tail += ndcg_restricted(list, rel, tail, idcg);
    m.ndcg_nonhead += ndcg_restricted(list, rel, nonhead, idcg);
    int64_t filled = 0, n_tail = 0;
    double pop = 0;
    bool hit = false;
    for (int32_t j = 0; j < kk; ++j) {
      const int32_t i = list[j];
      if (i == 0) continue;
      ++filled;
      pop += static_cast<double>(items.train_count[i]);
      n_tail += g[i] < 0 ? 1 : 0;
      if (!hit && std::find(rel.begin(), rel.end(), i) != rel.end()) {
        hit = true;
        m.hit += 1;
        m.mrr += 1.0 / (j + 1);
      }
    }
    if (filled > 0) {
      m.arp += pop / static_cast<double>(filled);
      m.aplt += static_cast<double>(n_tail) / static_cast<double>(filled);
    }
  }
  if (lists.n_rows > 0) {
    const double u = static_cast<double>(lists.n_rows);
    for (double* v : {&m.ndcg, &m.ndcg_head, &m.ndcg_tail, &m.ndcg_nonhead, &m.hit, &m.mrr,
                      &m.arp, &m.aplt})
      *v /= u;
  }

  const auto c = exposure_counts(lists, kk, n);
  const int64_t denom = static_cast<int64_t>(n) + (o.compat_pad ? 1 : 0);
  int64_t cov = 0, cov1 = 0, tail_total = 0, tail_seen = 0;
  for (int32_t i = 1; i <= n; ++i) {
    cov += c[i] >= o.tau ? 1 : 0;
    cov1 += c[i] >= 1 ? 1 : 0;
    if (g[i] < 0) {
      ++tail_total;
      tail_seen += c[i] > 0 ? 1 : 0;
    }
  }
  if (denom > 0) {
    m.coverage = static_cast<double>(cov) / static_cast<double>(denom);
    m.coverage1 = static_cast<double>(cov1) / static_cast<double>(denom);
    m.gini = gini_index(std::span<const int64_t>(c).subspan(1), denom);
  }
  m.dltc = tail_total > 0 ? static_cast<double>(tail_seen) / static_cast<double>(tail_total) : 0.0;
  return m;
}

}  // namespace popsteer::metrics
