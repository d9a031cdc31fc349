#include "aggregate/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <cstdlib>

#include "aggregate/frontier.h"

namespace popsteer::aggregate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::pair<std::string, std::string>> context_of(const Panel& p) {
  return {{"dataset", p.dataset}, {"backbone", p.backbone}, {"k", std::to_string(p.k)}};
}

double test_or_nan(const ConfigResult& c, double sweep::ResultRow::*field) {
  return c.test ? (*c.test).*field : kNaN;
}

/// Mean test value of the base configs that have a test row (NaN if none).
double base_test_mean(const Panel& p, const std::string& base, double sweep::ResultRow::*field) {
  const MethodGroup* g = p.find(base);
  double sum = 0;
  int n = 0;
  if (g != nullptr) {
    for (const auto& c : g->configs) {
      if (c.test) sum += (*c.test).*field, ++n;
    }
  }
  return n ? sum / n : kNaN;
}

double rel_change_pct(double v, double ref) {
  if (std::isnan(v) || std::isnan(ref) || ref == 0) return kNaN;
  return 100.0 * (v - ref) / ref;
}

std::string metric_name(Fairness f) { return f == Fairness::kCoverage ? "ItemCoverage" : "Gini"; }

Table summary_table(const Panel& p, const ReportOptions& o) {
  const auto& s = o.selection;
  double floor = 0;
  const auto sel = select_panel(p, s, &floor);
  const BaseReference ref = base_reference(p, s.base_method);
  Table t;
  t.context = context_of(p);
  t.title = fmt::format("{}: best validation {}@{} with valid NDCG@{} >= {} x {} ({:.4f} -> floor {:.4f}), "
                        "reported on test",
                        p.name(), metric_name(s.objective), p.k, p.k, s.fraction, s.base_method,
                        ref.valid_ndcg, floor);
  t.columns = {"method", "selected", "valid NDCG", "valid Cov", "valid Gini", "test NDCG",
               "test NDCG_head", "test NDCG_tail", "test Cov", "test Gini", "dNDCG %", "dCov %",
               "dGini %", "configs", "eligible"};
  const double b_ndcg = base_test_mean(p, s.base_method, &sweep::ResultRow::ndcg);
  const double b_cov = base_test_mean(p, s.base_method, &sweep::ResultRow::coverage);
  const double b_gini = base_test_mean(p, s.base_method, &sweep::ResultRow::gini);
  for (const auto& m : sel) {
    const auto& g = *m.group;
    const auto eligible = static_cast<int64_t>(std::count_if(
        g.configs.begin(), g.configs.end(), [&](const auto& c) { return c.valid.ndcg >= floor; }));
    const ConfigResult* c = m.config();
    if (c == nullptr) {
      t.rows.push_back({method_display_name(g.method), std::string("(none meets the floor)"), kNaN, kNaN,
                        kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN,
                        static_cast<int64_t>(g.configs.size()), eligible});
      continue;
    }
    const double tn = test_or_nan(*c, &sweep::ResultRow::ndcg);
    const double tc = test_or_nan(*c, &sweep::ResultRow::coverage);
    const double tg = test_or_nan(*c, &sweep::ResultRow::gini);
    t.rows.push_back({method_display_name(g.method), c->label(), c->valid.ndcg, c->valid.coverage,
                      c->valid.gini, tn, test_or_nan(*c, &sweep::ResultRow::ndcg_head),
                      test_or_nan(*c, &sweep::ResultRow::ndcg_tail), tc, tg, rel_change_pct(tn, b_ndcg),
                      rel_change_pct(tc, b_cov), rel_change_pct(tg, b_gini),
                      static_cast<int64_t>(g.configs.size()), eligible});
  }
  t.column_digits = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1, 1, 1};
  t.notes.push_back("d* % = relative change of the test value against the base method's test value.");
  if (ref.configs > 1) {
    t.notes.push_back(fmt::format("Base NDCG is the mean over {} '{}' configs.", ref.configs, s.base_method));
  }
  return t;
}

Table frontier_table(const Panel& p) {
  Table t;
  t.context = context_of(p);
  t.title = fmt::format("{}: Pareto frontiers selected on validation, reported on test", p.name());
  t.columns = {"method", "frontier", "rank", "label", "config_id", "valid NDCG", "valid Cov", "valid Gini",
               "test NDCG", "test NDCG_head", "test NDCG_tail", "test Cov", "test Gini"};
  for (const auto& g : p.methods) {
    for (Fairness f : {Fairness::kCoverage, Fairness::kGini}) {
      const auto front = validation_frontier(g, f);
      for (size_t r = 0; r < front.size(); ++r) {
        const auto& c = g.configs[front[r]];
        t.rows.push_back({method_display_name(g.method), fairness_name(f), static_cast<int64_t>(r + 1),
                          c.label(), c.config_id(), c.valid.ndcg, c.valid.coverage, c.valid.gini,
                          test_or_nan(c, &sweep::ResultRow::ndcg),
                          test_or_nan(c, &sweep::ResultRow::ndcg_head),
                          test_or_nan(c, &sweep::ResultRow::ndcg_tail),
                          test_or_nan(c, &sweep::ResultRow::coverage),
                          test_or_nan(c, &sweep::ResultRow::gini)});
      }
    }
  }
  t.notes.push_back("Frontier = non-dominated configs on validation (NDCG up, coverage up | NDCG up, Gini "
                    "down), ordered by validation NDCG descending; rank 1 = most accurate.");
  return t;
}

Table counts_table(const Panel& p) {
  Table t;
  t.context = context_of(p);
  t.title = fmt::format("{}: rows per method", p.name());
  t.columns = {"method", "configs (valid ok)", "with test", "failed valid", "failed test", "test missing",
               "test only", "cov frontier", "gini frontier", "test seconds"};
  for (const auto& g : p.methods) {
    const auto with_test = std::count_if(g.configs.begin(), g.configs.end(), [](const auto& c) { return c.test.has_value(); });
    t.rows.push_back({method_display_name(g.method), static_cast<int64_t>(g.configs.size()),
                      static_cast<int64_t>(with_test), g.failed_valid, g.failed_test, g.test_missing,
                      g.test_orphans, static_cast<int64_t>(validation_frontier(g, Fairness::kCoverage).size()),
                      static_cast<int64_t>(validation_frontier(g, Fairness::kGini).size()), g.test_seconds});
  }
  t.digits = 1;
  return t;
}

/// Table 7.2 layout: one row per value of the parameter, Cov / Gini / NDCG per method.
std::optional<Table> by_param_table(const Panel& p, const ReportOptions& o) {
  const auto& s = o.selection;
  const BaseReference ref = base_reference(p, s.base_method);
  if (o.by_param.empty() || !ref.found) return std::nullopt;
  const double floor = s.fraction * ref.valid_ndcg;
  std::vector<const MethodGroup*> groups;
  std::map<std::string, std::map<std::string, std::vector<ConfigResult>>> by_value;  // value -> method -> configs
  for (const auto& m : o.by_methods) {
    const MethodGroup* g = p.find(m);
    if (g == nullptr) continue;
    bool any = false;
    for (const auto& c : g->configs) {
      const std::string v = param_value(c.valid.params_json, o.by_param);
      if (v.empty()) continue;
      by_value[v][m].push_back(c);
      any = true;
    }
    if (any) groups.push_back(g);
  }
  if (groups.empty()) return std::nullopt;
  std::vector<std::string> values;
  for (const auto& [v, _] : by_value) values.push_back(v);
  // Numeric values sort numerically ("0.5" < "1.0" < "10"); others by text.
  std::stable_sort(values.begin(), values.end(), [](const std::string& a, const std::string& b) {
    char* ea = nullptr;
    char* eb = nullptr;
    const double da = std::strtod(a.c_str(), &ea), db = std::strtod(b.c_str(), &eb);
    if (*ea == '\0' && *eb == '\0' && !a.empty() && !b.empty()) return da < db;
    return a < b;
  });
  Table t;
  t.context = context_of(p);
  t.title = fmt::format("{}: selection per {} (best validation {} with valid NDCG >= {} x {}), test values",
                        p.name(), o.by_param, metric_name(s.objective), s.fraction, s.base_method);
  t.columns = {o.by_param};
  for (const char* metric : {"Cov", "Gini", "NDCG"}) {
    for (const auto* g : groups) t.columns.push_back(std::string(metric) + " " + method_display_name(g->method));
  }
  for (const auto& v : values) {
    std::vector<const ConfigResult*> chosen;
    for (const auto* g : groups) {
      const auto& cs = by_value[v][g->method];
      const auto i = select_matched(cs, floor, s.objective);
      chosen.push_back(i ? &cs[*i] : nullptr);
    }
    std::vector<Cell> row{v};
    for (auto field : {&sweep::ResultRow::coverage, &sweep::ResultRow::gini, &sweep::ResultRow::ndcg}) {
      for (const auto* c : chosen) row.push_back(c ? test_or_nan(*c, field) : kNaN);
    }
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back("Each cell: the config of that method and parameter value selected on validation, "
                    "its test value; — = no config meets the NDCG floor.");
  return t;
}

}  // namespace

std::string param_value(const std::string& params_json, const std::string& key) {
  const auto j = nlohmann::json::parse(params_json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains(key)) return "";
  const auto& v = j.at(key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return fmt::format("{:g}", v.get<double>());
  return v.dump();
}

Report build_report(const GroupedResults& grouped, const ReportOptions& options) {
  Report r;
  r.notes.push_back(fmt::format("{} rows aggregated; {} excluded as failed or non-finite; {} on other splits ignored.",
                                grouped.rows, grouped.failed_rows, grouped.other_split_rows));
  for (const auto& p : grouped.panels) {
    if (base_reference(p, options.selection.base_method).found) {
      r.summary.push_back(summary_table(p, options));
      if (auto t = by_param_table(p, options)) r.by_param.push_back(std::move(*t));
    } else {
      r.notes.push_back(fmt::format("{}: no ok validation row of method '{}': no matched-accuracy summary.",
                                    p.name(), options.selection.base_method));
    }
    r.frontier.push_back(frontier_table(p));
    r.counts.push_back(counts_table(p));
  }
  return r;
}

std::string report_markdown(const Report& r) {
  std::string out = "## popsteer aggregate\n\n";
  for (const auto& n : r.notes) out += "- " + n + "\n";
  out += "\n";
  for (const auto* tables : {&r.summary, &r.by_param, &r.frontier, &r.counts}) {
    for (const auto& t : *tables) out += to_markdown(t);
  }
  return out;
}

}  // namespace popsteer::aggregate
