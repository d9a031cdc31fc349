#pragma once
/// Figures like the thesis's Figs 7.1/7.2 (NDCG@K vs ItemCoverage@K and vs Gini@K, one
/// series per method, its validation-selected Pareto frontier drawn as a line) and
/// Fig 7.5 (NDCG vs head NDCG, NDCG vs non-head NDCG), as gnuplot data + script text.
/// Pure: returns file contents; the cli writes them and runs gnuplot.
#include <string>
#include <vector>

#include "aggregate/grouping.h"

namespace popsteer::aggregate {

struct PlotOptions {
  std::string split = "test";        ///< split whose values are drawn ("test" | "valid")
  std::string terminal = "pngcairo";  ///< gnuplot terminal ("pngcairo" | "png")
  int width = 1000;                  ///< pixels
  int height = 700;                  ///< pixels
};

/// One file to write, path relative to the output directory.
struct OutputFile {
  std::string path;
  std::string content;
};

/// The panel's plot folder, relative: "plots/<dataset>_<backbone>" (+ "_k<K>" if K != 10),
/// with characters outside [A-Za-z0-9._-] replaced by '_'.
std::string panel_plot_dir(const Panel& panel);

/// Data files (<method>.dat: every config; <method>.coverage_front.dat and
/// <method>.gini_front.dat: the validation frontiers) and the script "plot.gp", all inside
/// panel_plot_dir(panel). Running `gnuplot plot.gp` in that folder writes coverage.png,
/// gini.png, head.png and tail.png. Data columns: 1 ndcg, 2 coverage, 3 gini,
/// 4 ndcg_head, 5 ndcg_tail, 6 ndcg_nonhead, 7 config_id. Configs without a row on
/// options.split are left out. Throws UserError for a split other than valid/test.
std::vector<OutputFile> panel_plot_files(const Panel& panel, const PlotOptions& options);

}  // namespace popsteer::aggregate
