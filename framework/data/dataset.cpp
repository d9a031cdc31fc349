#include "data/dataset.h"

#include <cassert>

namespace popsteer::data {

int64_t Dataset::n_interactions() const {
  int64_t n = 0;
  for (const auto& s : sequences) n += static_cast<int64_t>(s.size());
  return n;
}

std::span<const int32_t> Dataset::train_items(int32_t user) const {
  const auto& s = sequences[user];
  assert(s.size() >= 3);
  return {s.data(), s.size() - 2};
}

std::span<const int32_t> Dataset::context(int32_t user, Split split) const {
  const auto& s = sequences[user];
  assert(s.size() >= 3);
  return {s.data(), s.size() - (split == Split::kValid ? 2 : 1)};
}

int32_t Dataset::target(int32_t user, Split split) const {
  const auto& s = sequences[user];
  return s[s.size() - (split == Split::kValid ? 2 : 1)];
}

std::vector<int32_t> Dataset::head_items() const {
  std::vector<int32_t> out;
  for (int32_t i = 1; i <= n_items; ++i)
    if (item_group[i] == kHead) out.push_back(i);
  return out;
}

std::vector<int32_t> Dataset::tail_items() const {
  std::vector<int32_t> out;
  for (int32_t i = 1; i <= n_items; ++i)
    if (item_group[i] == kTail) out.push_back(i);
  return out;
}

int64_t Dataset::n_train_interactions() const {
  int64_t n = 0;
  for (size_t i = 1; i < train_count.size(); ++i) n += train_count[i];
  return n;
}

double Dataset::pop_score(int32_t item) const {
  const int64_t total = n_train_interactions();
  return total > 0 ? static_cast<double>(train_count[item]) / static_cast<double>(total) : 0.0;
}

}  // namespace popsteer::data
