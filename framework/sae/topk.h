#pragma once
/// Deterministic top-k selection over rows of a float matrix: the k largest values, ties
/// broken by the lower index (ALGORITHMS.md §0, A-7). torch::topk does not promise any
/// tie order, so every top-k in the SAE, the steering evaluator and the item ranking goes
/// through these helpers. A bounded min-heap of size k: O(n + m log k) per row, where m
/// (the number of heap replacements) is ~k·ln(n/k) for inputs in random order.
#include <algorithm>
#include <cstdint>
#include <limits>

namespace popsteer::sae {

/// True when (va, ia) ranks strictly before (vb, ib): larger value, or equal value and
/// lower index. NaN ranks after everything (treated as -inf, lower index still first).
inline bool ranks_before(float va, int64_t ia, float vb, int64_t ib) {
  const float a = va != va ? -std::numeric_limits<float>::infinity() : va;
  const float b = vb != vb ? -std::numeric_limits<float>::infinity() : vb;
  return a > b || (a == b && ia < ib);
}

/// Selects the top `k` of `value(j)` for j in [0, n) into out_idx/out_val (length k,
/// sorted best first). `value` is any callable int64_t -> float, so a shift (steering)
/// or a mask (AuxK's dead set) can be fused into the scan. Requires 0 < k <= n.
template <class ValueFn>
void select_topk(ValueFn&& value, int64_t n, int64_t k, int64_t* out_idx, float* out_val) {
  // Min-heap on "rank": heap[0] is the worst of the current k.
  auto worse = [](float va, int64_t ia, float vb, int64_t ib) { return ranks_before(vb, ib, va, ia); };
  int64_t size = 0;
  auto sift_down = [&](int64_t pos) {
    for (;;) {
      int64_t l = 2 * pos + 1, r = l + 1, w = pos;
      if (l < size && worse(out_val[l], out_idx[l], out_val[w], out_idx[w])) w = l;
      if (r < size && worse(out_val[r], out_idx[r], out_val[w], out_idx[w])) w = r;
      if (w == pos) return;
      std::swap(out_val[w], out_val[pos]);
      std::swap(out_idx[w], out_idx[pos]);
      pos = w;
    }
  };
  for (int64_t j = 0; j < n; ++j) {
    const float v = value(j);
    if (size < k) {
      int64_t pos = size++;
      out_val[pos] = v;
      out_idx[pos] = j;
      while (pos > 0) {  // sift up
        const int64_t parent = (pos - 1) / 2;
        if (!worse(out_val[pos], out_idx[pos], out_val[parent], out_idx[parent])) break;
        std::swap(out_val[pos], out_val[parent]);
        std::swap(out_idx[pos], out_idx[parent]);
        pos = parent;
      }
    } else if (ranks_before(v, j, out_val[0], out_idx[0])) {
      out_val[0] = v;
      out_idx[0] = j;
      sift_down(0);
    }
  }
  // Heap -> sorted best first (k is small; insertion sort on pairs).
  for (int64_t a = 1; a < k; ++a) {
    const float v = out_val[a];
    const int64_t i = out_idx[a];
    int64_t b = a;
    while (b > 0 && ranks_before(v, i, out_val[b - 1], out_idx[b - 1])) {
      out_val[b] = out_val[b - 1];
      out_idx[b] = out_idx[b - 1];
      --b;
    }
    out_val[b] = v;
    out_idx[b] = i;
  }
}

}  // namespace popsteer::sae
