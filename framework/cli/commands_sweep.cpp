/// `popsteer sweep plan|run|status FILE [key=VALUE...]` and `popsteer bench scheduler`.
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/sweep_kinds.h"
#include "core/error.h"
#include "sweep/drain.h"
#include "sweep/executor.h"
#include "sweep/mpi_session.h"
#include "sweep/sweep_run.h"

namespace popsteer::cli {
namespace {

struct SweepArgs {
  std::string file;
  std::vector<std::string> overrides;
  int stage = -1;
  int64_t shard = 0, shards = 1;
  bool h5_locking = false;
  bool allow_failures = false;
  std::string executor = "auto";
  double progress_s = 10;
};

void add_file_args(CLI::App* cmd, SweepArgs& a) {
  cmd->add_option("FILE", a.file, "sweep file (TOML)")->required();
  cmd->add_option("OVERRIDES", a.overrides, "overrides key.path=VALUE in TOML syntax, e.g. sae.k=[32,48]");
}

void run_command(const SweepArgs& a) {
  const bool use_mpi = a.executor == "mpi" || (a.executor == "auto" && sweep::launched_by_mpi());
  sweep::MpiSession session(use_mpi);
  try {
    LoadedSweep s = load_sweep(a.file, a.overrides);
    sweep::RunOptions opt;
    opt.stage = a.stage;
    opt.shard = a.shard;
    opt.shards = a.shards;
    opt.h5.file_locking = a.h5_locking;
    opt.progress_interval_s = a.progress_s;
    const sweep::RunReport rep = sweep::run_sweep(s.spec, s.plan, s.kinds, opt, session);
    if (session.rank() == 0) {
      std::printf("sweep %s: %s", s.spec.name.c_str(), sweep::format_run_report(rep).c_str());
      std::fflush(stdout);
    }
    if (rep.interrupted) throw Interrupted("drained on a signal; rerun the same command to resume");
    if (session.rank() == 0 && (rep.failed > 0 || rep.skipped > 0) && !a.allow_failures)
      throw std::runtime_error(std::to_string(rep.failed) + " task(s) failed and " + std::to_string(rep.skipped) +
                               " were skipped (see `popsteer sweep status`; --allow-failures exits 0)");
  } catch (const UserError&) {
    throw;  // every rank parsed the same file: every rank reports the same error
  } catch (const Interrupted&) {
    throw;
  } catch (const std::exception& e) {
    if (session.active() && session.size() > 1) {
      std::fprintf(stderr, "popsteer: failure on rank %d: %s\n", session.rank(), e.what());
      session.abort(1);
    }
    throw;
  }
}

void bench_scheduler(int64_t n) {
  sweep::MpiSession session(sweep::launched_by_mpi());
  sweep::Plan plan;
  plan.sweep = "bench";
  plan.tasks.resize(static_cast<size_t>(n));
  std::vector<size_t> all(plan.tasks.size());
  for (size_t i = 0; i < all.size(); ++i) {
    plan.tasks[i].id = std::to_string(i);
    plan.index.emplace(plan.tasks[i].id, i);
    all[i] = i;
  }
  sweep::DagState state(plan, all, {}, 0);
  const sweep::Runner noop = [](size_t, int64_t, int) { return sweep::Outcome{}; };
  std::atomic<bool> never{false};
  const sweep::ExecStats st = session.active() ? sweep::run_mpi(state, noop, never)
                                               : sweep::run_local(state, noop, never);
  if (session.rank() != 0) return;
  std::printf("scheduler: %lld no-op tasks over %d rank(s) in %.3f s: %.0f tasks/s (per rank:",
              static_cast<long long>(state.done()), session.size(), st.seconds, state.done() / st.seconds);
  for (auto c : st.tasks_per_rank) std::printf(" %lld", static_cast<long long>(c));
  std::printf(")\n");
  if (state.done() != n) throw std::runtime_error("scheduler lost tasks");
}

}  // namespace

void add_sweep_commands(CLI::App& app) {
  auto* sweep = app.add_subcommand("sweep", "Plan, run (local or MPI) and inspect a sweep");
  sweep->require_subcommand(1);

  auto plan_args = std::make_shared<SweepArgs>();
  auto* plan = sweep->add_subcommand("plan", "Print the task DAG: counts per kind and stage, rows, cost");
  add_file_args(plan, *plan_args);
  plan->callback([plan_args] {
    LoadedSweep s = load_sweep(plan_args->file, plan_args->overrides);
    std::printf("%s", sweep::format_plan(s.plan, s.kinds, s.spec).c_str());
    std::printf("results: %s\n", s.spec.results_dir.c_str());
  });

  auto run_args = std::make_shared<SweepArgs>();
  auto* run = sweep->add_subcommand("run", "Run the sweep (skips completed tasks); MPI when started by mpirun/srun");
  add_file_args(run, *run_args);
  run->add_option("--stage", run_args->stage, "run only this stage's tasks");
  run->add_option("--shard", run_args->shard, "shard index in [0, --shards) (SLURM array index)");
  run->add_option("--shards", run_args->shards, "number of shards the stage is dealt into");
  run->add_flag("--h5-locking", run_args->h5_locking, "enable HDF5 file locking (off by default)");
  run->add_flag("--allow-failures", run_args->allow_failures, "exit 0 even if tasks failed (SLURM chains)");
  run->add_option("--executor", run_args->executor, "auto | local | mpi")
      ->check(CLI::IsMember({"auto", "local", "mpi"}));
  run->add_option("--progress-interval", run_args->progress_s, "seconds between progress lines");
  run->callback([run_args] { run_command(*run_args); });

  auto status_args = std::make_shared<SweepArgs>();
  auto* status = sweep->add_subcommand("status", "Done / failed / pending per task kind, with failure messages");
  add_file_args(status, *status_args);
  status->callback([status_args] {
    LoadedSweep s = load_sweep(status_args->file, status_args->overrides);
    sweep::TaskStore store(s.spec.results_dir);
    std::printf("sweep %s (%s)\n%s", s.spec.name.c_str(), s.spec.results_dir.c_str(),
                sweep::format_status(sweep::sweep_status(s.plan, store)).c_str());
  });

  CLI::App* bench = nullptr;
  for (auto* sub : app.get_subcommands([](CLI::App* a) { return a->get_name() == "bench"; })) bench = sub;
  if (!bench) {
    bench = app.add_subcommand("bench", "Timings");
    bench->require_subcommand(1);
  }
  auto n = std::make_shared<int64_t>(100000);
  auto* sched = bench->add_subcommand("scheduler", "Dispatch no-op tasks over the ranks, print tasks/s");
  sched->add_option("--tasks", *n, "number of no-op tasks");
  sched->callback([n] { bench_scheduler(*n); });
}

}  // namespace popsteer::cli
