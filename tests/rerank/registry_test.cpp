// Registry and parameters: names, did-you-mean, ranges, config sections.
#include "rerank/registry.h"

#include <gtest/gtest.h>

#include <map>

#include "config/document.h"

namespace popsteer::rerank {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(Registry, HasTheSixBaselinesWithDescriptions) {
  std::vector<std::string> names;
  for (const auto& info : reranker_registry()) {
    names.push_back(info.name);
    EXPECT_FALSE(info.description.empty());
    auto r = info.make(ParamValues::defaults(info.params));
    EXPECT_EQ(r->name(), info.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"ipr", "fair", "pmmf", "pct", "duor", "random"}));
}

TEST(Registry, UnknownMethodSuggests) {
  EXPECT_NE(error_of([] { find_reranker("fairr"); }).find("did you mean 'fair'"), std::string::npos);
}

TEST(Params, ParseTypedValues) {
  const auto& info = find_reranker("fair");
  auto p = ParamValues::parse_strings(info.params, {"p=0.2", "alpha=0.05"}, "fair");
  EXPECT_DOUBLE_EQ(p.real("p"), 0.2);
  EXPECT_DOUBLE_EQ(p.real("alpha"), 0.05);
  EXPECT_EQ(p.integer("t"), 250);
  EXPECT_EQ(p.label(), "p=0.2 alpha=0.05 t=250");
  EXPECT_EQ(p.json(), "{\"p\":0.2,\"alpha\":0.05,\"t\":250}");
  auto ipr = ParamValues::parse_strings(find_reranker("ipr").params, {"formula=code"}, "ipr");
  EXPECT_EQ(ipr.choice("formula"), "code");
}

TEST(Params, Errors) {
  const auto& specs = find_reranker("fair").params;
  EXPECT_NE(error_of([&] { ParamValues::parse_strings(specs, {"alhpa=0.1"}, "fair"); }).find("did you mean 'alpha'"),
            std::string::npos);
  EXPECT_NE(error_of([&] { ParamValues::parse_strings(specs, {"p=1.5"}, "fair"); }).find("outside the allowed range"),
            std::string::npos);
  EXPECT_NE(error_of([&] { ParamValues::parse_strings(specs, {"p=abc"}, "fair"); }).find("expects a number"),
            std::string::npos);
  EXPECT_NE(error_of([&] { ParamValues::parse_strings(specs, {"t=2.5"}, "fair"); }).find("integer"), std::string::npos);
  EXPECT_NE(error_of([&] { ParamValues::parse_strings(specs, {"p"}, "fair"); }).find("name=value"), std::string::npos);
  EXPECT_NE(error_of([&] { ParamValues::parse_strings(specs, {"p=0.1", "p=0.2"}, "fair"); }).find("twice"),
            std::string::npos);
  EXPECT_NE(error_of([] { make_reranker("ipr", {"formula=thesys"}); }).find("did you mean 'thesis'"),
            std::string::npos);
}

TEST(Params, FromConfigSection) {
  auto doc = config::Document::parse_string("[baseline]\nmethod = \"pct\"\np = 1\nlambda = 0.1\n", "b.toml");
  auto [r, p] = reranker_from_config(doc->root().section("baseline"));
  EXPECT_EQ(r->name(), "pct");
  EXPECT_DOUBLE_EQ(p.real("p"), 1.0);
  EXPECT_DOUBLE_EQ(p.real("lambda"), 0.1);
  auto bad = config::Document::parse_string("[baseline]\nmethod = \"pct\"\nlambd = 0.1\n", "b.toml");
  const std::string e = error_of([&] { reranker_from_config(bad->root().section("baseline")); });
  EXPECT_NE(e.find("b.toml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'lambda'"), std::string::npos) << e;
  auto range = config::Document::parse_string("[baseline]\nmethod = \"fair\"\np = 2.0\n", "b.toml");
  EXPECT_THROW(reranker_from_config(range->root().section("baseline")), UserError);
}

}  // namespace
}  // namespace popsteer::rerank

#include "rerank/grid.h"

namespace popsteer::rerank {
namespace {

TEST(Grid, ThesisGridHas74ValidConfigs) {
  const auto grid = thesis_grid();
  ASSERT_EQ(grid.size(), 74u);
  std::map<std::string, int> per;
  for (const auto& c : grid) {
    ++per[c.method];
    EXPECT_NO_THROW(make_reranker(c.method, c.params)) << c.method;
  }
  EXPECT_EQ(per, (std::map<std::string, int>{{"fair", 24}, {"pmmf", 8}, {"pct", 24}, {"duor", 5}, {"ipr", 8}, {"random", 5}}));
}

}  // namespace
}  // namespace popsteer::rerank
