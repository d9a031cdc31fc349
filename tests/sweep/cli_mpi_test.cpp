/// End-to-end tests of the real `popsteer` binary: local vs MPI determinism, kill -9 and
/// resume, SIGTERM drain, the scheduler benchmark. They run synthetic task kinds.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "process_util.h"
#include "sweep/result_io.h"
#include "test_util.h"

namespace popsteer::sweep {
namespace {

using namespace testing;

void require_tools() {
  if (!std::filesystem::exists(popsteer_exe())) GTEST_SKIP() << "popsteer binary not built: " << popsteer_exe();
  if (!have_program("mpirun")) GTEST_SKIP() << "mpirun not installed";
}

std::vector<std::string> mpirun(int n, std::vector<std::string> args) {
  std::vector<std::string> out{"mpirun", "-n", std::to_string(n), "--oversubscribe", popsteer_exe()};
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

std::vector<ResultRow> sorted_rows(const std::string& dir) {
  ResultSet rs = read_results(dir);
  EXPECT_TRUE(rs.problems.empty());
  auto key = [](const ResultRow& r) { return std::tie(r.config_id, r.split, r.k); };
  std::sort(rs.rows.begin(), rs.rows.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return rs.rows;
}

void expect_each_row_once(const std::string& dir, size_t expected) {
  const auto rows = sorted_rows(dir);
  EXPECT_EQ(rows.size(), expected);
  for (size_t i = 1; i < rows.size(); ++i)
    EXPECT_FALSE(rows[i].config_id == rows[i - 1].config_id && rows[i].split == rows[i - 1].split &&
                 rows[i].k == rows[i - 1].k)
        << "duplicate row " << rows[i].config_id;
}

TEST(CliMpi, OneAndTwoRanksGiveIdenticalRows) {
  require_tools();
  TempDir dir("cli");
  write_text(dir / "a.toml", small_sweep(dir / "res-a"));
  write_text(dir / "b.toml", small_sweep(dir / "res-b"));
  ASSERT_EQ(run({popsteer_exe(), "sweep", "run", dir / "a.toml"}, dir / "a.log"), 0) << read_text(dir / "a.log");
  ASSERT_EQ(run(mpirun(2, {"sweep", "run", dir / "b.toml"}), dir / "b.log"), 0) << read_text(dir / "b.log");
  const auto a = sorted_rows(dir / "res-a"), b = sorted_rows(dir / "res-b");
  ASSERT_EQ(a.size(), 96u);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].config_id, b[i].config_id);
    EXPECT_EQ(a[i].task_id, b[i].task_id);
    EXPECT_EQ(a[i].params_json, b[i].params_json);
    for (auto f : {&ResultRow::ndcg, &ResultRow::ndcg_head, &ResultRow::ndcg_tail, &ResultRow::ndcg_nonhead,
                   &ResultRow::hit, &ResultRow::mrr, &ResultRow::coverage, &ResultRow::gini, &ResultRow::arp,
                   &ResultRow::aplt, &ResultRow::dltc})
      EXPECT_EQ(a[i].*f, b[i].*f);
  }
}

TEST(CliMpi, KillNineMidRunThenResumeGivesEveryRowOnce) {
  require_tools();
  TempDir dir("cli");
  write_text(dir / "s.toml", small_sweep(dir / "res", "sleep_ms = 150\n"));
  const pid_t mpi = spawn(mpirun(2, {"sweep", "run", dir / "s.toml"}), dir / "run1.log");
  ASSERT_GT(mpi, 0);
  // Wait until some but not all tasks are complete, then kill -9 one rank.
  for (int i = 0; i < 400 && count_dirs(dir / "res/tasks") < 6; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  const auto ranks = children_of(mpi);
  ASSERT_FALSE(ranks.empty());
  ::kill(ranks.back(), SIGKILL);
  EXPECT_NE(wait_exit(mpi), 0);
  const size_t done_before = count_dirs(dir / "res/tasks");
  EXPECT_GT(done_before, 0u);
  EXPECT_LT(done_before, 29u) << "the kill came too late to test anything";
  ASSERT_EQ(run(mpirun(2, {"sweep", "run", dir / "s.toml"}), dir / "run2.log"), 0) << read_text(dir / "run2.log");
  EXPECT_NE(read_text(dir / "run2.log").find(std::to_string(done_before) + " already done"), std::string::npos)
      << read_text(dir / "run2.log");
  expect_each_row_once(dir / "res", 96);
}

TEST(CliMpi, SigtermDrainsWithExitCode3AndResumes) {
  require_tools();
  TempDir dir("cli");
  write_text(dir / "s.toml", small_sweep(dir / "res", "sleep_ms = 150\n"));
  const pid_t pid = spawn({popsteer_exe(), "sweep", "run", dir / "s.toml"}, dir / "run1.log");
  for (int i = 0; i < 400 && count_dirs(dir / "res/tasks") < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid), 3) << read_text(dir / "run1.log");
  EXPECT_LT(count_dirs(dir / "res/tasks"), 29u);
  ASSERT_EQ(run({popsteer_exe(), "sweep", "run", dir / "s.toml", "test.sleep_ms=0"}, dir / "run2.log"), 0)
      << read_text(dir / "run2.log");
  expect_each_row_once(dir / "res", 96);
}

TEST(CliMpi, StatusShowsFailuresAndExitCodeReflectsThem) {
  require_tools();
  TempDir dir("cli");
  write_text(dir / "s.toml", small_sweep(dir / "res", "fail_methods = [\"random\"]\n"));
  EXPECT_EQ(run(mpirun(2, {"sweep", "run", dir / "s.toml"}), dir / "run.log"), 1) << read_text(dir / "run.log");
  EXPECT_EQ(run({popsteer_exe(), "sweep", "run", dir / "s.toml", "--allow-failures"}, dir / "run2.log"), 0)
      << read_text(dir / "run2.log");
  ASSERT_EQ(run({popsteer_exe(), "sweep", "status", dir / "s.toml"}, dir / "status.log"), 0);
  const std::string status = read_text(dir / "status.log");
  EXPECT_NE(status.find("synthetic failure of method random"), std::string::npos) << status;
  EXPECT_NE(status.find("rerank"), std::string::npos);
}

TEST(CliMpi, SchedulerBenchDispatchesEveryTask) {
  require_tools();
  TempDir dir("cli");
  ASSERT_EQ(run(mpirun(2, {"bench", "scheduler", "--tasks", "5000"}), dir / "b.log"), 0) << read_text(dir / "b.log");
  EXPECT_NE(read_text(dir / "b.log").find("5000 no-op tasks over 2 rank(s)"), std::string::npos)
      << read_text(dir / "b.log");
}

TEST(CliMpi, PlanErrorsAreUserErrors) {
  require_tools();
  TempDir dir("cli");
  write_text(dir / "s.toml", small_sweep(dir / "res"));
  EXPECT_EQ(run({popsteer_exe(), "sweep", "plan", dir / "s.toml", "sae.k=[]"}, dir / "p.log"), 2);
  EXPECT_NE(read_text(dir / "p.log").find("empty grid"), std::string::npos);
  EXPECT_EQ(run({popsteer_exe(), "sweep", "plan", dir / "s.toml"}, dir / "p2.log"), 0);
  EXPECT_NE(read_text(dir / "p2.log").find("29 tasks, 96 evaluation rows"), std::string::npos) << read_text(dir / "p2.log");
}

}  // namespace
}  // namespace popsteer::sweep
