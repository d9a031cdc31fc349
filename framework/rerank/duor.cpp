#include "rerank/duor.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace popsteer::rerank {

std::vector<ParamSpec> DuorOptions::specs() {
  const DuorOptions d;
  return {ParamSpec::integer("t", d.t, {1, 1e6}, "number of candidates re-ranked (long list)")};
}

DuorOptions DuorOptions::from(const ParamValues& p) {
  DuorOptions o;
  o.t = p.integer("t");
  return o;
}

std::vector<int32_t> duor_picks(std::span<const uint8_t> head, int64_t prof_head, int64_t prof_size,
                                int32_t k) {
  if (prof_size <= 0) prof_head = 1, prof_size = 2;  // empty profile: pop_u = 0.5
  const int32_t n = static_cast<int32_t>(head.size());
  std::array<int32_t, 2> next{0, 0};  // first unpicked tail (0) / head (1) candidate
  auto advance = [&](int cls, int32_t j) {
    while (j < n && (head[j] != 0) != (cls == 1)) ++j;
    return j;
  };
  next[0] = advance(0, 0);
  next[1] = advance(1, 0);
  std::vector<int32_t> picks;
  int64_t rec_head = 0;
  while (static_cast<int32_t>(picks.size()) < k && (next[0] < n || next[1] < n)) {
    int cls;  // which class to take from; -1 = best remaining
    if (picks.empty()) {
      cls = -1;
    } else {
      // Compare rec_head / |picks| with prof_head / prof_size exactly.
      const int64_t lhs = rec_head * prof_size, rhs = prof_head * static_cast<int64_t>(picks.size());
      cls = lhs < rhs ? 1 : (lhs > rhs ? 0 : -1);
      if (cls >= 0 && next[cls] >= n) cls = -1;  // allowed set empty -> all remaining
    }
    if (cls < 0) cls = next[1] < next[0] ? 1 : 0;
    picks.push_back(next[cls]);
    rec_head += cls;
    next[cls] = advance(cls, next[cls] + 1);
  }
  return picks;
}

metrics::TopKLists Duor::rerank(const RerankInput& in) const {
  check_input(in, name(), true);
  if (in.labels.pareto_head.size() != in.labels.group.size())
    throw std::invalid_argument("duor: needs the Pareto head labels (n_items + 1 entries)");
  const auto& c = *in.candidates;
  const auto& ph = in.labels.pareto_head;
  metrics::TopKLists out = metrics::TopKLists::empty(c.n_rows, in.k);
  for_each_row(c.n_rows, in.n_threads, [&](int64_t r) {
    int64_t prof_head = 0, prof_size = 0;
    for (int32_t i : in.profiles[r]) {
      if (i <= 0 || i > in.labels.n_items) continue;  // padding never counts
      ++prof_size;
      prof_head += ph[i] ? 1 : 0;
    }
    const auto items = c.row_items(r);
    const size_t n = std::min<size_t>(items.size(), static_cast<size_t>(o_.t));
    std::vector<uint8_t> head(n);
    for (size_t j = 0; j < n; ++j) head[j] = ph[items[j]] ? 1 : 0;
    auto picks = duor_picks(head, prof_head, prof_size, in.k);
    std::sort(picks.begin(), picks.end());  // candidate order = (score desc, id asc)
    auto dst = out.row(r);
    size_t slot = 0;
    for (int32_t j : picks) dst[slot++] = items[j];
    for (size_t j = n; slot < static_cast<size_t>(in.k) && j < items.size(); ++j) dst[slot++] = items[j];
  });
  return out;
}

}  // namespace popsteer::rerank
