#include "metrics/ranking.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace popsteer::metrics {
namespace {

struct Entry {
  float score;
  int32_t item;
};

// Strict "a ranks before b": score desc, id asc.
inline bool better(const Entry& a, const Entry& b) {
  return a.score > b.score || (a.score == b.score && a.item < b.item);
}

// Keeps the best `cap` entries seen so far in a heap whose top is the worst kept one, so
// an item that cannot enter costs one comparison (the common case once the heap fills).
class BestN {
 public:
  explicit BestN(int32_t cap) : cap_(cap) { heap_.reserve(cap); }
  void clear() { heap_.clear(); }
  void offer(const Entry& e) {
    if (cap_ <= 0) return;
    if (static_cast<int32_t>(heap_.size()) < cap_) {
      heap_.push_back(e);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (better(e, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = e;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }
  std::vector<Entry>& entries() { return heap_; }

 private:
  int32_t cap_;
  std::vector<Entry> heap_;
};

void check_matrix(const ScoreMatrix& s, const RankOptions& o) {
  if (s.n_rows < 0 || s.n_cols < 1 ||
      static_cast<int64_t>(s.data.size()) != s.n_rows * s.n_cols)
    throw std::invalid_argument("score matrix: data size " + std::to_string(s.data.size()) +
                                " != " + std::to_string(s.n_rows) + " x " +
                                std::to_string(s.n_cols));
  if (!o.exclude.empty() && static_cast<int64_t>(o.exclude.size()) != s.n_rows)
    throw std::invalid_argument("history mask has " + std::to_string(o.exclude.size()) +
                                " rows, score matrix " + std::to_string(s.n_rows));
}

// Runs fn(row, worker) for all rows on n threads; rows are independent so the result does
// not depend on the split.
template <class Fn>
void for_rows(int64_t n_rows, int n_threads, Fn&& fn) {
  int n = n_threads > 0 ? n_threads : static_cast<int>(std::thread::hardware_concurrency());
  n = static_cast<int>(std::clamp<int64_t>(n, 1, std::max<int64_t>(1, n_rows / 64)));
  if (n == 1) {
    for (int64_t r = 0; r < n_rows; ++r) fn(r, 0);
    return;
  }
  std::vector<std::thread> pool;
  for (int w = 0; w < n; ++w)
    pool.emplace_back([&, w] {
      for (int64_t r = w * n_rows / n; r < (w + 1) * n_rows / n; ++r) fn(r, w);
    });
  for (auto& t : pool) t.join();
}

// Per-worker scratch: a stamp per item marks the current row's excluded items in O(|mask|).
struct Scratch {
  std::vector<int64_t> stamp;
  bool excluded(int32_t item, int64_t row) const { return stamp[item] == row + 1; }
};

void mark_excluded(Scratch& s, const RankOptions& o, int64_t row, int64_t n_cols) {
  if (o.exclude.empty()) return;
  for (int32_t item : o.exclude[row])
    if (item > 0 && item < n_cols) s.stamp[item] = row + 1;
}

inline float clean(float v) { return std::isnan(v) ? -std::numeric_limits<float>::infinity() : v; }

}  // namespace

TopKLists top_k(const ScoreMatrix& s, int32_t k, const RankOptions& o) {
  check_matrix(s, o);
  if (k < 0) throw std::invalid_argument("top_k: k < 0");
  TopKLists out = TopKLists::empty(s.n_rows, k);
  const int n_workers = std::max(1, o.n_threads > 0 ? o.n_threads
                                                    : static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<Scratch> scratch(n_workers, Scratch{std::vector<int64_t>(s.n_cols, 0)});
  std::vector<BestN> best(n_workers, BestN(k));
  for_rows(s.n_rows, n_workers, [&](int64_t r, int w) {
    mark_excluded(scratch[w], o, r, s.n_cols);
    BestN& b = best[w];
    b.clear();
    const float* row = s.data.data() + r * s.n_cols;
    for (int64_t i = 1; i < s.n_cols; ++i)
      if (!scratch[w].excluded(static_cast<int32_t>(i), r))
        b.offer({clean(row[i]), static_cast<int32_t>(i)});
    auto& e = b.entries();
    std::sort(e.begin(), e.end(), better);
    auto dst = out.row(r);
    for (size_t j = 0; j < e.size(); ++j) dst[j] = e[j].item;
  });
  return out;
}

CandidateLists top_candidates(const ScoreMatrix& s, int32_t length, const RankOptions& o,
                              std::span<const int8_t> item_group, int32_t per_group) {
  check_matrix(s, o);
  if (length < 0 || per_group < 0) throw std::invalid_argument("top_candidates: negative size");
  const bool grouped = per_group > 0 && !item_group.empty();
  if (grouped && static_cast<int64_t>(item_group.size()) != s.n_cols)
    throw std::invalid_argument("top_candidates: item_group size != n_cols");
  const int32_t width = length + (grouped ? 3 * per_group : 0);
  CandidateLists out = CandidateLists::empty(s.n_rows, width);
  const int n_workers = std::max(1, o.n_threads > 0 ? o.n_threads
                                                    : static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<Scratch> scratch(n_workers, Scratch{std::vector<int64_t>(s.n_cols, 0)});
  // Per worker: overall heap + one heap per group (label -1/0/+1 -> 0/1/2).
  std::vector<std::vector<BestN>> heaps(n_workers);
  for (auto& h : heaps) {
    h.emplace_back(length);
    for (int g = 0; g < 3; ++g) h.emplace_back(grouped ? per_group : 0);
  }
  std::vector<std::vector<Entry>> merged(n_workers);
  for_rows(s.n_rows, n_workers, [&](int64_t r, int w) {
    mark_excluded(scratch[w], o, r, s.n_cols);
    auto& h = heaps[w];
    for (auto& b : h) b.clear();
    const float* row = s.data.data() + r * s.n_cols;
    for (int64_t i = 1; i < s.n_cols; ++i) {
      if (scratch[w].excluded(static_cast<int32_t>(i), r)) continue;
      const Entry e{clean(row[i]), static_cast<int32_t>(i)};
      h[0].offer(e);
      if (grouped) h[1 + std::clamp<int>(item_group[i], -1, 1) + 1].offer(e);
    }
    auto& m = merged[w];
    m.clear();
    for (auto& b : h) m.insert(m.end(), b.entries().begin(), b.entries().end());
    std::sort(m.begin(), m.end(), better);
    // An item can sit in the overall heap and in its group's heap: keep one copy.
    m.erase(std::unique(m.begin(), m.end(),
                        [](const Entry& a, const Entry& b) { return a.item == b.item; }),
            m.end());
    int32_t* items = out.items.data() + r * width;
    float* sc = out.scores.data() + r * width;
    for (size_t j = 0; j < m.size(); ++j) items[j] = m[j].item, sc[j] = m[j].score;
    out.sizes[r] = static_cast<int32_t>(m.size());
  });
  return out;
}

}  // namespace popsteer::metrics
