#pragma once
/// Deterministic top-k selection over rows of a float matrix: the k largest values, ties
/// broken by the lower index (ALGORITHMS.md §0, A-7). torch::topk does not promise any
/// tie order, so every top-k in the SAE, the steering evaluator and the item ranking goes
/// through these helpers. NaN ranks as −inf (and, like any tie, after equal values with a
/// lower index). Two implementations with the same result: TopKHeap / select_topk (a
/// bounded min-heap over any value function: the reference, and the fallback) and
/// select_topk_row_grouped (contiguous rows: a SIMD pass for a floor, a SIMD pass for the
/// few values above it, nth_element on those; 2-3x faster at k = 10 of 3,416 and 1.4x at
/// k = 48 of 4,096 than a two-pass block-maximum filter with a heap).
#include <algorithm>
#include <cstring>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace popsteer::sae {

inline float nan_to_neg_inf(float v) { return v != v ? -std::numeric_limits<float>::infinity() : v; }

/// True when (va, ia) ranks strictly before (vb, ib): larger value, or equal value and
/// lower index.
inline bool ranks_before(float va, int64_t ia, float vb, int64_t ib) {
  const float a = nan_to_neg_inf(va), b = nan_to_neg_inf(vb);
  return a > b || (a == b && ia < ib);
}

/// The k best (value, index) pairs seen so far, in caller-owned arrays of length k.
class TopKHeap {
 public:
  TopKHeap(int64_t k, int64_t* idx, float* val) : k_(k), idx_(idx), val_(val) {}
  bool full() const { return size_ == k_; }
  /// The value an element must strictly exceed to enter a full heap (NaN-free).
  float threshold() const { return nan_to_neg_inf(val_[0]); }

  void push(float v, int64_t j) {
    if (size_ < k_) {
      int64_t pos = size_++;
      val_[pos] = v;
      idx_[pos] = j;
      while (pos > 0) {
        const int64_t parent = (pos - 1) / 2;
        if (!worse(pos, parent)) break;
        swap(pos, parent);
        pos = parent;
      }
    } else if (ranks_before(v, j, val_[0], idx_[0])) {
      val_[0] = v;
      idx_[0] = j;
      sift_down();
    }
  }

  /// Sorts the arrays best first (insertion sort: k is small).
  void finish() {
    for (int64_t a = 1; a < size_; ++a) {
      const float v = val_[a];
      const int64_t i = idx_[a];
      int64_t b = a;
      while (b > 0 && ranks_before(v, i, val_[b - 1], idx_[b - 1])) {
        val_[b] = val_[b - 1];
        idx_[b] = idx_[b - 1];
        --b;
      }
      val_[b] = v;
      idx_[b] = i;
    }
  }

 private:
  bool worse(int64_t a, int64_t b) const { return ranks_before(val_[b], idx_[b], val_[a], idx_[a]); }
  void swap(int64_t a, int64_t b) {
    std::swap(val_[a], val_[b]);
    std::swap(idx_[a], idx_[b]);
  }
  void sift_down() {
    for (int64_t pos = 0;;) {
      const int64_t l = 2 * pos + 1, r = l + 1;
      int64_t w = pos;
      if (l < size_ && worse(l, w)) w = l;
      if (r < size_ && worse(r, w)) w = r;
      if (w == pos) return;
      swap(w, pos);
      pos = w;
    }
  }
  int64_t k_, size_ = 0;
  int64_t* idx_;
  float* val_;
};

/// Top `k` of `value(j)` for j in [0, n) into out_idx/out_val (length k, best first).
/// `value` is any callable int64_t -> float. Requires 0 < k <= n.
template <class ValueFn>
void select_topk(ValueFn&& value, int64_t n, int64_t k, int64_t* out_idx, float* out_val) {
  TopKHeap heap(k, out_idx, out_val);
  for (int64_t j = 0; j < n; ++j) heap.push(value(j), j);
  heap.finish();
}

namespace detail {
// GCC/Clang vector extensions: 4-wide SIMD on every target (SSE2, NEON, ...) without
// intrinsics; measured as fast as an AVX2 build for this memory-bound scan.
typedef float F4 __attribute__((vector_size(16)));
typedef int32_t I4 __attribute__((vector_size(16)));
constexpr int64_t kScanBlock = 16;

/// Lane-wise a > m ? a : m: a NaN in `a` keeps m. On x86 that is exactly MAXPS (which
/// returns its second operand when either is NaN), one instruction instead of the
/// compare-and-blend sequence GCC emits for the ternary without -ffast-math.
inline F4 max_keep(F4 a, F4 m) {
#if defined(__SSE__)
  return reinterpret_cast<F4>(_mm_max_ps(reinterpret_cast<__m128>(a), reinterpret_cast<__m128>(m)));
#else
  return a > m ? a : m;
#endif
}

/// Copies row[j..j+16) (+ shift[j..j+16) when shift is set) to out; true when any of
/// the 16 values is >= cut. NaN compares false, so it never passes.
inline bool load16_passes(const float* row, const float* shift, float cut, float* out) {
  F4 a[4];
  std::memcpy(a, row, sizeof a);
  if (shift) {
    F4 b[4];
    std::memcpy(b, shift, sizeof b);
    for (int q = 0; q < 4; ++q) a[q] += b[q];
  }
  std::memcpy(out, a, sizeof a);
  const F4 c = {cut, cut, cut, cut};
  const I4 g = (a[0] >= c) | (a[1] >= c) | (a[2] >= c) | (a[3] >= c);
  uint64_t w[2];
  std::memcpy(w, &g, sizeof w);
  return (w[0] | w[1]) != 0;
}
}  // namespace detail

/// Order of the outputs of select_topk_above.
enum class TopKOrder {
  kBestFirst,  ///< value descending, ties by index (a ranked list)
  kByIndex,    ///< index ascending (a set, e.g. SAE latents to decode: no sort needed)
};

/// Exact top `k` of row[j] (+ shift[j]) given `floor`, a value such that at least k of the
/// values are >= floor (see floor_from_groups). One SIMD pass collects the values >= floor
/// in index order (typically 1.3-1.5k of them), nth_element finds the k-th best
/// (value desc, index asc), and the candidates ranking at or before it are the result:
/// exact, ties to the lower index. No heap: at k = 48 a heap's per-push cost dominated.
/// Returns false, outputs unspecified, when fewer than k values were >= floor (NaN floor,
/// NaNs in the row); select_topk_row_grouped then falls back.
inline bool select_topk_above(const float* row, const float* shift, int64_t n, int64_t k, float floor,
                              int64_t* out_idx, float* out_val, TopKOrder order = TopKOrder::kBestFirst) {
  struct Candidate {
    float v;
    int64_t j;
  };
  thread_local std::vector<Candidate> found_tls, work_tls;
  std::vector<Candidate>& found = found_tls;  // one TLS lookup per call
  if (static_cast<int64_t>(found.size()) < n + detail::kScanBlock) found.resize(static_cast<size_t>(n + detail::kScanBlock));
  Candidate* out = found.data();
  int64_t m = 0;
  alignas(16) float v[detail::kScanBlock];
  int64_t j = 0;
  for (; j + detail::kScanBlock <= n; j += detail::kScanBlock) {
    if (!detail::load16_passes(row + j, shift ? shift + j : nullptr, floor, v)) continue;
    // Branch-free compaction: always write, advance only past values >= floor.
    for (int64_t t = 0; t < detail::kScanBlock; ++t) {
      out[m] = {v[t], j + t};
      m += v[t] >= floor;
    }
  }
  for (; j < n; ++j) {
    const float x = shift ? row[j] + shift[j] : row[j];
    out[m] = {x, j};
    m += x >= floor;
  }
  if (m < k) return false;
  auto better = [](const Candidate& a, const Candidate& b) { return a.v > b.v || (a.v == b.v && a.j < b.j); };
  if (order == TopKOrder::kBestFirst) {
    if (m > k) std::nth_element(out, out + (k - 1), out + m, better);
    std::sort(out, out + k, better);
    for (int64_t t = 0; t < k; ++t) {
      out_idx[t] = out[t].j;
      out_val[t] = out[t].v;
    }
    return true;
  }
  // By index: find the k-th best on a copy, then keep, in the collected (index) order,
  // every candidate that ranks at or before it: exactly k of them.
  bool keep_all = m == k;
  Candidate last{};
  if (!keep_all) {
    std::vector<Candidate>& work = work_tls;
    work.assign(out, out + m);
    std::nth_element(work.begin(), work.begin() + (k - 1), work.end(), better);
    last = work[static_cast<size_t>(k - 1)];
  }
  int64_t t = 0;
  for (int64_t c = 0; c < m; ++c)
    if (keep_all || !better(last, out[c])) {
      out_idx[t] = out[c].j;
      out_val[t] = out[c].v;
      ++t;
    }
  return true;
}

/// A floor for select_topk_above computed from the row itself: the values are dealt into
/// G = k rounded up to a multiple of 4 disjoint groups (group g = positions g, g+G, g+2G,
/// ...; the maxima come from vertical SIMD maxes, no horizontal reductions), and the k-th
/// largest group maximum is returned: k different groups reach it, so k values are >= it.
/// With k = 48 of 4,096 about 2-3k values pass it. -inf when a row is too short for
/// two values per group or a group has no finite value.
/// Groups per selected value in floor_from_groups: with 1 group per value the floor is the
/// minimum group maximum and ~4k values pass it (k = 48 of 4,096, Gaussian rows); with 2,
/// ~1.4k pass; more groups barely tighten it and cost a bigger nth_element.
constexpr int64_t kGroupsPerK = 2;
inline float floor_from_groups(const float* row, const float* shift, int64_t n, int64_t k) {
  const int64_t groups = (kGroupsPerK * k + 3) / 4 * 4, quads = groups / 4;
  const float neg_inf = -std::numeric_limits<float>::infinity();
  if (n < 2 * groups) return neg_inf;
  thread_local std::vector<detail::F4> maxima_tls;
  std::vector<detail::F4>& maxima = maxima_tls;  // one TLS lookup, not one per access
  maxima.assign(static_cast<size_t>(quads), detail::F4{neg_inf, neg_inf, neg_inf, neg_inf});
  detail::F4* __restrict mx = maxima.data();
  const int64_t full_rows = n / groups;
  for (int64_t r = 0; r < full_rows; ++r) {
    const float* p = row + r * groups;
    const float* q = shift ? shift + r * groups : nullptr;
    for (int64_t g = 0; g < quads; ++g) {
      detail::F4 a;
      std::memcpy(&a, p + 4 * g, sizeof a);
      if (q) {
        detail::F4 b;
        std::memcpy(&b, q + 4 * g, sizeof b);
        a += b;
      }
      mx[g] = detail::max_keep(a, mx[g]);
    }
  }
  thread_local std::vector<float> flat_tls;
  std::vector<float>& flat = flat_tls;
  flat.resize(static_cast<size_t>(groups));
  std::memcpy(flat.data(), maxima.data(), sizeof(float) * static_cast<size_t>(groups));
  std::nth_element(flat.begin(), flat.begin() + (k - 1), flat.end(), std::greater<float>());
  return flat[static_cast<size_t>(k - 1)];
}

/// Exact top `k` of row[j] (+ shift[j]), ties to the lower index: floor_from_groups, one
/// select_topk_above pass, and the plain heap as fallback (short rows, NaN, -inf groups).
/// The steering evaluator's encode (k = k_sae of N latents) and item ranking (K of I items)
/// both run through it.
inline void select_topk_row_grouped(const float* row, const float* shift, int64_t n, int64_t k, int64_t* out_idx,
                                    float* out_val, TopKOrder order = TopKOrder::kBestFirst) {
  const float floor = floor_from_groups(row, shift, n, k);
  if (floor > -std::numeric_limits<float>::infinity() &&
      select_topk_above(row, shift, n, k, floor, out_idx, out_val, order))
    return;
  if (shift)
    select_topk([row, shift](int64_t j) { return row[j] + shift[j]; }, n, k, out_idx, out_val);
  else
    select_topk([row](int64_t j) { return row[j]; }, n, k, out_idx, out_val);
  if (order == TopKOrder::kByIndex) {  // the heap's result is best-first: reorder by index
    thread_local std::vector<std::pair<int64_t, float>> pairs;
    pairs.resize(static_cast<size_t>(k));
    for (int64_t t = 0; t < k; ++t) pairs[static_cast<size_t>(t)] = {out_idx[t], out_val[t]};
    std::sort(pairs.begin(), pairs.end());
    for (int64_t t = 0; t < k; ++t) {
      out_idx[t] = pairs[static_cast<size_t>(t)].first;
      out_val[t] = pairs[static_cast<size_t>(t)].second;
    }
  }
}

/// Exact top `k` of a contiguous row, best first (select_topk_row_grouped).
inline void select_topk_row(const float* row, int64_t n, int64_t k, int64_t* out_idx, float* out_val) {
  select_topk_row_grouped(row, nullptr, n, k, out_idx, out_val);
}

/// Exact top `k` of row[j] + shift[j] without materialising the sum (steering), best first.
inline void select_topk_row_shifted(const float* row, const float* shift, int64_t n, int64_t k, int64_t* out_idx,
                                    float* out_val) {
  select_topk_row_grouped(row, shift, n, k, out_idx, out_val);
}

}  // namespace popsteer::sae
