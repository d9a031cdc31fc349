#include <gtest/gtest.h>

#include <set>

#include "core/error.h"
#include "sweep/planner.h"
#include "sweep/sweep_run.h"
#include "sweep/synthetic_kinds.h"
#include "test_util.h"

namespace popsteer::sweep {
namespace {

using testing::small_sweep;
using testing::spec_from;

Plan plan_of(const SweepSpec& sp) { return make_plan(sp, synthetic_kinds(sp.test), PlannerOptions{}); }

std::map<std::string, int64_t> kind_counts(const Plan& p) {
  std::map<std::string, int64_t> c;
  for (const auto& t : p.tasks) c[t.kind]++;
  return c;
}

TEST(Planner, CountsPerKindFollowTheGrids) {
  const Plan p = plan_of(spec_from(small_sweep("/tmp/x")));
  const auto c = kind_counts(p);
  EXPECT_EQ(c.at("prepare"), 1);
  EXPECT_EQ(c.at("backbone"), 2);                 // 2 seeds
  EXPECT_EQ(c.at("sae"), 4);                      // x 2 scales x 1 k
  EXPECT_EQ(c.at("analyze"), 4);
  EXPECT_EQ(c.at("steer"), 4 * 3);                // 8 configs in blocks of 3 -> 3 blocks per SAE
  EXPECT_EQ(c.at("rerank"), 2 * (2 + 1));         // ipr 3 configs -> 2 blocks, random 2 -> 1
  // rows: base 2x2, sae 4x2, steer 4 SAEs x 8 configs x 2 splits, rerank 2 x 5 configs x 2
  EXPECT_EQ(p.expected_rows(), 4 + 8 + 64 + 20);
  for (size_t i = 0; i < p.tasks.size(); ++i)
    for (const auto& in : p.tasks[i].inputs) EXPECT_LT(p.index.at(in), i) << "plan must be topological";
}

TEST(Planner, IdsAreStableAndDependOnParams) {
  const Plan a = plan_of(spec_from(small_sweep("/tmp/x")));
  const Plan b = plan_of(spec_from(small_sweep("/tmp/other")));  // results dir is not part of ids
  ASSERT_EQ(a.tasks.size(), b.tasks.size());
  for (size_t i = 0; i < a.tasks.size(); ++i) EXPECT_EQ(a.tasks[i].id, b.tasks[i].id);
  std::set<std::string> ids;
  for (const auto& t : a.tasks) ids.insert(t.id);
  EXPECT_EQ(ids.size(), a.tasks.size());
  const Plan c = plan_of(spec_from(small_sweep("/tmp/x"), {"sae.k=[9]"}));
  EXPECT_EQ(a.tasks[0].id, c.tasks[0].id);  // prepare unchanged
  std::set<std::string> sae_a, sae_c;
  for (const auto& t : a.tasks) if (t.kind == "sae") sae_a.insert(t.id);
  for (const auto& t : c.tasks) if (t.kind == "sae") sae_c.insert(t.id);
  for (const auto& id : sae_c) EXPECT_EQ(sae_a.count(id), 0u);
}

TEST(Planner, CommandLineOverrideChangesTheGrid) {
  const Plan p = plan_of(spec_from(small_sweep("/tmp/x"), {"sae.k=[32,48]", "seeds=[3]"}));
  EXPECT_EQ(kind_counts(p).at("sae"), 1 * 2 * 2);
}

TEST(Planner, DatasetHashIsPartOfTheId) {
  const SweepSpec sp = spec_from(small_sweep("/tmp/x"));
  PlannerOptions o1, o2;
  o1.dataset_hash = [](const std::string&) { return std::string("aaaa"); };
  o2.dataset_hash = [](const std::string&) { return std::string("bbbb"); };
  const auto kinds = synthetic_kinds(sp.test);
  EXPECT_NE(make_plan(sp, kinds, o1).tasks[0].id, make_plan(sp, kinds, o2).tasks[0].id);
}

void expect_user_error(const std::string& toml, const std::string& fragment,
                       const std::vector<std::string>& overrides = {}) {
  try {
    plan_of(spec_from(toml, overrides));
    FAIL() << "expected a UserError containing: " << fragment;
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(Planner, EmptyGridIsAnError) {
  expect_user_error(small_sweep("/tmp/x"), "'sae.k': empty grid", {"sae.k=[]"});
}

TEST(Planner, DuplicateValueIsAnError) {
  expect_user_error(small_sweep("/tmp/x"), "'steering.beta': duplicate value", {"steering.beta=[0.5, 0.5]"});
  expect_user_error(small_sweep("/tmp/x"), "'baselines.ipr.alpha': duplicate value",
                    {"baselines.ipr.alpha=[0.1, 0.1]"});
}

TEST(Planner, TooManyTasksIsAnError) {
  expect_user_error(small_sweep("/tmp/x", "") , "more than max_tasks = 10", {"max_tasks=10"});
}

TEST(Planner, UnknownMethodIsAnErrorWithSuggestion) {
  expect_user_error(small_sweep("/tmp/x", "[baselines.ipx]\nalpha = [1.0]\n"),
                    "unknown method 'ipx' (did you mean 'ipr'?)");
  expect_user_error(small_sweep("/tmp/x"), "unknown steering variant 'popstear'", {"steering.variant=[\"popstear\"]"});
}

TEST(Planner, UnknownKeyIsAnErrorWithLocation) {
  expect_user_error(small_sweep("/tmp/x", "[eval2]\nk = 1\n"), "unknown key 'eval2'");
  expect_user_error(small_sweep("/tmp/x"), "unknown key 'sae.kk'", {"sae.kk=[1]"});
}

TEST(Planner, KnownMethodsAreAParameter) {
  const SweepSpec sp = spec_from(small_sweep("/tmp/x"));
  PlannerOptions opt;
  opt.known_rerankers = {"ipr"};
  EXPECT_THROW(make_plan(sp, synthetic_kinds(sp.test), opt), UserError);
}

TEST(Planner, SteeringNeedsBetaOrN) {
  expect_user_error("datasets=[\"synthetic\"]\n[steering]\nalpha_pop=[1.0]\n", "give 'beta'");
}

TEST(Planner, FixedCountModeAddsConfigs) {
  const Plan p = plan_of(spec_from(small_sweep("/tmp/x"), {"steering.n_neurons=[5,10]", "blocks.steer=100"}));
  int64_t rows = 0;
  for (const auto& t : p.tasks) if (t.kind == "steer") rows += t.expected_rows;
  EXPECT_EQ(rows, 4 * (8 + 8) * 2);  // 4 SAEs x (2x2x2 beta + 2x2x2 N) x 2 splits
}

TEST(Planner, NoiseXiIsAGridOfTheNoiseVariantOnly) {
  // 8 configs per variant (2 alpha_pop x 2 alpha_unpop x 2 beta); noise x 3 xi.
  const Plan p = plan_of(spec_from(small_sweep("/tmp/x"), {"steering.variant=[\"popsteer\", \"noise\"]",
                                                           "steering.noise_xi=[0.5, 1.0, 2.0]", "blocks.steer=100"}));
  int64_t rows = 0;
  std::set<double> xis;
  for (const auto& t : p.tasks) {
    if (t.kind != "steer") continue;
    rows += t.expected_rows;
    const auto params = nlohmann::json::parse(t.params);  // named: a temporary would die before the loop
    for (const auto& c : params.at("configs")) {
      if (c.at("variant") == "noise") xis.insert(c.at("xi").get<double>());
      else EXPECT_FALSE(c.contains("xi")) << c.dump();
    }
  }
  EXPECT_EQ(rows, 4 * (8 + 8 * 3) * 2);  // 4 SAEs x (8 popsteer + 24 noise) x 2 splits
  EXPECT_EQ(xis, (std::set<double>{0.5, 1.0, 2.0}));
  expect_user_error(small_sweep("/tmp/x"), "'noise_xi' is a grid of the \"noise\" variant",
                    {"steering.noise_xi=[1.0]"});
}

TEST(Planner, FormatPlanPrintsKindsStagesAndTotals) {
  const SweepSpec sp = spec_from(small_sweep("/tmp/x"));
  const auto kinds = synthetic_kinds(sp.test);
  const std::string text = format_plan(make_plan(sp, kinds, {}), kinds, sp);
  EXPECT_NE(text.find("29 tasks, 96 evaluation rows"), std::string::npos) << text;
  EXPECT_NE(text.find("steer"), std::string::npos);
  EXPECT_NE(text.find("estimated cost"), std::string::npos);
}

TEST(Planner, ShardsPartitionAStage) {
  const Plan p = plan_of(spec_from(small_sweep("/tmp/x")));
  for (int stage : p.stages()) {
    std::multiset<size_t> seen;
    for (int64_t s = 0; s < 3; ++s)
      for (size_t i : select_tasks(p, stage, s, 3)) seen.insert(i);
    const auto all = p.stage_tasks(stage);
    EXPECT_EQ(seen, std::multiset<size_t>(all.begin(), all.end())) << "stage " << stage;
  }
  EXPECT_THROW(select_tasks(p, 0, 3, 3), UserError);
}

}  // namespace
}  // namespace popsteer::sweep
