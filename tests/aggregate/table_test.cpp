#include "aggregate/table.h"

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

}  // namespace
}  // namespace popsteer::aggregate
