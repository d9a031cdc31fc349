#pragma once
/// Groups result rows into panels (dataset, backbone, K) and, inside a panel, into one
/// group per method whose members are configs matched between splits by config_id.
/// Failed rows (status != "ok" or a non-finite metric) are excluded and counted.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sweep/result_row.h"

namespace popsteer::aggregate {

/// One config of one method: its validation row (always present and ok) and, when the
/// test split produced an ok row with the same config_id, its test row.
struct ConfigResult {
  sweep::ResultRow valid;                 ///< split "valid", status "ok"
  std::optional<sweep::ResultRow> test;   ///< split "test", status "ok"; absent if missing/failed
  const std::string& config_id() const { return valid.config_id; }
  const std::string& label() const { return valid.label; }
};

/// All configs of one method in one panel, sorted by config_id (ascending).
struct MethodGroup {
  std::string method;
  std::vector<ConfigResult> configs;
  int64_t failed_valid = 0;   ///< validation rows excluded (failed or non-finite metric)
  int64_t failed_test = 0;    ///< test rows excluded (failed or non-finite metric)
  int64_t test_missing = 0;   ///< ok validation configs without an ok test row
  int64_t test_orphans = 0;   ///< ok test rows whose config has no ok validation row
  double test_seconds = 0;    ///< sum of `seconds` over the ok test rows
};

/// One (dataset, backbone, K): the unit of a figure and of a table.
struct Panel {
  std::string dataset;
  std::string backbone;
  int64_t k = 10;
  std::vector<MethodGroup> methods;  ///< canonical method order (method_rank), then by name

  /// The group of `method`, or nullptr.
  const MethodGroup* find(const std::string& method) const;
  /// "dataset/backbone" (+ "@K" when K != 10).
  std::string name() const;
};

/// Everything the tables and figures are built from.
struct GroupedResults {
  std::vector<Panel> panels;  ///< sorted by (dataset, backbone, k)
  int64_t rows = 0;           ///< rows given
  int64_t failed_rows = 0;    ///< rows excluded because failed / non-finite
  int64_t other_split_rows = 0;  ///< rows whose split is neither "valid" nor "test" (ignored)
};

/// Position of a method in tables and legends: base, sae, popsteer, noise, randomselect,
/// ipr, fair, pmmf, pct, duor, random; unknown methods after these (then sorted by name).
int method_rank(const std::string& method);

/// Display name of a method ("popsteer" -> "PopSteer", "fair" -> "FA*IR", ...); unknown
/// names are returned unchanged.
std::string method_display_name(const std::string& method);

/// True when the row is usable: status "ok" and every metric finite.
bool row_is_ok(const sweep::ResultRow& row);

/// Groups `rows` (any order). Within one panel and split a config_id must be unique among
/// ok rows, unless the duplicates carry identical metrics (then one is kept); a failed row
/// beside an ok row of the same config (a retry) is counted as failed and ignored.
/// Throws UserError when two ok rows of one config and split disagree, or when one
/// config_id appears under two methods.
GroupedResults group_results(const std::vector<sweep::ResultRow>& rows);

}  // namespace popsteer::aggregate
