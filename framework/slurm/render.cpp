#include "slurm/render.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace popsteer::slurm {
namespace {

namespace fs = std::filesystem;

std::string header(const SlurmOptions& o, const std::string& name, const std::string& log,
                   const std::string& time) {
  std::string h = "#!/bin/bash\n#SBATCH --job-name=" + name + "\n#SBATCH --output=" + log + "\n";
  h += "#SBATCH --time=" + time + "\n";
  if (!o.account.empty()) h += "#SBATCH --account=" + o.account + "\n";
  if (!o.partition.empty()) h += "#SBATCH --partition=" + o.partition + "\n";
  if (!o.mem.empty()) h += "#SBATCH --mem=" + o.mem + "\n";
  h += "#SBATCH --cpus-per-task=" + std::to_string(o.cpus_per_task) + "\n";
  if (o.gpus_per_task > 0) h += "#SBATCH --gpus-per-task=" + std::to_string(o.gpus_per_task) + "\n";
  // B: sends the signal to the batch shell, which `exec` below makes popsteer itself.
  if (o.signal_grace_s > 0) h += "#SBATCH --signal=B:USR1@" + std::to_string(o.signal_grace_s) + "\n";
  for (const auto& a : o.sbatch_args) h += "#SBATCH " + a + "\n";
  return h;
}

std::string preamble(const SlurmOptions& o, const RenderInput& in) {
  std::string s = "set -euo pipefail\n";
  for (const auto& m : o.modules) s += "module load " + m + "\n";
  for (const auto& l : o.setup) s += l + "\n";
  s += "cd " + shell_quote(in.workdir) + "\n";
  return s;
}

std::string run_args(const RenderInput& in) {
  std::string s = shell_quote(in.sweep_file);
  for (const auto& o : in.overrides) s += " " + shell_quote(o);
  return s;
}

}  // namespace

std::string shell_quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<JobScript> render_scripts(const sweep::Plan& plan, const sweep::SweepSpec& spec,
                                      const SlurmOptions& opt, const RenderInput& in) {
  if (in.max_array_size < 1) throw std::invalid_argument("max_array_size must be >= 1");
  std::vector<JobScript> out;
  const std::string logs = (fs::path(in.out_dir) / "logs").string();
  for (int stage : plan.stages()) {
    const int64_t n = static_cast<int64_t>(plan.stage_tasks(stage).size());
    const int64_t shards = (n + opt.tasks_per_shard - 1) / opt.tasks_per_shard;
    const int64_t parts = (shards + in.max_array_size - 1) / in.max_array_size;
    for (int64_t part = 0; part < parts; ++part) {
      JobScript js;
      js.stage = stage;
      js.part = part;
      js.shards = shards;
      js.first_shard = part * in.max_array_size;
      js.array_size = std::min(in.max_array_size, shards - js.first_shard);
      const std::string name = spec.name + "-s" + std::to_string(stage) + (parts > 1 ? "-p" + std::to_string(part) : "");
      js.path = (fs::path(in.out_dir) / (name + ".sbatch")).string();
      std::string array = "0-" + std::to_string(js.array_size - 1);
      if (opt.throttle > 0) array += "%" + std::to_string(opt.throttle);
      js.text = header(opt, name, logs + "/%x-%A_%a.out", opt.time) + "#SBATCH --array=" + array + "\n";
      js.text += "# stage " + std::to_string(stage) + ": " + std::to_string(n) + " tasks in " +
                 std::to_string(shards) + " shards; this job runs shards " + std::to_string(js.first_shard) +
                 ".." + std::to_string(js.first_shard + js.array_size - 1) + "\n";
      js.text += preamble(opt, in);
      js.text += "exec " + shell_quote(in.popsteer) + " sweep run " + run_args(in) + " --executor local --stage " +
                 std::to_string(stage) + " --shard $((SLURM_ARRAY_TASK_ID + " + std::to_string(js.first_shard) +
                 ")) --shards " + std::to_string(shards) + (opt.allow_failures ? " --allow-failures" : "") + "\n";
      out.push_back(std::move(js));
    }
  }
  JobScript mpi;
  mpi.path = (fs::path(in.out_dir) / (spec.name + "-mpi.sbatch")).string();
  mpi.text = header(opt, spec.name + "-mpi", logs + "/%x-%j.out", opt.mpi_time.empty() ? opt.time : opt.mpi_time);
  mpi.text += "#SBATCH --ntasks=" + std::to_string(opt.mpi_ranks) + "\n";
  mpi.text += "# the whole sweep in one allocation: rank 0 schedules and works, the others pull tasks\n";
  mpi.text += preamble(opt, in);
  const std::string launch = opt.launcher == "srun" ? "srun --mpi=pmix" : "mpirun";
  mpi.text += "exec " + launch + " " + shell_quote(in.popsteer) + " sweep run " + run_args(in) +
              " --executor mpi" + (opt.allow_failures ? " --allow-failures" : "") + "\n";
  out.push_back(std::move(mpi));
  return out;
}

void write_scripts(const std::vector<JobScript>& scripts, const std::string& log_dir) {
  fs::create_directories(log_dir);
  for (const auto& s : scripts) {
    fs::create_directories(fs::path(s.path).parent_path());
    std::ofstream out(s.path);
    out << s.text;
    if (!out) throw std::runtime_error("cannot write " + s.path);
    out.close();
    fs::permissions(s.path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
  }
}

}  // namespace popsteer::slurm
