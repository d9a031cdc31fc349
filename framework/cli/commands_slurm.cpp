/// `popsteer slurm render|submit FILE [key=VALUE...]`: sbatch scripts for a sweep.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/sweep_kinds.h"
#include "slurm/render.h"
#include "slurm/submit.h"

namespace popsteer::cli {
namespace {

namespace fs = std::filesystem;

struct SlurmArgs {
  std::string file, out;
  std::vector<std::string> overrides;
  std::string partition, account, time;
  int64_t throttle = -1, max_array_size = 0;
  bool mpi = false;
};

void add_args(CLI::App* cmd, SlurmArgs& a) {
  cmd->add_option("FILE", a.file, "sweep file (TOML)")->required();
  cmd->add_option("OVERRIDES", a.overrides, "overrides key.path=VALUE, e.g. slurm.time=\"02:00:00\"");
  cmd->add_option("--out", a.out, "script folder (default: <results_dir>/slurm)");
  cmd->add_option("--partition", a.partition, "same as slurm.partition=...");
  cmd->add_option("--account", a.account, "same as slurm.account=...");
  cmd->add_option("--time", a.time, "same as slurm.time=...");
  cmd->add_option("--throttle", a.throttle, "same as slurm.throttle=N (array %N)");
  cmd->add_option("--max-array-size", a.max_array_size, "same as slurm.max_array_size=N");
}

struct Rendered {
  LoadedSweep sweep;
  std::vector<slurm::JobScript> scripts;
  std::string out_dir;
};

Rendered render(SlurmArgs a) {
  auto quoted = [](const std::string& v) { return "\"" + v + "\""; };
  if (!a.partition.empty()) a.overrides.push_back("slurm.partition=" + quoted(a.partition));
  if (!a.account.empty()) a.overrides.push_back("slurm.account=" + quoted(a.account));
  if (!a.time.empty()) a.overrides.push_back("slurm.time=" + quoted(a.time));
  if (a.throttle >= 0) a.overrides.push_back("slurm.throttle=" + std::to_string(a.throttle));
  if (a.max_array_size > 0) a.overrides.push_back("slurm.max_array_size=" + std::to_string(a.max_array_size));
  Rendered r{load_sweep(a.file, a.overrides), {}, ""};
  const slurm::SlurmOptions opt = slurm::SlurmOptions::from_config(r.sweep.spec.document->root().section("slurm"));
  slurm::RenderInput in;
  in.sweep_file = fs::absolute(a.file).string();
  in.overrides = a.overrides;
  in.workdir = fs::current_path().string();
  r.out_dir = fs::absolute(a.out.empty() ? fs::path(r.sweep.spec.results_dir) / "slurm" : fs::path(a.out)).string();
  in.out_dir = r.out_dir;
  in.popsteer = opt.popsteer.empty() ? fs::read_symlink("/proc/self/exe").string() : opt.popsteer;
  in.max_array_size = opt.max_array_size > 0 ? opt.max_array_size : slurm::query_max_array_size();
  if (in.max_array_size <= 0) in.max_array_size = opt.fallback_max_array_size;
  r.scripts = slurm::render_scripts(r.sweep.plan, r.sweep.spec, opt, in);
  slurm::write_scripts(r.scripts, r.out_dir + "/logs");
  return r;
}

}  // namespace

void add_slurm_commands(CLI::App& app) {
  auto* slurm = app.add_subcommand("slurm", "sbatch scripts for a sweep: one array job per stage, chained");
  slurm->require_subcommand(1);

  auto ra = std::make_shared<SlurmArgs>();
  auto* rend = slurm->add_subcommand("render", "Write the sbatch scripts (stage arrays + single-allocation MPI)");
  add_args(rend, *ra);
  rend->callback([ra] {
    const Rendered r = render(*ra);
    for (const auto& s : r.scripts) {
      if (s.stage >= 0)
        std::printf("stage %d part %lld: array 0-%lld (shards %lld..%lld of %lld): %s\n", s.stage,
                    static_cast<long long>(s.part), static_cast<long long>(s.array_size - 1),
                    static_cast<long long>(s.first_shard), static_cast<long long>(s.first_shard + s.array_size - 1),
                    static_cast<long long>(s.shards), s.path.c_str());
      else
        std::printf("single allocation (MPI driver): %s\n", s.path.c_str());
    }
  });

  auto sa = std::make_shared<SlurmArgs>();
  auto* sub = slurm->add_subcommand("submit", "Render and submit the chain (sbatch --parsable, afterok); record job ids");
  add_args(sub, *sa);
  sub->add_flag("--mpi", sa->mpi, "submit the single-allocation MPI script instead of the chain");
  sub->callback([sa] {
    const Rendered r = render(*sa);
    if (sa->mpi) {
      const std::string id = slurm::sbatch(r.scripts.back().path);
      std::printf("submitted %s: job %s\n", r.scripts.back().path.c_str(), id.c_str());
      return;
    }
    for (const auto& j : slurm::submit_chain(r.scripts, r.out_dir))
      std::printf("stage %d part %lld: job %s\n", j.stage, static_cast<long long>(j.part), j.job_id.c_str());
    std::printf("job ids recorded in %s/jobs.txt\n", r.out_dir.c_str());
  });
}

}  // namespace popsteer::cli
