#include "rerank/reranker.h"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

namespace popsteer::rerank {

void check_input(const RerankInput& in, const std::string& method, bool needs_profiles) {
  auto fail = [&](const std::string& what) { throw std::invalid_argument(method + ": " + what); };
  if (in.candidates == nullptr) fail("no candidate lists");
  const auto& c = *in.candidates;
  if (static_cast<int64_t>(c.sizes.size()) != c.n_rows ||
      static_cast<int64_t>(c.items.size()) != c.n_rows * c.width ||
      c.items.size() != c.scores.size())
    fail("candidate lists have inconsistent shapes");
  if (static_cast<int64_t>(in.users.size()) != c.n_rows)
    fail(std::to_string(in.users.size()) + " user ids for " + std::to_string(c.n_rows) + " rows");
  if (in.k < 1) fail("k must be >= 1");
  const size_t n = static_cast<size_t>(in.labels.n_items) + 1;
  if (in.labels.group.size() != n || in.labels.train_count.size() != n)
    fail("item labels must have n_items + 1 entries");
  if (needs_profiles && static_cast<int64_t>(in.profiles.size()) != c.n_rows)
    fail("needs one profile per row (" + std::to_string(in.profiles.size()) + " given for " +
         std::to_string(c.n_rows) + " rows)");
  for (int32_t i : c.items)
    if (i < 0 || static_cast<size_t>(i) >= n) fail("candidate item id " + std::to_string(i) + " out of range");
}

void for_each_row(int64_t n_rows, int n_threads, const std::function<void(int64_t)>& fn) {
  int n = n_threads > 0 ? n_threads : static_cast<int>(std::thread::hardware_concurrency());
  n = static_cast<int>(std::clamp<int64_t>(n, 1, std::max<int64_t>(1, n_rows / 64)));
  if (n == 1) {
    for (int64_t r = 0; r < n_rows; ++r) fn(r);
    return;
  }
  std::vector<std::thread> pool;
  for (int w = 0; w < n; ++w)
    pool.emplace_back([&, w] {
      for (int64_t r = w * n_rows / n; r < (w + 1) * n_rows / n; ++r) fn(r);
    });
  for (auto& t : pool) t.join();
}

}  // namespace popsteer::rerank
