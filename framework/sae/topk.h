#pragma once
/// Deterministic top-k selection over rows of a float matrix: the k largest values, ties
/// broken by the lower index (ALGORITHMS.md §0, A-7). torch::topk does not promise any
/// tie order, so every top-k in the SAE, the steering evaluator and the item ranking goes
/// through these helpers. A bounded min-heap of size k: O(n + m log k) per row, where m
/// (the number of heap replacements) is ~k·ln(n/k) for inputs in random order. NaN ranks
/// as −inf (and, like any tie, after equal values with a lower index).
#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

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

/// Top `k` of value(j), exact, in two passes. Pass 1 takes the maximum of each
/// block of 16 values (branch-free, vectorisable); the k-th largest block maximum T is a
/// lower bound of the k-th largest value (k elements are >= T). Pass 2 feeds only values
/// >= T (typically a few k) to the heap in index order, so the tie rule is unchanged.
/// NaN never passes the filter and ranks as −inf anyway; rows too short for the filter,
/// or whose bound is not finite, use the plain heap.
template <class ValueFn>
void select_topk_filtered(ValueFn&& value, int64_t n, int64_t k, int64_t* out_idx, float* out_val) {
  constexpr int64_t kBlock = 16;
  const int64_t blocks = n / kBlock;
  if (blocks < 2 * k) {
    select_topk(value, n, k, out_idx, out_val);
    return;
  }
  thread_local std::vector<float> maxima;
  maxima.resize(static_cast<size_t>(blocks));
  for (int64_t b = 0; b < blocks; ++b) {
    float m = -std::numeric_limits<float>::infinity();
    for (int64_t t = 0; t < kBlock; ++t) {
      const float v = value(b * kBlock + t);
      m = v > m ? v : m;
    }
    maxima[static_cast<size_t>(b)] = m;
  }
  std::nth_element(maxima.begin(), maxima.begin() + (k - 1), maxima.end(), std::greater<float>());
  const float bound = maxima[static_cast<size_t>(k - 1)];
  if (!(bound > -std::numeric_limits<float>::infinity())) {
    select_topk(value, n, k, out_idx, out_val);
    return;
  }
  TopKHeap heap(k, out_idx, out_val);
  for (int64_t j = 0; j < n; ++j) {
    const float v = value(j);
    if (v >= bound) heap.push(v, j);
  }
  heap.finish();
}

/// select_topk_filtered over a contiguous row.
inline void select_topk_row(const float* row, int64_t n, int64_t k, int64_t* out_idx, float* out_val) {
  select_topk_filtered([row](int64_t j) { return row[j]; }, n, k, out_idx, out_val);
}

/// select_topk_filtered over row[j] + shift[j] without materialising the sum (steering).
inline void select_topk_row_shifted(const float* row, const float* shift, int64_t n, int64_t k, int64_t* out_idx,
                                    float* out_val) {
  select_topk_filtered([row, shift](int64_t j) { return row[j] + shift[j]; }, n, k, out_idx, out_val);
}

}  // namespace popsteer::sae
