/// Against a REAL single-node SLURM (slurm/start-local-slurm.sh): a synthetic sweep as
/// chained array jobs, a time-limit kill followed by resubmission (resume), and the MPI
/// driver inside an `sbatch -n 2` allocation. Label "slurm" (ctest -L slurm); skipped
/// with a message when SLURM cannot be installed/started. Takes about 3 minutes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "../sweep/process_util.h"
#include "../sweep/test_util.h"
#include "sweep/result_io.h"

namespace popsteer::slurm {
namespace {

using namespace sweep::testing;

std::string capture(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return "";
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

const std::string kDir = "/tmp/popsteer-slurm-test";
bool g_up = false;
std::string g_skip;

class Cluster : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string script = std::string(POPSTEER_SOURCE_DIR) + "/slurm/start-local-slurm.sh";
    // Non-default ports so a cluster someone else runs on 6817/6818 is left alone.
    const std::string out = capture("LOCAL_SLURM_CTLD_PORT=7817 LOCAL_SLURM_SLURMD_PORT=7818 " + script + " " + kDir +
                                    " 2>" + kDir + ".start.log");
    std::istringstream lines(out);
    std::string line;
    int n = 0;
    while (std::getline(lines, line)) {
      if (line.rfind("export ", 0) != 0) continue;
      const auto eq = line.find('=');
      ::setenv(line.substr(7, eq - 7).c_str(), line.substr(eq + 1).c_str(), 1);
      ++n;
    }
    g_up = n > 0 && std::getenv("SLURM_CONF");
    if (!g_up) g_skip = "local SLURM could not be installed or started: " + read_text(kDir + ".start.log");
  }
  static void TearDownTestSuite() {
    if (g_up) std::system((std::string(POPSTEER_SOURCE_DIR) + "/slurm/stop-local-slurm.sh " + kDir + " 2>/dev/null").c_str());
  }
  void SetUp() override {
    if (!g_up) GTEST_SKIP() << g_skip;
    if (!std::filesystem::exists(popsteer_exe())) GTEST_SKIP() << "popsteer not built";
  }
};

/// Polls squeue until none of `ids` is listed (not sbatch --wait: it backs off to 32 s).
bool wait_gone(const std::vector<std::string>& ids, int timeout_s) {
  for (int i = 0; i < timeout_s * 2; ++i) {
    const std::string q = capture("squeue -h -o %i 2>/dev/null");
    bool any = false;
    for (const auto& id : ids)
      if (q.find(id) != std::string::npos) any = true;
    if (!any) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return false;
}

std::vector<std::string> recorded_jobs(const std::string& results) {
  std::vector<std::string> ids;
  std::istringstream in(read_text(results + "/slurm/jobs.txt"));
  std::string stage, part, id, script;
  while (in >> stage >> part >> id >> script) ids.push_back(id);
  return ids;
}

std::string job_state(const std::string& id) {
  const std::string s = capture("scontrol show job " + id + " 2>/dev/null");
  const auto p = s.find("JobState=");
  return p == std::string::npos ? "" : s.substr(p + 9, s.find(' ', p) - p - 9);
}

void expect_rows_once(const std::string& results, size_t expected) {
  const auto rs = sweep::read_results(results);
  EXPECT_TRUE(rs.problems.empty());
  std::map<std::string, int> seen;
  for (const auto& r : rs.rows) seen[r.config_id + "/" + r.split + "/" + std::to_string(r.k)]++;
  EXPECT_EQ(rs.rows.size(), expected);
  EXPECT_EQ(seen.size(), expected);
}

TEST_F(Cluster, ChainedArrayJobsRunTheWholeSweep) {
  TempDir dir("slurm");
  write_text(dir / "s.toml", small_sweep(dir / "res", "sleep_ms = 50\n[slurm]\ntime = \"00:05:00\"\nthrottle = 2\n"));
  ASSERT_EQ(run({popsteer_exe(), "slurm", "submit", dir / "s.toml"}, dir / "submit.log"), 0) << read_text(dir / "submit.log");
  const auto ids = recorded_jobs(dir / "res");
  ASSERT_EQ(ids.size(), 5u) << read_text(dir / "submit.log");  // stages 0..4
  ASSERT_TRUE(wait_gone(ids, 240)) << "chain did not finish";
  for (const auto& id : ids) EXPECT_EQ(job_state(id), "COMPLETED") << id;
  expect_rows_once(dir / "res", 96);
}

TEST_F(Cluster, TimeLimitKillThenResubmissionResumes) {
  TempDir dir("slurm");
  // No steering: stage 2 = 12 rerank blocks x 8 s in ONE array task, > the 1-minute limit.
  const std::string toml =
      "name = \"tl\"\nresults_dir = \"" + dir / "res" + "\"\ndatasets = [\"synthetic-b\"]\n"
      "[baselines.ipr]\nalpha = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n[blocks]\nrerank = 1\n"
      "[test]\nkinds = \"synthetic\"\nsleep_ms = 8000\n[slurm]\ntime = \"1\"\ntasks_per_shard = 100\nsignal_grace_s = 0\n";
  write_text(dir / "s.toml", toml);
  ASSERT_EQ(run({popsteer_exe(), "slurm", "submit", dir / "s.toml"}, dir / "submit.log"), 0) << read_text(dir / "submit.log");
  const auto ids = recorded_jobs(dir / "res");
  ASSERT_EQ(ids.size(), 3u);
  ASSERT_TRUE(wait_gone({ids[2]}, 200) || job_state(ids[2]) == "TIMEOUT");
  EXPECT_EQ(job_state(ids[2]), "TIMEOUT");
  const size_t partial = count_dirs(dir / "res/tasks");
  EXPECT_GT(partial, 2u);
  EXPECT_LT(partial, 14u);
  // Resubmit with a sane limit and no sleep: completed tasks are skipped.
  ASSERT_EQ(run({popsteer_exe(), "slurm", "submit", dir / "s.toml", "slurm.time=\"00:05:00\"", "test.sleep_ms=0"},
                dir / "submit2.log"), 0) << read_text(dir / "submit2.log");
  const auto ids2 = recorded_jobs(dir / "res");
  ASSERT_TRUE(wait_gone(ids2, 120));
  for (const auto& id : ids2) EXPECT_EQ(job_state(id), "COMPLETED") << id;
  expect_rows_once(dir / "res", 2 + 24);  // base 1 config x 2 splits, ipr 12 x 2
  // The resubmitted chain skipped exactly the tasks completed before the kill.
  int64_t skipped = 0;
  std::string logs;
  for (const auto& e : std::filesystem::directory_iterator(dir / "res/slurm/logs")) {
    const std::string name = e.path().filename().string();
    if (std::none_of(ids2.begin(), ids2.end(), [&](const std::string& id) { return name.find(id) != std::string::npos; }))
      continue;
    const std::string text = read_text(e.path());
    logs += text;
    long long sel = 0, done = 0;
    const auto p = text.find("sweep tl: ");
    if (p != std::string::npos && std::sscanf(text.c_str() + p, "sweep tl: %lld tasks selected, %lld already done", &sel, &done) == 2)
      skipped += done;
  }
  EXPECT_EQ(skipped, static_cast<int64_t>(partial)) << logs;
}

TEST_F(Cluster, MpiDriverInsideAnAllocationOfTwoTasks) {
  TempDir dir("slurm");
  write_text(dir / "s.toml", small_sweep(dir / "res", "sleep_ms = 20\n[slurm]\ntime = \"00:05:00\"\nmpi_ranks = 2\n"));
  ASSERT_EQ(run({popsteer_exe(), "slurm", "submit", dir / "s.toml", "--mpi"}, dir / "submit.log"), 0)
      << read_text(dir / "submit.log");
  const std::string out = read_text(dir / "submit.log");
  const auto pos = out.find("job ");
  ASSERT_NE(pos, std::string::npos) << out;
  const std::string id = out.substr(pos + 4, out.find('\n', pos) - pos - 4);
  ASSERT_TRUE(wait_gone({id}, 180));
  EXPECT_EQ(job_state(id), "COMPLETED");
  std::string logs;
  for (const auto& e : std::filesystem::directory_iterator(dir / "res/slurm/logs")) logs += read_text(e.path());
  EXPECT_NE(logs.find("on 2 rank(s)"), std::string::npos) << logs;
  expect_rows_once(dir / "res", 96);
}

}  // namespace
}  // namespace popsteer::slurm
