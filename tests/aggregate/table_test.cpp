#include "aggregate/table.h"

#include "aggregate/rows_table.h"
#include "make_row.h"

#include <gtest/gtest.h>

#include <limits>

namespace popsteer::aggregate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Table small(const std::string& dataset) {
  Table t;
  t.title = "T " + dataset;
  t.context = {{"dataset", dataset}};
  t.columns = {"method", "label", "ndcg", "n"};
  t.rows = {{std::string("PopSteer"), std::string("a=1, b=\"2\""), 0.123456789, int64_t{12}},
            {std::string("FA*IR"), std::string("p|q_r"), kNaN, int64_t{0}}};
  return t;
}

TEST(Table, Markdown) {
  auto t = small("ml-1m");
  t.notes = {"a note"};
  EXPECT_EQ(to_markdown(t),
            "### T ml-1m\n\n"
            "| method | label | ndcg | n |\n"
            "|---|---|---:|---:|\n"
            "| PopSteer | a=1, b=\"2\" | 0.1235 | 12 |\n"
            "| FA*IR | p\\|q_r | — | 0 |\n"
            "\na note\n\n");
}

TEST(Table, CsvQuotesAndConcatenatesWithContext) {
  EXPECT_EQ(to_csv({small("ml-1m"), small("yelp")}),
            "dataset,method,label,ndcg,n\n"
            "ml-1m,PopSteer,\"a=1, b=\"\"2\"\"\",0.123456789,12\n"
            "ml-1m,FA*IR,p|q_r,,0\n"
            "yelp,PopSteer,\"a=1, b=\"\"2\"\"\",0.123456789,12\n"
            "yelp,FA*IR,p|q_r,,0\n");
  auto other = small("x");
  other.columns[2] = "gini";
  EXPECT_THROW(to_csv({small("a"), other}), std::logic_error);
  EXPECT_EQ(to_csv({}), "");
}

TEST(Table, Latex) {
  const std::string tex = to_latex({small("ml_1m")});
  EXPECT_NE(tex.find("\\caption{T ml\\_1m}"), std::string::npos);
  EXPECT_NE(tex.find("\\begin{tabular}{llrr}"), std::string::npos);
  EXPECT_NE(tex.find("FA*IR & p|q\\_r & -- & 0 \\\\"), std::string::npos);
  EXPECT_NE(tex.find("PopSteer & a=1, b=\"2\" & 0.1235 & 12 \\\\"), std::string::npos);
  EXPECT_EQ(latex_escape("50% & $x_1^2$ {#} ~\\"),
            "50\\% \\& \\$x\\_1\\textasciicircum{}2\\$ \\{\\#\\} \\textasciitilde{}\\textbackslash{}");
}

TEST(Table, LatexEscapesComparisons) {
  EXPECT_EQ(latex_escape("NDCG >= 0.9 x base < 1"), "NDCG \\textgreater{}= 0.9 x base \\textless{} 1");
}

TEST(Table, RowsTableKeepsEveryRowAndField) {
  auto failed = testing::make_row("ipr", "i1", "valid", 0.5, 0.25, 0.75, R"({"alpha":0.1})");
  failed.status = "failed";
  failed.error = "boom, at line 3";
  failed.backbone_seed = 9007199254740993;  // > 2^53: must not go through a double
  const auto t = rows_table({testing::make_row("base", "b", "test", 0.5, 0.25, 0.75), failed});
  EXPECT_EQ(t.columns.size(), 26u);
  const std::string csv = to_csv({t});
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "sweep,task_id,config_id,dataset,backbone,backbone_seed,method,params_json,label,split,k,ndcg,"
            "ndcg_head,ndcg_tail,ndcg_nonhead,hit,mrr,coverage,gini,arp,aplt,dltc,users,seconds,status,error");
  EXPECT_NE(csv.find("t,task-i1-valid,i1,ml-1m,sasrec,9007199254740993,ipr,\"{\"\"alpha\"\":0.1}\",ipr:i1,valid,10,0.5,"),
            std::string::npos);
  EXPECT_NE(csv.find(",100,1.5,failed,\"boom, at line 3\"\n"), std::string::npos);
}

}  // namespace
}  // namespace popsteer::aggregate
