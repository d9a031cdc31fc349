#include "rerank/random.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "core/seed.h"

namespace popsteer::rerank {

std::vector<ParamSpec> RandomOptions::specs() {
  const RandomOptions d;
  return {ParamSpec::integer("t", d.t, {1, 1e6}, "sample from the top-t candidates"),
          ParamSpec::integer("seed", d.seed, {0, 9.007199254740992e15}, "config seed (per-user seeds derive from it)")};
}

RandomOptions RandomOptions::from(const ParamValues& p) {
  RandomOptions o;
  o.t = p.integer("t");
  o.seed = p.integer("seed");
  return o;
}

namespace {

// Unbiased integer in [0, n) by rejection (portable across standard libraries, unlike
// std::uniform_int_distribution).
uint64_t bounded(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = rng();
  while (x >= limit);
  return x % n;
}

}  // namespace

metrics::TopKLists RandomRerank::rerank(const RerankInput& in) const {
  check_input(in, name(), false);
  const auto& c = *in.candidates;
  metrics::TopKLists out = metrics::TopKLists::empty(c.n_rows, in.k);
  for_each_row(c.n_rows, in.n_threads, [&](int64_t r) {
    const auto items = c.row_items(r);
    const size_t n = std::min<size_t>(items.size(), static_cast<size_t>(o_.t));
    std::vector<int32_t> pool(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(n));
    std::mt19937_64 rng(derive_seed(static_cast<uint64_t>(o_.seed), "rerank.random",
                                    static_cast<uint64_t>(in.users[r])));
    const size_t k = std::min<size_t>(n, static_cast<size_t>(in.k));
    auto dst = out.row(r);
    for (size_t j = 0; j < k; ++j) {  // partial Fisher-Yates
      std::swap(pool[j], pool[j + bounded(rng, n - j)]);
      dst[j] = pool[j];
    }
  });
  return out;
}

}  // namespace popsteer::rerank
