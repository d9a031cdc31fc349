#include "aggregate/plots.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "aggregate/frontier.h"
#include "core/error.h"

namespace popsteer::aggregate {
namespace {

// One colour and point type per method (canonical order of method_rank), so a method
// looks the same in every panel.
constexpr std::array<const char*, 12> kColors = {"#000000", "#7f7f7f", "#d62728", "#ff7f0e",
                                                 "#8c564b", "#1f77b4", "#2ca02c", "#9467bd",
                                                 "#17becf", "#e377c2", "#bcbd22", "#393b79"};
constexpr std::array<int, 12> kPointTypes = {5, 4, 7, 9, 11, 13, 15, 1, 2, 3, 6, 8};

std::string sanitize(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out.empty() ? "_" : out;
}

const sweep::ResultRow* row_on(const ConfigResult& c, bool test) {
  return test ? (c.test ? &*c.test : nullptr) : &c.valid;
}

std::string data_line(const sweep::ResultRow& r) {
  return fmt::format("{:.10g} {:.10g} {:.10g} {:.10g} {:.10g} {:.10g} {}\n", r.ndcg, r.coverage, r.gini,
                     r.ndcg_head, r.ndcg_tail, r.ndcg_nonhead, sanitize(r.config_id));
}

constexpr const char* kHeader = "# ndcg coverage gini ndcg_head ndcg_tail ndcg_nonhead config_id\n";

struct Series {
  std::string file_stem;  // sanitized method name
  std::string title;
  std::string color;
  int point_type = 7;
  bool single = false;  // one config: drawn as one large point
};

std::string gq(const std::string& s) {  // gnuplot double-quoted string
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string panel_plot_dir(const Panel& p) {
  return "plots/" + sanitize(p.dataset) + "_" + sanitize(p.backbone) + (p.k != 10 ? "_k" + std::to_string(p.k) : "");
}

std::vector<OutputFile> panel_plot_files(const Panel& panel, const PlotOptions& o) {
  if (o.split != "test" && o.split != "valid") {
    throw UserError("plot split must be 'valid' or 'test', not '" + o.split + "'");
  }
  const bool test = o.split == "test";
  const std::string dir = panel_plot_dir(panel);
  std::vector<OutputFile> files;
  std::vector<Series> series;
  for (const auto& g : panel.methods) {
    std::string all = kHeader;
    int n = 0;
    for (const auto& c : g.configs) {
      if (const auto* r = row_on(c, test)) all += data_line(*r), ++n;
    }
    if (n == 0) continue;
    const auto rank = static_cast<size_t>(std::min(method_rank(g.method), 11));
    Series s{sanitize(g.method), method_display_name(g.method), kColors[rank], kPointTypes[rank], n == 1};
    files.push_back({dir + "/" + s.file_stem + ".dat", std::move(all)});
    for (Fairness f : {Fairness::kCoverage, Fairness::kGini}) {
      std::vector<const sweep::ResultRow*> pts;
      for (size_t i : validation_frontier(g, f)) {
        if (const auto* r = row_on(g.configs[i], test)) pts.push_back(r);
      }
      // Drawn left to right on the plotted split (test values need not keep validation order).
      std::stable_sort(pts.begin(), pts.end(), [](const auto* a, const auto* b) { return a->ndcg < b->ndcg; });
      std::string text = kHeader;
      for (const auto* r : pts) text += data_line(*r);
      files.push_back({dir + "/" + s.file_stem + "." + fairness_name(f) + "_front.dat", std::move(text)});
    }
    series.push_back(std::move(s));
  }

  // Single-config methods (base, sae) are drawn last so their large markers stay visible.
  std::stable_partition(series.begin(), series.end(), [](const Series& s) { return !s.single; });
  const std::string k = std::to_string(panel.k);
  const std::string where = panel.dataset + " / " + panel.backbone;
  const std::string split_note = test ? "test values; frontier selected on validation" : "validation values";
  std::string gp = fmt::format(
      "# popsteer aggregate: {} (K={}). Run `gnuplot plot.gp` in this folder.\n"
      "set terminal {} size {},{} noenhanced font \"DejaVu Sans,11\"\n"
      "set key outside right top box\nset grid\nset xlabel \"NDCG@{}\"\n",
      where, k, o.terminal, o.width, o.height, k);
  struct Figure {
    const char* png;
    const char* ylabel;
    int column;
    const char* front;  // frontier file suffix or nullptr
  };
  const std::array<Figure, 4> figures = {{
      {"coverage.png", "ItemCoverage@", 2, "coverage"},
      {"gini.png", "Gini@", 3, "gini"},
      {"head.png", "NDCG@{} on head items", 4, nullptr},
      {"tail.png", "NDCG@{} on non-head items", 6, nullptr},
  }};
  for (const auto& fig : figures) {
    std::string ylabel = fig.column <= 3 ? std::string(fig.ylabel) + k : fmt::format(fmt::runtime(fig.ylabel), k);
    const std::string note = fig.front != nullptr ? split_note : (test ? "test values" : "validation values");
    gp += fmt::format("\nset output \"{}\"\nset ylabel \"{}\"\nset title {}\nplot ", fig.png, ylabel,
                      gq(where + ": NDCG@" + k + " vs " + ylabel + " (" + note + ")"));
    bool first = true;
    for (const auto& s : series) {
      const std::string style = fmt::format("lc rgb \"{}\" pt {}", s.color, s.point_type);
      gp += first ? "" : ", \\\n     ";
      first = false;
      if (s.single) {
        gp += fmt::format("\"{}.dat\" using 1:{} with points {} ps 2.5 title {}", s.file_stem, fig.column,
                          style, gq(s.title));
      } else if (fig.front != nullptr) {
        gp += fmt::format("\"{0}.dat\" using 1:{1} with points {2} ps 0.6 notitle, \\\n     "
                          "\"{0}.{3}_front.dat\" using 1:{1} with linespoints {2} ps 1.2 lw 2 title {4}",
                          s.file_stem, fig.column, style, fig.front, gq(s.title));
      } else {
        gp += fmt::format("\"{}.dat\" using 1:{} with points {} ps 0.8 title {}", s.file_stem, fig.column,
                          style, gq(s.title));
      }
    }
    if (first) gp += "NaN notitle";  // no series: an empty but valid plot
    gp += "\n";
  }
  gp += "\nunset output\n";
  files.push_back({dir + "/plot.gp", std::move(gp)});
  return files;
}

}  // namespace popsteer::aggregate
