/// `popsteer aggregate RESULTS_DIR...`: result rows -> Pareto frontiers, matched-accuracy
/// tables (Markdown printed + files, CSV, LaTeX) and gnuplot figures. All selection
/// happens on validation; test values are only reported (docs/readme/aggregate.md).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include "aggregate/averaging.h"
#include "aggregate/grouping.h"
#include "aggregate/plots.h"
#include "aggregate/report.h"
#include "aggregate/rows_table.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/text.h"
#include "sweep/result_io.h"

namespace popsteer::cli {
namespace {

namespace fs = std::filesystem;

struct AggregateArgs {
  std::vector<std::string> dirs;
  std::string out;
  double fraction = 0.9;
  std::string base = "base";
  std::string objective = "coverage";
  std::string by = "beta";
  std::vector<std::string> by_methods = {"popsteer", "noise", "randomselect"};
  std::vector<std::string> average;
  bool plots = false;
  std::string plot_split = "test";
  std::string terminal = "pngcairo";
  bool quiet = false;
};

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << content;
  f.close();
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

/// First executable `name` on PATH, or "".
std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string p = path;
  for (size_t start = 0; start <= p.size();) {
    const size_t end = std::min(p.find(':', start), p.size());
    const fs::path candidate = fs::path(p.substr(start, end - start)) / name;
    std::error_code ec;
    if (end > start && fs::is_regular_file(candidate, ec) &&
        (fs::status(candidate, ec).permissions() & fs::perms::owner_exec) != fs::perms::none) {
      return candidate.string();
    }
    start = end + 1;
  }
  return "";
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Writes `tables` as <stem>.csv and <stem>.tex (one CSV per panel when columns differ).
void write_tables(const fs::path& out, const std::string& stem, const std::vector<aggregate::Table>& tables,
                  std::vector<std::string>& written) {
  if (tables.empty()) return;
  bool same = true;
  for (const auto& t : tables) same = same && t.columns == tables.front().columns;
  if (same) {
    write_file(out / (stem + ".csv"), aggregate::to_csv(tables));
    written.push_back(stem + ".csv");
  } else {
    for (const auto& t : tables) {
      std::string name = stem;
      for (const auto& [k, v] : t.context) name += "_" + v;
      write_file(out / (name + ".csv"), aggregate::to_csv({t}));
      written.push_back(name + ".csv");
    }
  }
  write_file(out / (stem + ".tex"), aggregate::to_latex(tables));
  written.push_back(stem + ".tex");
}

void run_aggregate(const AggregateArgs& a) {
  if (!(a.fraction > 0 && a.fraction <= 1)) {
    throw UserError("--fraction must be in (0, 1], got " + std::to_string(a.fraction));
  }
  std::vector<sweep::ResultRow> rows;
  std::vector<std::string> problems;
  for (const auto& dir : a.dirs) {
    if (!fs::is_directory(dir)) throw UserError(dir + ": not a directory (expected a sweep's results folder)");
    auto set = sweep::read_results(dir);
    std::fprintf(stderr, "popsteer aggregate: %s: %lld files, %zu rows, %zu unreadable files\n", dir.c_str(),
                 static_cast<long long>(set.files), set.rows.size(), set.problems.size());
    for (const auto& p : set.problems) problems.push_back(p.path + ": " + p.message);
    rows.insert(rows.end(), std::make_move_iterator(set.rows.begin()), std::make_move_iterator(set.rows.end()));
  }
  if (rows.empty()) throw UserError("no result rows found in " + a.dirs.front() + " (is the sweep run?)");

  aggregate::ReportOptions opt;
  opt.selection.fraction = a.fraction;
  opt.selection.base_method = a.base;
  opt.selection.objective = a.objective == "gini" ? aggregate::Fairness::kGini : aggregate::Fairness::kCoverage;
  opt.by_param = a.by;
  opt.by_methods = a.by_methods;
  const auto averaged = aggregate::average_over(rows, a.average);
  const auto grouped = aggregate::group_results(averaged);
  auto report = aggregate::build_report(grouped, opt);
  if (!a.average.empty()) {
    report.notes.push_back("Averaged over " + join(a.average) + " before selection: " + std::to_string(rows.size()) +
                           " rows -> " + std::to_string(averaged.size()) + " (rows.csv keeps the raw rows).");
  }
  for (const auto& p : problems) report.notes.push_back("unreadable result file skipped: " + p);

  const fs::path out = a.out.empty() ? fs::path(a.dirs.front()) / "aggregate" : fs::path(a.out);
  std::vector<std::string> written;
  const std::string md = aggregate::report_markdown(report);
  write_file(out / "report.md", md);
  written.push_back("report.md");
  write_tables(out, "summary", report.summary, written);
  write_tables(out, "frontier", report.frontier, written);
  write_tables(out, "counts", report.counts, written);
  if (!a.by.empty()) write_tables(out, "by_" + a.by, report.by_param, written);
  write_file(out / "rows.csv", aggregate::to_csv({aggregate::rows_table(rows)}));
  written.push_back("rows.csv");

  aggregate::PlotOptions po;
  po.split = a.plot_split;
  po.terminal = a.terminal;
  std::vector<std::string> scripts;
  for (const auto& panel : grouped.panels) {
    for (const auto& f : aggregate::panel_plot_files(panel, po)) write_file(out / f.path, f.content);
    scripts.push_back(aggregate::panel_plot_dir(panel));
  }
  if (!a.quiet) std::fputs(md.c_str(), stdout);
  std::fprintf(stderr, "popsteer aggregate: wrote %zu table files and %zu plot folders to %s\n", written.size(),
               scripts.size(), out.string().c_str());

  if (!a.plots) {
    std::fprintf(stderr, "popsteer aggregate: plots not rendered (add --plots); run `gnuplot plot.gp` in %s/plots/*\n",
                 out.string().c_str());
    return;
  }
  const std::string gnuplot = find_program("gnuplot");
  if (gnuplot.empty()) {
    std::fprintf(stderr, "popsteer aggregate: gnuplot not found on PATH; the scripts are in %s/plots/*/plot.gp\n",
                 out.string().c_str());
    return;
  }
  for (const auto& dir : scripts) {
    const std::string cmd = "cd " + shell_quote((out / dir).string()) + " && " + shell_quote(gnuplot) + " plot.gp";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("gnuplot failed on " + (out / dir / "plot.gp").string());
    std::fprintf(stderr, "popsteer aggregate: rendered %s/{coverage,gini,head,tail}.png\n", (out / dir).string().c_str());
  }
}

}  // namespace

void add_aggregate_commands(CLI::App& app) {
  auto a = std::make_shared<AggregateArgs>();
  auto* cmd = app.add_subcommand(
      "aggregate", "Results -> validation-selected Pareto frontiers, matched-accuracy tables, figures");
  cmd->add_option("RESULTS_DIR", a->dirs, "Sweep results folder(s) (containing tasks/*/rows.h5)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("-o,--out", a->out, "Output folder (default RESULTS_DIR/aggregate)");
  cmd->add_option("--fraction", a->fraction, "NDCG floor as a fraction of the base method's validation NDCG")
      ->capture_default_str();
  cmd->add_option("--base", a->base, "Method whose validation NDCG is the reference")->capture_default_str();
  cmd->add_option("--objective", a->objective, "Selection objective: maximise coverage or minimise gini")
      ->check(CLI::IsMember({"coverage", "gini"}))
      ->capture_default_str();
  cmd->add_option("--by", a->by, "params_json key of the per-value (Table 7.2) table; '' = none")
      ->capture_default_str();
  cmd->add_option("--by-methods", a->by_methods, "Methods in the per-value table")->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--average", a->average,
                  "params_json keys (and/or backbone_seed) to average over before selection, e.g. seed")
      ->delimiter(',');
  cmd->add_flag("--plots", a->plots, "Render the figures to PNG with gnuplot (if on PATH)");
  cmd->add_option("--plot-split", a->plot_split, "Split whose values are plotted")
      ->check(CLI::IsMember({"test", "valid"}))
      ->capture_default_str();
  cmd->add_option("--terminal", a->terminal, "gnuplot terminal for the PNGs")
      ->check(CLI::IsMember({"pngcairo", "png"}))
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", a->quiet, "Do not print the Markdown report");
  cmd->callback([a] { run_aggregate(*a); });
}

}  // namespace popsteer::cli
