#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "config/document.h"
#include "slurm/render.h"
#include "slurm/submit.h"
#include "sweep/synthetic_kinds.h"
#include "../sweep/test_util.h"

namespace popsteer::slurm {
namespace {

using sweep::testing::small_sweep;
using sweep::testing::spec_from;
using sweep::testing::TempDir;

struct Fixture {
  sweep::SweepSpec spec;
  sweep::Plan plan;
  SlurmOptions opt;
};

Fixture make(const std::string& slurm_table, const std::vector<std::string>& overrides = {}) {
  Fixture f{spec_from(small_sweep("/tmp/r") + slurm_table, overrides), {}, {}};
  f.plan = sweep::make_plan(f.spec, sweep::synthetic_kinds(f.spec.test), {});
  f.opt = SlurmOptions::from_config(f.spec.document->root().section("slurm"));
  return f;
}

RenderInput input(const std::string& out, int64_t max_array) {
  return RenderInput{"/abs/s.toml", {"sae.k=[8]"}, "/work dir", out, "/bin/popsteer", max_array};
}

TEST(Render, OneArrayPerStageWithSiteSettingsFromTheFile) {
  const Fixture f = make("[slurm]\naccount = \"proj1\"\npartition = \"gpu\"\ntime = \"00:30:00\"\nmem = \"8G\"\n"
                         "gpus_per_task = 1\nmodules = [\"cuda/12\"]\nthrottle = 4\n");
  const auto scripts = render_scripts(f.plan, f.spec, f.opt, input("/o", 1001));
  ASSERT_EQ(scripts.size(), f.plan.stages().size() + 1);
  const JobScript& s2 = scripts[2];  // stage 2: 4 sae + 6 rerank
  EXPECT_EQ(s2.stage, 2);
  EXPECT_EQ(s2.array_size, 10);
  for (const char* want : {"#SBATCH --array=0-9%4", "#SBATCH --account=proj1", "#SBATCH --partition=gpu",
                           "#SBATCH --time=00:30:00", "#SBATCH --mem=8G", "#SBATCH --gpus-per-task=1",
                           "module load cuda/12", "cd '/work dir'", "--stage 2 --shard $((SLURM_ARRAY_TASK_ID + 0)) --shards 10",
                           "exec '/bin/popsteer' sweep run '/abs/s.toml' 'sae.k=[8]'", "#SBATCH --signal=B:USR1@60"})
    EXPECT_NE(s2.text.find(want), std::string::npos) << want << "\n" << s2.text;
  const JobScript& mpi = scripts.back();
  EXPECT_EQ(mpi.stage, -1);
  EXPECT_NE(mpi.text.find("#SBATCH --ntasks=2"), std::string::npos);
  EXPECT_NE(mpi.text.find("exec mpirun '/bin/popsteer' sweep run"), std::string::npos) << mpi.text;
}

TEST(Render, NothingSiteSpecificIsHardCoded) {
  const Fixture f = make("");
  const auto scripts = render_scripts(f.plan, f.spec, f.opt, input("/o", 1001));
  for (const auto& s : scripts) {
    EXPECT_EQ(s.text.find("--account"), std::string::npos);
    EXPECT_EQ(s.text.find("--partition"), std::string::npos);
    EXPECT_EQ(s.text.find("--gpus"), std::string::npos);
    EXPECT_EQ(s.text.find("module load"), std::string::npos);
  }
}

TEST(Render, ArraysSplitAtMaxArraySize) {
  const Fixture f = make("");
  const auto scripts = render_scripts(f.plan, f.spec, f.opt, input("/o", 4));
  std::vector<const JobScript*> s4;
  for (const auto& s : scripts) if (s.stage == 4) s4.push_back(&s);
  ASSERT_EQ(s4.size(), 3u);  // 12 steer shards -> 4 + 4 + 4
  EXPECT_EQ(s4[1]->first_shard, 4);
  EXPECT_NE(s4[2]->text.find("--shard $((SLURM_ARRAY_TASK_ID + 8)) --shards 12"), std::string::npos);
  EXPECT_NE(s4[2]->text.find("#SBATCH --array=0-3\n"), std::string::npos);
}

TEST(Render, TasksPerShardReducesArrays) {
  const Fixture f = make("[slurm]\ntasks_per_shard = 5\n");
  const auto scripts = render_scripts(f.plan, f.spec, f.opt, input("/o", 1001));
  for (const auto& s : scripts)
    if (s.stage == 4) EXPECT_EQ(s.array_size, 3);  // ceil(12 / 5)
}

TEST(Render, UnknownSlurmKeyIsAnError) {
  EXPECT_THROW(make("[slurm]\npartiton = \"x\"\n"), UserError);
}

TEST(Submit, ChainsStagesWithAfterokAndRecordsIds) {
  TempDir dir("submit");
  // A fake sbatch on PATH: prints increasing ids and logs its arguments.
  const std::string bin = dir / "bin";
  std::filesystem::create_directories(bin);
  sweep::testing::write_text(bin + "/sbatch",
                             "#!/bin/bash\necho \"$@\" >> " + dir / "calls" +
                                 "\nn=$(wc -l < " + dir / "calls" + ")\necho $((100 + n))\n");
  std::filesystem::permissions(bin + "/sbatch", std::filesystem::perms::owner_all);
  const std::string old_path = std::getenv("PATH");
  ::setenv("PATH", (bin + ":" + old_path).c_str(), 1);
  const Fixture f = make("");
  const auto scripts = render_scripts(f.plan, f.spec, f.opt, input(dir / "out", 4));
  write_scripts(scripts, dir / "out/logs");
  const auto jobs = submit_chain(scripts, dir / "out");
  ::setenv("PATH", old_path.c_str(), 1);
  // stages 0,1,2(10 shards -> 3 parts),3,4(12 -> 3 parts)
  ASSERT_EQ(jobs.size(), 9u);
  const std::string calls = sweep::testing::read_text_file(dir / "calls");
  EXPECT_EQ(calls.substr(0, calls.find('\n')).find("--dependency"), std::string::npos);  // stage 0
  EXPECT_NE(calls.find("--parsable --dependency=afterok:101 "), std::string::npos) << calls;
  // stage 3 depends on all three parts of stage 2 (jobs 103, 104, 105)
  EXPECT_NE(calls.find("--dependency=afterok:103:104:105 "), std::string::npos) << calls;
  EXPECT_NE(sweep::testing::read_text_file(dir / "out/jobs.txt").find("4 2 109 "), std::string::npos);
}

}  // namespace
}  // namespace popsteer::slurm
