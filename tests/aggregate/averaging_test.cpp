#include "aggregate/averaging.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>

#include "aggregate/grouping.h"
#include "aggregate/selection.h"
#include "make_row.h"

namespace popsteer::aggregate {
namespace {

using testing::make_row;

sweep::ResultRow noise(const std::string& id, const std::string& split, double xi, int seed, double ndcg,
                       double cov) {
  return make_row("noise", id, split, ndcg, cov, 0.5, fmt::format(R"({{"xi":{},"seed":{}}})", xi, seed));
}

TEST(Averaging, MeansOverTheNamedKeyAndKeepsSplitsMatched) {
  auto failed = noise("f", "valid", 1, 9, 0.9, 0.9);
  failed.status = "failed";
  const std::vector<sweep::ResultRow> rows = {
      make_row("base", "b", "valid", 0.30, 0.2, 0.8),
      noise("a1", "valid", 1, 1, 0.28, 0.30), noise("a2", "valid", 1, 2, 0.26, 0.40),
      noise("a3", "valid", 1, 3, 0.30, 0.20), noise("a1", "test", 1, 1, 0.10, 0.10),
      noise("b1", "valid", 2, 1, 0.20, 0.70), noise("b1", "test", 2, 1, 0.2, 0.7), failed};
  const auto avg = average_over(rows, {"seed"});
  ASSERT_EQ(avg.size(), 6u);  // base, failed (both unchanged), xi=1 and xi=2 on valid and on test
  EXPECT_EQ(avg[0].config_id, "b");
  EXPECT_EQ(avg[1].status, "failed");
  std::map<std::string, const sweep::ResultRow*> by;
  for (const auto& r : avg) by[r.label + "/" + r.split] = &r;
  ASSERT_TRUE(by.count("xi=1 [mean of 3]/valid"));
  const auto& v = *by["xi=1 [mean of 3]/valid"];
  EXPECT_NEAR(v.ndcg, 0.28, 1e-12);
  EXPECT_NEAR(v.coverage, 0.30, 1e-12);
  EXPECT_DOUBLE_EQ(v.seconds, 4.5);
  EXPECT_EQ(v.params_json, R"({"xi":1})");
  const auto& t = *by["xi=1 [mean of 1]/test"];
  EXPECT_EQ(t.config_id, v.config_id);  // valid and test of one averaged config still match
  EXPECT_NE(by["xi=2 [mean of 1]/valid"]->config_id, v.config_id);
  EXPECT_EQ(average_over(rows, {}).size(), rows.size());
}

TEST(Averaging, SelectionSeesTheMean) {
  // Seed 2 of xi=1 has the best single coverage (0.9) above the floor, but the xi=1 mean
  // (NDCG 0.26) falls below the floor 0.27; xi=2 is selected after averaging.
  const std::vector<sweep::ResultRow> rows = {
      make_row("base", "b", "valid", 0.30, 0.2, 0.8),
      noise("a1", "valid", 1, 1, 0.24, 0.10), noise("a2", "valid", 1, 2, 0.28, 0.90),
      noise("b1", "valid", 2, 1, 0.28, 0.30), noise("b2", "valid", 2, 2, 0.29, 0.40)};
  const auto raw = group_results(rows);
  EXPECT_EQ(select_panel(raw.panels[0], {})[1].config()->config_id(), "a2");
  const auto g = group_results(average_over(rows, {"seed"}));
  const auto* c = select_panel(g.panels[0], {})[1].config();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->label(), "xi=2 [mean of 2]");
  EXPECT_NEAR(c->valid.coverage, 0.35, 1e-12);
}

TEST(Averaging, BackboneSeeds) {
  auto r1 = make_row("base", "b1", "valid", 0.30, 0.2, 0.8);
  auto r2 = make_row("base", "b2", "valid", 0.20, 0.4, 0.6);
  r1.backbone_seed = 1;
  r2.backbone_seed = 2;
  EXPECT_EQ(average_over({r1, r2}, {"seed"}).size(), 2u);  // no "seed" key: unchanged
  const auto avg = average_over({r1, r2}, {"backbone_seed"});
  ASSERT_EQ(avg.size(), 1u);
  EXPECT_NEAR(avg[0].ndcg, 0.25, 1e-12);
  EXPECT_EQ(avg[0].label, "base [mean of 2]");
}

}  // namespace
}  // namespace popsteer::aggregate
