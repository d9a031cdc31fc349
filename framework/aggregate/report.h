#pragma once
/// Builds every table of `popsteer aggregate` from grouped rows: per panel the
/// validation-selected Pareto frontiers (reported on test), the matched-accuracy summary
/// (Table 7.2 protocol), the per-parameter ablation table (Table 7.2 layout) and the
/// bookkeeping counts (failed rows, unmatched configs, test seconds).
#include <string>
#include <vector>

#include "aggregate/grouping.h"
#include "aggregate/selection.h"
#include "aggregate/table.h"

namespace popsteer::aggregate {

struct ReportOptions {
  SelectionOptions selection;          ///< floor fraction, base method, objective
  std::string by_param = "beta";       ///< parameter (key of params_json) of the ablation table; "" = none
  std::vector<std::string> by_methods = {"popsteer", "noise", "randomselect"};  ///< its columns
};

/// All tables, one per panel each (panels without the needed rows are skipped and noted).
struct Report {
  std::vector<Table> summary;   ///< matched-accuracy selection, one row per method
  std::vector<Table> frontier;  ///< validation frontiers (coverage and gini) with test values
  std::vector<Table> by_param;  ///< selection per value of options.by_param (Table 7.2)
  std::vector<Table> counts;    ///< configs, failed/unmatched rows, seconds per method
  std::vector<std::string> notes;  ///< global remarks (excluded rows, skipped panels)
};

Report build_report(const GroupedResults& grouped, const ReportOptions& options);

/// The whole report as Markdown: notes, then per panel summary, by-param, frontier, counts.
std::string report_markdown(const Report& report);

/// Value of `key` in a params_json object as display text ("1.5", "sasrec"), or "" when
/// the JSON is invalid or the key is absent.
std::string param_value(const std::string& params_json, const std::string& key);

}  // namespace popsteer::aggregate
