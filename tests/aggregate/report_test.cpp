#include "aggregate/report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "aggregate/plots.h"
#include "make_row.h"

namespace popsteer::aggregate {
namespace {

using testing::make_row;

std::vector<sweep::ResultRow> rows() {
  auto failed = make_row("ipr", "i9", "valid", 0, 0, 0);
  failed.status = "failed";
  return {
      make_row("base", "b", "valid", 0.30, 0.20, 0.80), make_row("base", "b", "test", 0.40, 0.25, 0.80),
      make_row("popsteer", "p1", "valid", 0.29, 0.30, 0.70, R"({"beta":0.5,"alpha_pop":1})"),
      make_row("popsteer", "p1", "test", 0.38, 0.50, 0.60, R"({"beta":0.5,"alpha_pop":1})"),
      make_row("popsteer", "p2", "valid", 0.28, 0.40, 0.75, R"({"beta":1.0,"alpha_pop":2})"),
      make_row("popsteer", "p2", "test", 0.36, 0.30, 0.70, R"({"beta":1.0,"alpha_pop":2})"),
      make_row("noise", "n1", "valid", 0.28, 0.25, 0.78, R"({"beta":0.5,"xi":1})"),
      make_row("noise", "n1", "test", 0.37, 0.26, 0.77, R"({"beta":0.5,"xi":1})"),
      make_row("ipr", "i1", "valid", 0.20, 0.60, 0.50),  // below the floor 0.27
      make_row("ipr", "i1", "test", 0.30, 0.65, 0.45),
      failed,
  };
}

TEST(Report, SummaryRowsAreValidationSelectedAndTestReported) {
  const auto report = build_report(group_results(rows()), {});
  ASSERT_EQ(report.summary.size(), 1u);
  const auto& t = report.summary[0];
  ASSERT_EQ(t.rows.size(), 4u);  // base, popsteer, noise, ipr
  const auto& ps = t.rows[1];
  EXPECT_EQ(std::get<std::string>(ps[0]), "PopSteer");
  EXPECT_EQ(std::get<std::string>(ps[1]), "popsteer:p2");  // valid cov 0.40 > 0.30
  EXPECT_DOUBLE_EQ(std::get<double>(ps[8]), 0.30);         // test coverage
  EXPECT_NEAR(std::get<double>(ps[11]), 20.0, 1e-9);       // dCov % = (0.30 - 0.25) / 0.25
  EXPECT_NEAR(std::get<double>(ps[10]), -10.0, 1e-9);      // dNDCG % = (0.36 - 0.40) / 0.40
  EXPECT_EQ(std::get<std::string>(t.rows[3][1]), "(none meets the floor)");
  const std::string md = report_markdown(report);
  EXPECT_NE(md.find("11 rows aggregated; 1 excluded as failed or non-finite"), std::string::npos);
  EXPECT_NE(md.find("| PopSteer | popsteer:p2 | 0.2800 | 0.4000 | 0.7500 | 0.3600 | 0.2700 | 0.0450 | 0.3000 | "
                    "0.7000 | -10.0 | 20.0 | -12.5 | 2 | 2 |"),
            std::string::npos);
  const std::string csv = to_csv(report.summary);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "dataset,backbone,k,method,selected,valid NDCG,valid Cov,valid Gini,test NDCG,test NDCG_head,"
            "test NDCG_tail,test Cov,test Gini,dNDCG %,dCov %,dGini %,configs,eligible");
  // CSV numbers are the shortest text that reads back to the same double.
  EXPECT_NE(csv.find("\nml-1m,sasrec,10,PopSteer,popsteer:p2,0.28,0.4,0.75,0.36,0.27,0.044999999999999984,0.3,0.7,"
                     "-10.000000000000009,19.999999999999996,-12.50000000000001,2,2\n"),
            std::string::npos);
}

TEST(Report, ByParamTableFollowsTable72Layout) {
  const auto report = build_report(group_results(rows()), {});
  ASSERT_EQ(report.by_param.size(), 1u);
  const auto& t = report.by_param[0];
  EXPECT_EQ(t.columns, (std::vector<std::string>{"beta", "Cov PopSteer", "Cov Noise", "Gini PopSteer",
                                                 "Gini Noise", "NDCG PopSteer", "NDCG Noise"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "0.5");
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][1]), 0.50);  // p1 on test
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][2]), 0.26);  // n1 on test
  EXPECT_EQ(std::get<std::string>(t.rows[1][0]), "1");
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[1][1]), 0.30);  // p2
  EXPECT_TRUE(std::isnan(std::get<double>(t.rows[1][2])));  // no noise config at beta 1
}

TEST(Report, FrontierAndCountsTables) {
  const auto report = build_report(group_results(rows()), {});
  ASSERT_EQ(report.frontier.size(), 1u);
  const auto& f = report.frontier[0];
  // popsteer coverage frontier: p1 (0.29, 0.30), p2 (0.28, 0.40); gini frontier: p1 only
  // (p2 has lower NDCG and higher Gini).
  std::vector<std::string> ps;
  for (const auto& r : f.rows) {
    if (std::get<std::string>(r[0]) == "PopSteer") ps.push_back(std::get<std::string>(r[1]) + ":" + std::get<std::string>(r[4]));
  }
  EXPECT_EQ(ps, (std::vector<std::string>{"coverage:p1", "coverage:p2", "gini:p1"}));
  const auto& c = report.counts[0];
  const auto& ipr = c.rows[3];
  EXPECT_EQ(std::get<std::string>(ipr[0]), "IPR");
  EXPECT_EQ(std::get<int64_t>(ipr[1]), 1);  // configs
  EXPECT_EQ(std::get<int64_t>(ipr[3]), 1);  // failed valid
}

TEST(Report, PanelWithoutBaseIsNotedNotSummarised) {
  std::vector<sweep::ResultRow> r;
  for (const auto& row : rows()) {
    if (row.method != "base") r.push_back(row);
  }
  const auto report = build_report(group_results(r), {});
  EXPECT_TRUE(report.summary.empty());
  EXPECT_EQ(report.frontier.size(), 1u);
  EXPECT_NE(report_markdown(report).find("no ok validation row of method 'base'"), std::string::npos);
}

TEST(Plots, FilesAndScript) {
  const auto g = group_results(rows());
  const auto files = panel_plot_files(g.panels[0], {});
  std::map<std::string, std::string> by_path;
  for (const auto& f : files) by_path[f.path] = f.content;
  const std::string dir = "plots/ml-1m_sasrec/";
  ASSERT_TRUE(by_path.count(dir + "plot.gp"));
  ASSERT_TRUE(by_path.count(dir + "popsteer.dat"));
  // Frontier points are drawn at their test values, left to right.
  EXPECT_EQ(by_path[dir + "popsteer.coverage_front.dat"],
            "# ndcg coverage gini ndcg_head ndcg_tail ndcg_nonhead config_id\n"
            "0.36 0.3 0.7 0.27 0.045 0.09 p2\n"
            "0.38 0.5 0.6 0.285 0.0475 0.095 p1\n");
  const auto& gp = by_path[dir + "plot.gp"];
  for (const char* png : {"coverage.png", "gini.png", "head.png", "tail.png"}) {
    EXPECT_NE(gp.find(png), std::string::npos) << png;
  }
  EXPECT_NE(gp.find("title \"PopSteer\""), std::string::npos);
  EXPECT_NE(gp.find("\"base.dat\" using 1:2 with points"), std::string::npos);
  PlotOptions bad;
  bad.split = "train";
  EXPECT_THROW(panel_plot_files(g.panels[0], bad), std::exception);
}

}  // namespace
}  // namespace popsteer::aggregate
