#pragma once
/// Random baseline (ALGORITHMS.md §7.6): K items drawn uniformly without replacement from
/// the top-t candidates, in draw order (A-35 fixes the reference's sampling with
/// replacement). Each user's generator is seeded with derive_seed(seed, "rerank.random",
/// user id), so lists do not depend on row order or threads. O(t + K) per user.
#include "rerank/params.h"
#include "rerank/reranker.h"

namespace popsteer::rerank {

struct RandomOptions {
  int64_t t = 50;        ///< candidates sampled from; grid {15, 30, 50, 75, 100}
  int64_t seed = 2020;   ///< config seed (RecBole default)

  static std::vector<ParamSpec> specs();
  static RandomOptions from(const ParamValues& p);
};

class RandomRerank final : public Reranker {
 public:
  explicit RandomRerank(RandomOptions o) : o_(o) {}
  std::string name() const override { return "random"; }
  metrics::TopKLists rerank(const RerankInput& input) const override;

 private:
  RandomOptions o_;
};

}  // namespace popsteer::rerank
