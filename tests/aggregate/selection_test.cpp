#include "aggregate/selection.h"

#include <gtest/gtest.h>

#include "make_row.h"

namespace popsteer::aggregate {
namespace {

using testing::make_row;

/// base: valid NDCG 0.30 -> floor 0.27 at fraction 0.9.
/// p1: valid (0.29, cov 0.30), test cov 0.90  <- best on TEST, must not be chosen
/// p2: valid (0.28, cov 0.40), test cov 0.10  <- best valid coverage above the floor
/// p3: valid (0.26, cov 0.80)                  <- below the floor at 0.9, chosen at 0.8
std::vector<sweep::ResultRow> rows() {
  return {make_row("base", "b", "valid", 0.30, 0.20, 0.80), make_row("base", "b", "test", 0.31, 0.21, 0.81),
          make_row("popsteer", "p1", "valid", 0.29, 0.30, 0.70), make_row("popsteer", "p1", "test", 0.35, 0.90, 0.10),
          make_row("popsteer", "p2", "valid", 0.28, 0.40, 0.75), make_row("popsteer", "p2", "test", 0.20, 0.10, 0.95),
          make_row("popsteer", "p3", "valid", 0.26, 0.80, 0.50), make_row("popsteer", "p3", "test", 0.40, 0.95, 0.05)};
}

const ConfigResult* selected(const Panel& p, const std::string& method, const SelectionOptions& o) {
  for (const auto& s : select_panel(p, o)) {
    if (s.group->method == method) return s.config();
  }
  return nullptr;
}

TEST(Selection, PicksBestValidationCoverageAboveFloorNeverByTest) {
  const auto g = group_results(rows());
  ASSERT_EQ(g.panels.size(), 1u);
  SelectionOptions o;
  double floor = 0;
  select_panel(g.panels[0], o, &floor);
  EXPECT_DOUBLE_EQ(floor, 0.27);
  const auto* c = selected(g.panels[0], "popsteer", o);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->config_id(), "p2");
  EXPECT_DOUBLE_EQ(c->test->coverage, 0.10);  // reported on test, whatever it is
  // Base always meets its own floor.
  EXPECT_EQ(selected(g.panels[0], "base", o)->config_id(), "b");
}

TEST(Selection, TestValuesNeverChangeTheChoice) {
  auto r = rows();
  for (auto& row : r) {
    if (row.split == "test") row.coverage = 1.0 - row.coverage, row.ndcg = 0.5 - row.ndcg, row.gini = 0.3;
  }
  const auto g = group_results(r);
  EXPECT_EQ(selected(g.panels[0], "popsteer", {})->config_id(), "p2");
  // Without any test rows the same config is selected.
  std::vector<sweep::ResultRow> valid_only;
  for (const auto& row : rows()) {
    if (row.split == "valid") valid_only.push_back(row);
  }
  const auto gv = group_results(valid_only);
  const auto* c = selected(gv.panels[0], "popsteer", {});
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->config_id(), "p2");
  EXPECT_FALSE(c->test.has_value());
}

TEST(Selection, FractionMovesTheFloor) {
  const auto g = group_results(rows());
  SelectionOptions o;
  o.fraction = 0.8;  // floor 0.24: p3 qualifies
  EXPECT_EQ(selected(g.panels[0], "popsteer", o)->config_id(), "p3");
  o.fraction = 1.0;  // floor 0.30: nothing of popsteer qualifies
  EXPECT_EQ(selected(g.panels[0], "popsteer", o), nullptr);
  EXPECT_EQ(selected(g.panels[0], "base", o)->config_id(), "b");
}

TEST(Selection, GiniObjectiveMinimisesValidationGini) {
  const auto g = group_results(rows());
  SelectionOptions o;
  o.objective = Fairness::kGini;  // above 0.27: p1 (0.70) beats p2 (0.75)
  EXPECT_EQ(selected(g.panels[0], "popsteer", o)->config_id(), "p1");
}

TEST(Selection, TiesGoToHigherNdcgThenSmallerId) {
  std::vector<ConfigResult> cs = {
      {make_row("m", "z", "valid", 0.5, 0.4, 0.5), std::nullopt},
      {make_row("m", "y", "valid", 0.6, 0.4, 0.5), std::nullopt},
      {make_row("m", "x", "valid", 0.6, 0.4, 0.5), std::nullopt},
      {make_row("m", "w", "valid", 0.9, 0.3, 0.5), std::nullopt}};
  EXPECT_EQ(select_matched(cs, 0.5, Fairness::kCoverage), 2u);  // x: cov 0.4, ndcg 0.6, id x < y
  EXPECT_EQ(select_matched(cs, 0.7, Fairness::kCoverage), 3u);
  EXPECT_EQ(select_matched(cs, 0.95, Fairness::kCoverage), std::nullopt);
}

TEST(Selection, NoBaseMeansNoSelection) {
  std::vector<sweep::ResultRow> r;
  for (const auto& row : rows()) {
    if (row.method != "base") r.push_back(row);
  }
  const auto g = group_results(r);
  EXPECT_TRUE(select_panel(g.panels[0], {}).empty());
  SelectionOptions o;
  o.base_method = "popsteer";  // any method can be the reference: mean valid NDCG 0.2767
  const auto s = select_panel(g.panels[0], o);
  ASSERT_EQ(s.size(), 1u);
  // floor = 0.9 * (0.29 + 0.28 + 0.26) / 3 = 0.249: p3 (0.26, cov 0.8) qualifies and wins.
  EXPECT_EQ(s[0].config()->config_id(), "p3");
}

}  // namespace
}  // namespace popsteer::aggregate
