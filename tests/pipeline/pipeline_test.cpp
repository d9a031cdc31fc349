// End-to-end tests of the real pipeline kinds on a tiny synthetic sweep: every method
// and split once with sane metrics, 1 rank (local executor, in process) == 2 ranks
// (mpirun of the real binary) row for row, and a rerun does nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "config/document.h"
#include "pipeline/pipeline.h"
#include "sweep/mpi_session.h"
#include "sweep/planner.h"
#include "sweep/result_io.h"
#include "sweep/sweep_run.h"

namespace popsteer::pipeline {
namespace {

namespace fs = std::filesystem;
using sweep::ResultRow;

/// A fresh folder under the build tree, removed at the end of the test program.
std::string temp_dir(const std::string& tag) {
  const fs::path p = fs::path(POPSTEER_BINARY_DIR) / "tmp-pipeline-tests" /
                     (tag + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

/// A tiny but complete sweep: 1 backbone, 2 SAEs, 3 steering variants x 2 configs, all six
/// baselines with one or two configs each, K = 5 and 10, valid and test.
std::string tiny_sweep(const std::string& results_dir) {
  return "name = \"tiny\"\nseed = 3\nresults_dir = \"" + results_dir + "\"\nretries = 0\n" +
         "datasets = [\"synthetic\"]\nbackbones = [\"sasrec\"]\nseeds = [0]\n" +
         "[sae]\nscale = [2]\nk = [4, 8]\n"
         "[steering]\nalpha_pop = [1.0, 3.0]\nalpha_unpop = [2.0]\nbeta = [0.5]\n"
         "variant = [\"popsteer\", \"noise\", \"randomselect\"]\nnoise_xi = [0.5, 4.0]\n"
         "[baselines.ipr]\nalpha = [0.2, 1.0]\n[baselines.fair]\np = [0.5]\n[baselines.pmmf]\nlambda = [0.5]\n"
         "[baselines.pct]\np = [0.5]\n[baselines.duor]\nt = [50]\n[baselines.random]\nt = [15, 30]\n"
         "[blocks]\nsteer = 4\nrerank = 1\n[eval]\nk = [5, 10]\ntau = 2\n"
         "[options.prepare.synth]\nn_users = 150\nn_items = 80\nmean_length = 20\n"
         "[options.backbone.train]\nmax_epochs = 3\npatience = 1\n"
         "[options.sae]\nmax_epochs = 4\npatience = 2\nbatch_size = 256\n"
         "[options.analyze]\nn_synthetic = 256\nbatch = 128\n";
}

struct Loaded {
  sweep::SweepSpec spec;
  sweep::TaskKindRegistry kinds;
  sweep::Plan plan;
};

Loaded load(const std::string& file) {
  Loaded l{sweep::SweepSpec::load(file), sweep::standard_kinds(), {}};
  register_kinds(l.kinds, l.spec);
  l.plan = sweep::make_plan(l.spec, l.kinds, {});
  return l;
}

sweep::RunReport run_local(const Loaded& l) {
  sweep::MpiSession local(false);
  sweep::RunOptions opt;
  opt.progress_interval_s = 1e9;
  return sweep::run_sweep(l.spec, l.plan, l.kinds, opt, local);
}

std::string key(const ResultRow& r) { return r.config_id + "/" + r.split + "/" + std::to_string(r.k); }

std::map<std::string, ResultRow> by_key(const std::vector<ResultRow>& rows) {
  std::map<std::string, ResultRow> m;
  for (const auto& r : rows) EXPECT_TRUE(m.emplace(key(r), r).second) << "duplicate row " << key(r);
  return m;
}

class PipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // One intra-op thread everywhere, so the in-process run and every MPI rank do
    // bit-identical arithmetic whatever the rank count.
    ::setenv("POPSTEER_THREADS", "1", 1);
    dir_ = new std::string(temp_dir("sweep"));
    file_ = new std::string(*dir_ + "/tiny.toml");
    std::ofstream(*file_) << tiny_sweep(*dir_ + "/results-1");
    loaded_ = new Loaded(load(*file_));
    first_ = new sweep::RunReport(run_local(*loaded_));
    rows_ = new std::vector<ResultRow>(sweep::read_results(*dir_ + "/results-1").rows);
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    fs::remove_all(*dir_, ec);
  }
  static std::string* dir_;
  static std::string* file_;
  static Loaded* loaded_;
  static sweep::RunReport* first_;
  static std::vector<ResultRow>* rows_;
};
std::string* PipelineTest::dir_ = nullptr;
std::string* PipelineTest::file_ = nullptr;
Loaded* PipelineTest::loaded_ = nullptr;
sweep::RunReport* PipelineTest::first_ = nullptr;
std::vector<ResultRow>* PipelineTest::rows_ = nullptr;

TEST_F(PipelineTest, EveryMethodAndSplitOnceWithSaneMetrics) {
  EXPECT_EQ(first_->failed, 0) << sweep::format_run_report(*first_);
  EXPECT_EQ(first_->done, static_cast<int64_t>(loaded_->plan.tasks.size()));
  ASSERT_EQ(static_cast<int64_t>(rows_->size()), loaded_->plan.expected_rows());
  const auto rows = by_key(*rows_);
  std::map<std::string, std::set<std::string>> configs;  // method -> config ids
  for (const auto& [k, r] : rows) {
    EXPECT_EQ(r.status, "ok") << r.error;
    EXPECT_EQ(r.dataset, "synthetic");
    EXPECT_EQ(r.backbone, "sasrec");
    EXPECT_GT(r.users, 100);
    EXPECT_TRUE(r.split == "valid" || r.split == "test");
    EXPECT_TRUE(r.k == 5 || r.k == 10);
    for (double v : {r.ndcg, r.ndcg_head, r.ndcg_tail, r.ndcg_nonhead, r.hit, r.mrr, r.coverage, r.gini, r.aplt, r.dltc}) {
      EXPECT_GE(v, 0.0) << r.label;
      EXPECT_LE(v, 1.0) << r.label;
    }
    EXPECT_LE(r.ndcg, r.hit + 1e-12);
    EXPECT_NEAR(r.ndcg_head + r.ndcg_nonhead, r.ndcg, 1e-9);
    EXPECT_GT(r.arp, 0.0);
    EXPECT_FALSE(r.params_json.empty());
    configs[r.method].insert(r.config_id);
  }
  const std::map<std::string, size_t> expected{{"base", 1}, {"sae", 2}, {"popsteer", 4}, {"noise", 8},
                                               {"randomselect", 4}, {"ipr", 2}, {"fair", 1}, {"pmmf", 1},
                                               {"pct", 1}, {"duor", 1}, {"random", 2}};
  for (const auto& [method, n] : expected) EXPECT_EQ(configs[method].size(), n) << method;
  EXPECT_EQ(configs.size(), expected.size());
  // Each config has a row for every (split, K).
  for (const auto& [method, ids] : configs)
    for (const auto& id : ids)
      for (const char* split : {"valid", "test"})
        for (int k : {5, 10}) EXPECT_TRUE(rows.count(id + "/" + split + "/" + std::to_string(k))) << method;
  // The xi grid: the same (alpha, beta, SAE) at xi = 0.5 and 4.0 are two rows with the
  // same noise draws scaled differently, so the larger xi moves the lists further.
  int64_t noise_pairs = 0, differ = 0;
  for (const auto& [k, r] : rows) {
    if (r.method != "noise" || r.params_json.find("\"xi\":0.5") == std::string::npos) continue;
    for (const auto& [k2, r2] : rows)
      if (r2.method == "noise" && r2.split == r.split && r2.k == r.k &&
          r2.params_json.find("\"xi\":4.0") != std::string::npos &&
          r2.label.substr(0, r2.label.find(" xi=")) == r.label.substr(0, r.label.find(" xi=")) &&
          r2.label.substr(r2.label.find(" s=")) == r.label.substr(r.label.find(" s="))) {
        ++noise_pairs;
        differ += r2.ndcg != r.ndcg || r2.gini != r.gini;
      }
  }
  EXPECT_EQ(noise_pairs, 2 * 2 * 2 * 2);  // 2 SAEs x 2 alpha_pop configs x 2 splits x 2 K
  EXPECT_GT(differ, 0);
  // The trained backbone beats nothing-at-all by a margin on this easy data.
  for (const auto& [k, r] : rows)
    if (r.method == "base" && r.k == 10) EXPECT_GT(r.ndcg, 0.02) << r.split;
}

TEST_F(PipelineTest, RerunSkipsEveryTask) {
  const sweep::RunReport again = run_local(*loaded_);
  EXPECT_EQ(again.done, 0);
  EXPECT_EQ(again.failed, 0);
  EXPECT_EQ(again.already_done, static_cast<int64_t>(loaded_->plan.tasks.size()));
  EXPECT_EQ(sweep::read_results(*dir_ + "/results-1").rows.size(), rows_->size());
}

TEST_F(PipelineTest, TwoMpiRanksGiveIdenticalRows) {
  const std::string binary = std::string(POPSTEER_BINARY_DIR) + "/bin/popsteer";
  if (!fs::exists(binary)) GTEST_SKIP() << "popsteer binary not built";
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun absent";
  const std::string results2 = *dir_ + "/results-2";
  const std::string cmd = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 POPSTEER_THREADS=1 "
                          "mpirun --oversubscribe -n 2 " + binary + " sweep run " + *file_ +
                          " 'results_dir=\"" + results2 + "\"' > " + *dir_ + "/mpi.log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "see " << *dir_ << "/mpi.log";
  const auto one = by_key(*rows_);
  const auto two = by_key(sweep::read_results(results2).rows);
  ASSERT_EQ(one.size(), two.size());
  std::set<int64_t> ranks;
  for (const auto& [k, a] : one) {
    ASSERT_TRUE(two.count(k)) << k;
    const ResultRow& b = two.at(k);
    EXPECT_EQ(a.method, b.method);
    EXPECT_EQ(a.params_json, b.params_json);
    EXPECT_EQ(a.task_id, b.task_id);
    // Every metric exactly equal (no tolerance): same seeds, same arithmetic.
    EXPECT_EQ(a.ndcg, b.ndcg) << a.label;
    EXPECT_EQ(a.ndcg_head, b.ndcg_head) << a.label;
    EXPECT_EQ(a.ndcg_tail, b.ndcg_tail) << a.label;
    EXPECT_EQ(a.ndcg_nonhead, b.ndcg_nonhead) << a.label;
    EXPECT_EQ(a.hit, b.hit) << a.label;
    EXPECT_EQ(a.mrr, b.mrr) << a.label;
    EXPECT_EQ(a.coverage, b.coverage) << a.label;
    EXPECT_EQ(a.gini, b.gini) << a.label;
    EXPECT_EQ(a.arp, b.arp) << a.label;
    EXPECT_EQ(a.aplt, b.aplt) << a.label;
    EXPECT_EQ(a.dltc, b.dltc) << a.label;
    EXPECT_EQ(a.users, b.users) << a.label;
  }
}

}  // namespace
}  // namespace popsteer::pipeline
