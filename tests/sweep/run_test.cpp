#include <gtest/gtest.h>

#include <map>

#include "sweep/result_io.h"
#include "sweep/sweep_run.h"
#include "sweep/synthetic_kinds.h"
#include "test_util.h"

namespace popsteer::sweep {
namespace {

using testing::small_sweep;
using testing::spec_from;
using testing::TempDir;

RunReport run(const SweepSpec& sp, RunOptions opt = {}) {
  const auto kinds = synthetic_kinds(sp.test);
  const Plan plan = make_plan(sp, kinds, {});
  MpiSession local(false);
  opt.progress_interval_s = 1e9;
  return run_sweep(sp, plan, kinds, opt, local);
}

/// (config_id, split, k) -> count; every row must appear exactly once.
std::map<std::string, int> row_keys(const std::vector<ResultRow>& rows) {
  std::map<std::string, int> m;
  for (const auto& r : rows) m[r.config_id + "/" + r.split + "/" + std::to_string(r.k)]++;
  return m;
}

TEST(LocalRun, RunsEverythingOnceAndResumesToNothing) {
  TempDir dir("run");
  const SweepSpec sp = spec_from(small_sweep(dir.str()));
  const RunReport first = run(sp);
  EXPECT_EQ(first.done, 29);
  EXPECT_EQ(first.failed, 0);
  EXPECT_FALSE(first.interrupted);
  const ResultSet rs = read_results(dir.str());
  EXPECT_TRUE(rs.problems.empty());
  ASSERT_EQ(rs.rows.size(), 96u);
  for (const auto& [key, n] : row_keys(rs.rows)) EXPECT_EQ(n, 1) << key;
  const RunReport again = run(sp);
  EXPECT_EQ(again.already_done, 29);
  EXPECT_EQ(again.done, 0);
  EXPECT_EQ(read_results(dir.str()).rows.size(), 96u);
}

TEST(LocalRun, FlakyTasksAreRetried) {
  TempDir dir("run");
  const SweepSpec sp = spec_from(small_sweep(dir.str(), "fail_first_attempts = 1\n"));  // retries = 1
  const RunReport r = run(sp);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.done, 29);
}

TEST(LocalRun, FailedTasksAreRecordedAndTheSweepGoesOn) {
  TempDir dir("run");
  const SweepSpec sp = spec_from(small_sweep(dir.str(), "fail_methods = [\"ipr\"]\n"));
  const RunReport r = run(sp);
  EXPECT_EQ(r.failed, 4);  // 2 backbones x 2 ipr blocks
  EXPECT_EQ(r.done, 25);
  const auto kinds = synthetic_kinds(sp.test);
  const Plan plan = make_plan(sp, kinds, {});
  const SweepStatus st = sweep_status(plan, TaskStore(sp.results_dir));
  EXPECT_EQ(st.kinds.at("rerank").failed, 4);
  EXPECT_EQ(st.kinds.at("rerank").done, 2);
  ASSERT_EQ(st.failures.size(), 4u);
  EXPECT_EQ(st.failures[0].attempts, 2);
  EXPECT_NE(st.failures[0].error.find("synthetic failure of method ipr"), std::string::npos);
  EXPECT_NE(format_status(st).find("synthetic failure"), std::string::npos);
}

TEST(LocalRun, StagesAndShardsTogetherDoTheWholeSweep) {
  TempDir dir("run");
  const SweepSpec sp = spec_from(small_sweep(dir.str()));
  const auto kinds = synthetic_kinds(sp.test);
  const Plan plan = make_plan(sp, kinds, {});
  for (int stage : plan.stages())
    for (int64_t shard = 0; shard < 2; ++shard) {
      RunOptions o;
      o.stage = stage;
      o.shard = shard;
      o.shards = 2;
      const RunReport r = run(sp, o);
      EXPECT_EQ(r.skipped, 0) << "stage " << stage;
    }
  EXPECT_EQ(read_results(dir.str()).rows.size(), 96u);
}

TEST(LocalRun, AStageWhoseInputsAreMissingSkipsThem) {
  TempDir dir("run");
  const SweepSpec sp = spec_from(small_sweep(dir.str()));
  RunOptions o;
  o.stage = 4;  // steer, with nothing upstream done
  const RunReport r = run(sp, o);
  EXPECT_EQ(r.done, 0);
  EXPECT_EQ(r.skipped, 12);
}

TEST(LocalRun, RowsAreDeterministic) {
  TempDir a("run"), b("run");
  run(spec_from(small_sweep(a.str())));
  RunOptions o;
  run(spec_from(small_sweep(b.str())), o);
  auto ra = read_results(a.str()).rows, rb = read_results(b.str()).rows;
  ASSERT_EQ(ra.size(), rb.size());
  for (size_t i = 0; i < ra.size(); ++i) {
    EXPECT_EQ(ra[i].config_id, rb[i].config_id);
    EXPECT_EQ(ra[i].ndcg, rb[i].ndcg);
    EXPECT_EQ(ra[i].gini, rb[i].gini);
  }
}

}  // namespace
}  // namespace popsteer::sweep
