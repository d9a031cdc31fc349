#pragma once
/// Averaging over seeds (ALGORITHMS.md §5.3: Noise / RandomSelect "over >= 5 seeds"; also
/// several backbone seeds): ok rows that differ only in the named parameters are replaced
/// by one row holding their mean metrics, before grouping, so that selection and frontiers
/// see the averaged config.
#include <string>
#include <vector>

#include "sweep/result_row.h"

namespace popsteer::aggregate {

/// Replaces every set of ok rows that agree on (dataset, backbone, K, method, split,
/// params_json without `keys`) — and on backbone_seed unless "backbone_seed" is one of
/// `keys` — by one row: metrics and `users` = mean, `seconds` = sum,
/// params_json = the reduced JSON object (keys sorted), config_id = "avg-" + hash of the
/// agreement key without the split (so valid and test still match), label = the reduced
/// parameters as "k=v ..." + " [mean of n]", task_id = "averaged". Rows whose params_json
/// is not a JSON object, failed rows and rows with none of `keys` pass through unchanged
/// (a set of one is still relabelled). Empty `keys` returns the rows unchanged.
/// Caveat: parameters that live only upstream (e.g. the SAE behind a steering config) are
/// not in params_json, so configs that differ only there are merged too.
std::vector<sweep::ResultRow> average_over(const std::vector<sweep::ResultRow>& rows,
                                           const std::vector<std::string>& keys);

}  // namespace popsteer::aggregate
