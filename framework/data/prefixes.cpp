#include "data/prefixes.h"

#include <algorithm>
#include <cassert>

namespace popsteer::data {

std::vector<PrefixSample> training_prefixes(const Dataset& data) {
  std::vector<PrefixSample> out;
  int64_t total = 0;
  for (int32_t u = 1; u <= data.n_users; ++u)
    total += std::max<int64_t>(0, static_cast<int64_t>(data.sequences[u].size()) - 3);
  out.reserve(total);
  for (int32_t u = 1; u <= data.n_users; ++u) {
    const auto& s = data.sequences[u];
    const auto n = static_cast<int32_t>(s.size());
    for (int32_t end = 1; end <= n - 3; ++end) out.push_back({u, end, s[end]});
  }
  return out;
}

PrefixSample eval_sample(const Dataset& data, int32_t user, Split split) {
  const auto& s = data.sequences[user];
  assert(s.size() >= 3);
  const auto end = static_cast<int32_t>(s.size()) - (split == Split::kValid ? 2 : 1);
  return {user, end, s[end]};
}

std::span<const int32_t> prefix_window(const Dataset& data, const PrefixSample& s,
                                       int32_t max_len) {
  const auto& seq = data.sequences[s.user];
  const int32_t start = std::max(0, s.end - max_len);
  return {seq.data() + start, static_cast<size_t>(s.end - start)};
}

int32_t fill_window(const Dataset& data, const PrefixSample& s, int32_t max_len, int32_t* out) {
  const auto w = prefix_window(data, s, max_len);
  std::copy(w.begin(), w.end(), out);
  std::fill(out + w.size(), out + max_len, 0);
  return static_cast<int32_t>(w.size());
}

}  // namespace popsteer::data
