#pragma once
/// Selection at matched accuracy (ALGORITHMS.md §5.3, thesis Table 7.2 protocol): the
/// config with the best validation fairness subject to
///   valid NDCG >= fraction * valid NDCG(base),
/// reported on test. Only validation values are read to choose.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "aggregate/frontier.h"
#include "aggregate/grouping.h"

namespace popsteer::aggregate {

/// Options of the matched-accuracy selection; defaults are the thesis protocol.
struct SelectionOptions {
  double fraction = 0.9;              ///< NDCG floor as a fraction of the base NDCG, in (0, 1]
  std::string base_method = "base";   ///< the method whose validation NDCG is the reference
  Fairness objective = Fairness::kCoverage;  ///< maximise coverage, or minimise Gini
};

/// The reference accuracy of a panel.
struct BaseReference {
  bool found = false;
  double valid_ndcg = 0;      ///< mean validation NDCG over the base configs
  int64_t configs = 0;        ///< number of base configs averaged (1 in a normal sweep)
  const ConfigResult* config = nullptr;  ///< the base config when there is exactly one
};

/// Base reference of a panel: the mean validation NDCG of `base_method`'s configs.
BaseReference base_reference(const Panel& panel, const std::string& base_method);

/// Index into `configs` of the selected config, or nullopt when no config meets the
/// floor. Among configs with valid.ndcg >= floor: best valid fairness (coverage max or
/// gini min), then higher valid NDCG, then smaller config_id.
std::optional<size_t> select_matched(const std::vector<ConfigResult>& configs, double ndcg_floor,
                                     Fairness objective);

/// A selection result for one method.
struct MethodSelection {
  const MethodGroup* group = nullptr;
  std::optional<size_t> index;   ///< into group->configs
  const ConfigResult* config() const { return index ? &group->configs[*index] : nullptr; }
};

/// Selection for every method of the panel (in panel order); empty when the panel has no
/// base reference. `floor` receives fraction * base NDCG.
std::vector<MethodSelection> select_panel(const Panel& panel, const SelectionOptions& options,
                                          double* floor = nullptr);

}  // namespace popsteer::aggregate
