#include "aggregate/grouping.h"

#include <gtest/gtest.h>

#include <limits>

#include "core/error.h"
#include "make_row.h"

namespace popsteer::aggregate {
namespace {

using testing::make_row;

TEST(Grouping, PanelsMethodsAndMatching) {
  std::vector<sweep::ResultRow> rows = {
      make_row("ipr", "i1", "test", 0.2, 0.3, 0.7),
      make_row("ipr", "i1", "valid", 0.21, 0.31, 0.71),
      make_row("popsteer", "p2", "valid", 0.2, 0.3, 0.7),
      make_row("popsteer", "p1", "valid", 0.2, 0.3, 0.7),
      make_row("popsteer", "p1", "test", 0.2, 0.3, 0.7),
      make_row("base", "b", "valid", 0.3, 0.2, 0.8),
      make_row("base", "b", "valid", 0.3, 0.2, 0.8),  // identical duplicate: kept once
      make_row("base", "lb", "valid", 0.1, 0.2, 0.8, "{}", "ml-1m", "lightgcn"),
      make_row("mystery", "m", "valid", 0.1, 0.2, 0.8),
  };
  rows.push_back(rows[0]);
  rows.back().split = "train";  // ignored
  const auto g = group_results(rows);
  EXPECT_EQ(g.rows, 10);
  EXPECT_EQ(g.other_split_rows, 1);
  EXPECT_EQ(g.failed_rows, 0);
  ASSERT_EQ(g.panels.size(), 2u);
  EXPECT_EQ(g.panels[0].backbone, "lightgcn");  // sorted by (dataset, backbone)
  const auto& p = g.panels[1];
  EXPECT_EQ(p.name(), "ml-1m/sasrec");
  ASSERT_EQ(p.methods.size(), 4u);
  EXPECT_EQ(p.methods[0].method, "base");
  EXPECT_EQ(p.methods[1].method, "popsteer");
  EXPECT_EQ(p.methods[2].method, "ipr");
  EXPECT_EQ(p.methods[3].method, "mystery");
  EXPECT_EQ(p.methods[0].configs.size(), 1u);
  const auto* ps = p.find("popsteer");
  ASSERT_NE(ps, nullptr);
  ASSERT_EQ(ps->configs.size(), 2u);
  EXPECT_EQ(ps->configs[0].config_id(), "p1");  // sorted by config_id
  EXPECT_TRUE(ps->configs[0].test.has_value());
  EXPECT_FALSE(ps->configs[1].test.has_value());
  EXPECT_EQ(ps->test_missing, 1);
  EXPECT_DOUBLE_EQ(p.find("ipr")->configs[0].valid.ndcg, 0.21);
  EXPECT_DOUBLE_EQ(p.find("ipr")->configs[0].test->ndcg, 0.2);
  EXPECT_DOUBLE_EQ(p.find("ipr")->test_seconds, 1.5);
  EXPECT_EQ(method_display_name("fair"), "FA*IR");
  EXPECT_EQ(method_display_name("mystery"), "mystery");
}

TEST(Grouping, FailedRowsAreExcludedAndCounted) {
  auto failed = make_row("popsteer", "p1", "valid", 0.9, 0.9, 0.1);
  failed.status = "failed";
  failed.error = "out of memory";
  auto nan_row = make_row("popsteer", "p2", "valid", std::numeric_limits<double>::quiet_NaN(), 0.5, 0.5);
  auto failed_test = make_row("popsteer", "p3", "test", 0.9, 0.9, 0.1);
  failed_test.status = "failed";
  const std::vector<sweep::ResultRow> rows = {
      failed,
      make_row("popsteer", "p1", "test", 0.2, 0.2, 0.2),  // test ok but valid failed: orphan
      nan_row,
      make_row("popsteer", "p3", "valid", 0.2, 0.2, 0.2),
      failed_test,
      make_row("popsteer", "p4", "valid", 0.1, 0.1, 0.1),
      make_row("popsteer", "p4", "test", 0.1, 0.1, 0.1),
  };
  const auto g = group_results(rows);
  EXPECT_EQ(g.failed_rows, 3);
  const auto& m = g.panels.at(0).methods.at(0);
  EXPECT_EQ(m.failed_valid, 2);
  EXPECT_EQ(m.failed_test, 1);
  EXPECT_EQ(m.test_orphans, 1);
  EXPECT_EQ(m.test_missing, 1);  // p3: its test row failed
  ASSERT_EQ(m.configs.size(), 2u);
  EXPECT_EQ(m.configs[0].config_id(), "p3");
  EXPECT_EQ(m.configs[1].config_id(), "p4");
}

TEST(Grouping, RetriedConfigKeepsTheOkRow) {
  auto failed = make_row("ipr", "i1", "valid", 0, 0, 0);
  failed.status = "failed";
  const auto g = group_results({failed, make_row("ipr", "i1", "valid", 0.3, 0.4, 0.5)});
  EXPECT_EQ(g.failed_rows, 1);
  ASSERT_EQ(g.panels[0].methods[0].configs.size(), 1u);
  EXPECT_DOUBLE_EQ(g.panels[0].methods[0].configs[0].valid.coverage, 0.4);
}

TEST(Grouping, ConflictingDuplicatesAreAnError) {
  EXPECT_THROW(group_results({make_row("ipr", "i1", "valid", 0.3, 0.4, 0.5),
                              make_row("ipr", "i1", "valid", 0.3, 0.41, 0.5)}),
               UserError);
  EXPECT_THROW(group_results({make_row("ipr", "x", "valid", 0.3, 0.4, 0.5),
                              make_row("pct", "x", "valid", 0.3, 0.4, 0.5)}),
               UserError);
  EXPECT_THROW(group_results({make_row("ipr", "x", "valid", 0.3, 0.4, 0.5),
                              make_row("pct", "x", "test", 0.3, 0.4, 0.5)}),
               UserError);
}

}  // namespace
}  // namespace popsteer::aggregate
