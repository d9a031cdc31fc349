#pragma once
/// The thesis's baseline hyperparameter grid (ALGORITHMS.md §8): 74 configs per dataset
/// and backbone (FA*IR 24, P-MMF 8, PCT 24, DUOR 5, IPR 8, Random 5).
#include <string>
#include <vector>

namespace popsteer::rerank {

/// One baseline config: a registry name and `name=value` parameter assignments.
struct RerankConfig {
  std::string method;
  std::vector<std::string> params;
};

/// The 74 configs in a fixed order (method by method, as in §8).
std::vector<RerankConfig> thesis_grid();

}  // namespace popsteer::rerank
