#include "aggregate/grouping.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include "core/error.h"

namespace popsteer::aggregate {
namespace {

constexpr std::array<const char*, 11> kMethodOrder = {
    "base", "sae", "popsteer", "noise", "randomselect", "ipr", "fair", "pmmf", "pct", "duor", "random"};
constexpr std::array<const char*, 11> kMethodDisplay = {
    "Base", "SAE", "PopSteer", "Noise", "RandomSelect", "IPR", "FA*IR", "P-MMF", "PCT", "DUOR", "Random"};

using PanelKey = std::tuple<std::string, std::string, int64_t>;

bool same_metrics(const sweep::ResultRow& a, const sweep::ResultRow& b) {
  return a.ndcg == b.ndcg && a.ndcg_head == b.ndcg_head && a.ndcg_tail == b.ndcg_tail &&
         a.ndcg_nonhead == b.ndcg_nonhead && a.hit == b.hit && a.mrr == b.mrr &&
         a.coverage == b.coverage && a.gini == b.gini && a.users == b.users;
}

/// Adds an ok row to a per-split map, enforcing config_id uniqueness.
void add_unique(std::map<std::string, sweep::ResultRow>& by_id, const sweep::ResultRow& row,
                const std::string& panel) {
  auto [it, inserted] = by_id.emplace(row.config_id, row);
  if (inserted) return;
  if (it->second.method != row.method) {
    throw UserError("config_id '" + row.config_id + "' appears under two methods ('" +
                    it->second.method + "' and '" + row.method + "') in " + panel);
  }
  if (!same_metrics(it->second, row)) {
    throw UserError("config_id '" + row.config_id + "' has two different ok rows on split '" +
                    row.split + "' in " + panel + " (tasks '" + it->second.task_id + "' and '" +
                    row.task_id + "'); remove the stale result file");
  }
}

struct PanelRows {
  std::map<std::string, sweep::ResultRow> valid, test;
  std::map<std::string, int64_t> failed_valid, failed_test;  // by method
};

}  // namespace

int method_rank(const std::string& method) {
  for (size_t i = 0; i < kMethodOrder.size(); ++i) {
    if (method == kMethodOrder[i]) return static_cast<int>(i);
  }
  return static_cast<int>(kMethodOrder.size());
}

std::string method_display_name(const std::string& method) {
  const int r = method_rank(method);
  return r < static_cast<int>(kMethodDisplay.size()) ? kMethodDisplay[static_cast<size_t>(r)] : method;
}

const MethodGroup* Panel::find(const std::string& method) const {
  for (const auto& g : methods) {
    if (g.method == method) return &g;
  }
  return nullptr;
}

std::string Panel::name() const {
  return dataset + "/" + backbone + (k != 10 ? "@" + std::to_string(k) : "");
}

bool row_is_ok(const sweep::ResultRow& r) {
  if (r.status != "ok") return false;
  for (double v : {r.ndcg, r.ndcg_head, r.ndcg_tail, r.ndcg_nonhead, r.hit, r.mrr, r.coverage, r.gini}) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

GroupedResults group_results(const std::vector<sweep::ResultRow>& rows) {
  GroupedResults out;
  out.rows = static_cast<int64_t>(rows.size());
  std::map<PanelKey, PanelRows> panels;
  for (const auto& row : rows) {
    if (row.split != "valid" && row.split != "test") {
      ++out.other_split_rows;
      continue;
    }
    PanelKey key{row.dataset, row.backbone, row.k};
    auto& p = panels[key];
    const bool valid = row.split == "valid";
    if (!row_is_ok(row)) {
      ++out.failed_rows;
      ++(valid ? p.failed_valid : p.failed_test)[row.method];
      continue;
    }
    const std::string panel_name = row.dataset + "/" + row.backbone + " K=" + std::to_string(row.k);
    add_unique(valid ? p.valid : p.test, row, panel_name);
  }

  for (auto& [key, p] : panels) {
    Panel panel;
    std::tie(panel.dataset, panel.backbone, panel.k) = key;
    std::map<std::string, MethodGroup> groups;
    auto group = [&](const std::string& m) -> MethodGroup& {
      auto& g = groups[m];
      g.method = m;
      return g;
    };
    for (const auto& [m, n] : p.failed_valid) group(m).failed_valid += n;
    for (const auto& [m, n] : p.failed_test) group(m).failed_test += n;
    // std::map iterates by config_id, so each group's configs come out sorted.
    for (auto& [id, vrow] : p.valid) {
      auto& g = group(vrow.method);
      ConfigResult c{vrow, std::nullopt};
      if (auto t = p.test.find(id); t != p.test.end()) {
        if (t->second.method != vrow.method) {
          throw UserError("config_id '" + id + "' is method '" + vrow.method + "' on valid but '" +
                          t->second.method + "' on test in " + panel.name());
        }
        c.test = t->second;
      } else {
        ++g.test_missing;
      }
      g.configs.push_back(std::move(c));
    }
    for (const auto& [id, trow] : p.test) {
      auto& g = group(trow.method);
      g.test_seconds += trow.seconds;
      if (!p.valid.count(id)) ++g.test_orphans;
    }
    for (auto& [m, g] : groups) panel.methods.push_back(std::move(g));
    std::stable_sort(panel.methods.begin(), panel.methods.end(), [](const auto& a, const auto& b) {
      return method_rank(a.method) < method_rank(b.method);
    });
    out.panels.push_back(std::move(panel));
  }
  return out;
}

}  // namespace popsteer::aggregate
