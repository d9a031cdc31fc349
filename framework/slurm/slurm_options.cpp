#include "slurm/slurm_options.h"

#include <cstdio>
#include <regex>

namespace popsteer::slurm {

SlurmOptions SlurmOptions::from_config(config::Section s) {
  using config::Range;
  SlurmOptions o;
  o.account = s.get_string("account", o.account);
  o.partition = s.get_string("partition", o.partition);
  o.time = s.get_string("time", o.time);
  o.mem = s.get_string("mem", o.mem);
  o.cpus_per_task = s.get_int("cpus_per_task", o.cpus_per_task, Range{1, 4096});
  o.gpus_per_task = s.get_int("gpus_per_task", o.gpus_per_task, Range{0, 64});
  o.modules = s.get_string_list("modules", o.modules);
  o.setup = s.get_string_list("setup", o.setup);
  o.sbatch_args = s.get_string_list("sbatch_args", o.sbatch_args);
  o.throttle = s.get_int("throttle", o.throttle, Range{0, 1e6});
  o.max_array_size = s.get_int("max_array_size", o.max_array_size, Range{0, 1e8});
  o.fallback_max_array_size = s.get_int("fallback_max_array_size", o.fallback_max_array_size, Range{1, 1e8});
  o.tasks_per_shard = s.get_int("tasks_per_shard", o.tasks_per_shard, Range{1, 1e9});
  o.signal_grace_s = s.get_int("signal_grace_s", o.signal_grace_s, Range{0, 86400});
  o.allow_failures = s.get_bool("allow_failures", o.allow_failures);
  o.popsteer = s.get_string("popsteer", o.popsteer);
  o.mpi_ranks = s.get_int("mpi_ranks", o.mpi_ranks, Range{1, 1e6});
  o.launcher = s.get_string("launcher", o.launcher, {"mpirun", "srun"});
  o.mpi_time = s.get_string("mpi_time", o.mpi_time);
  if (o.time.empty()) s.fail("time", "must not be empty");
  s.finish();
  return o;
}

int64_t query_max_array_size() {
  FILE* p = ::popen("scontrol show config 2>/dev/null", "r");
  if (!p) return 0;
  std::string text;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  ::pclose(p);
  std::smatch m;
  static const std::regex re("MaxArraySize\\s*=\\s*([0-9]+)");
  if (std::regex_search(text, m, re)) return std::stoll(m[1]);
  return 0;
}

}  // namespace popsteer::slurm
