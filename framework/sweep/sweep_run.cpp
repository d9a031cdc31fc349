#include "sweep/sweep_run.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "core/progress.h"
#include "core/seed.h"
#include "sweep/drain.h"
#include "sweep/executor.h"
#include "sweep/result_io.h"

namespace popsteer::sweep {
namespace {

namespace fs = std::filesystem;

/// Runs one task into a private folder, writes its rows, commits. Never throws: an
/// exception from the task (or from writing) is a failed attempt.
class TaskRunner {
 public:
  TaskRunner(const SweepSpec& spec, const Plan& plan, const TaskKindRegistry& kinds,
             const RunOptions& opt, TaskStore& store, int local_rank, const std::atomic<bool>& stop)
      : spec_(spec), plan_(plan), kinds_(kinds), opt_(opt), store_(store), local_rank_(local_rank),
        stop_(stop) {}

  Outcome operator()(size_t index, int64_t attempt, int rank) {
    const Task& task = plan_.tasks[index];
    Provenance prov = process_provenance(rank);
    std::string tmp;
    try {
      const TaskKind& kind = kinds_.get(task.kind);
      if (!kind.run) throw std::runtime_error("task kind '" + task.kind + "' is declared but not implemented yet");
      tmp = store_.begin(task.id);
      TaskContext ctx;
      ctx.artifact_dir = tmp;
      for (const auto& in : task.inputs) ctx.input_dirs.push_back(store_.final_dir(in));
      ctx.seed = derive_seed(spec_.seed, task.id);
      ctx.attempt = static_cast<int>(attempt);
      ctx.rank = rank;
      ctx.local_rank = local_rank_;
      ctx.sweep_name = spec_.name;
      ctx.stop_flag = &stop_;
      auto progress = std::make_shared<std::unique_ptr<Progress>>();
      const std::string label = "[rank " + std::to_string(rank) + "] " + task.label;
      const double interval = opt_.progress_interval_s;
      ctx.progress = [progress, label, interval](int64_t done, int64_t total, const std::string& detail) {
        if (!*progress) *progress = std::make_unique<Progress>(label, total, interval);
        (*progress)->update(done, detail);
      };
      const auto t0 = std::chrono::steady_clock::now();
      std::vector<ResultRow> rows = kind.run(task, ctx);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      for (auto& r : rows) {
        if (r.sweep.empty()) r.sweep = spec_.name;
        if (r.task_id.empty()) r.task_id = task.id;
        if (r.dataset.empty()) r.dataset = task.dataset;
        if (r.backbone.empty()) r.backbone = task.backbone;
        if (r.backbone_seed == 0) r.backbone_seed = task.backbone_seed;
      }
      prov.sweep = spec_.name;
      prov.task_id = task.id;
      prov.kind = task.kind;
      prov.label = task.label;
      prov.seed = ctx.seed;
      prov.attempt = attempt;
      prov.resolved_config = spec_.resolved_toml;
      prov.seconds = secs;
      write_rows_file((fs::path(tmp) / "rows.h5").string(), rows, prov, opt_.h5);
      store_.commit(task.id, tmp);
      return {};
    } catch (const Interrupted& e) {
      if (!tmp.empty()) store_.discard(tmp);
      return {Outcome::Kind::kInterrupted, e.what()};
    } catch (const std::exception& e) {
      if (!tmp.empty()) store_.discard(tmp);
      try {
        store_.record_failure(task, attempt + 1, e.what(), prov.writer);
      } catch (const std::exception&) {
        // The failure is still reported to the scheduler; the record is best effort.
      }
      return {Outcome::Kind::kFailed, e.what()};
    }
  }

 private:
  const SweepSpec& spec_;
  const Plan& plan_;
  const TaskKindRegistry& kinds_;
  const RunOptions& opt_;
  TaskStore& store_;
  int local_rank_;
  const std::atomic<bool>& stop_;
};

}  // namespace

std::vector<size_t> select_tasks(const Plan& plan, int stage, int64_t shard, int64_t shards) {
  if (shards < 1 || shard < 0 || shard >= shards)
    throw UserError("--shard must be in [0, --shards), got " + std::to_string(shard) + " of " +
                    std::to_string(shards));
  std::vector<size_t> all;
  if (stage < 0) {
    for (size_t i = 0; i < plan.tasks.size(); ++i) all.push_back(i);
  } else {
    all = plan.stage_tasks(stage);
  }
  if (shards == 1) return all;
  // Round-robin: neighbouring tasks (e.g. blocks of one grid) have similar costs, so
  // dealing them out balances the shards.
  std::vector<size_t> out;
  for (size_t j = static_cast<size_t>(shard); j < all.size(); j += static_cast<size_t>(shards))
    out.push_back(all[j]);
  return out;
}

RunReport run_sweep(const SweepSpec& spec, const Plan& plan, const TaskKindRegistry& kinds,
                    const RunOptions& opt, MpiSession& session) {
  const std::atomic<bool>& stop = install_drain_handlers();
  TaskStore store(spec.results_dir);
  RunReport rep;
  const auto selected = select_tasks(plan, opt.stage, opt.shard, opt.shards);
  std::set<std::string> done;
  if (session.rank() == 0) {
    rep.cleaned = store.clean_stale();
    done = store.completed();
    // Only the selection's own results are validated: a SLURM shard must not open every
    // file of the sweep.
    std::set<std::string> mine;
    for (size_t i : selected)
      if (done.count(plan.tasks[i].id)) mine.insert(plan.tasks[i].id);
    rep.quarantined = store.quarantine_corrupt(mine);
    for (const auto& id : rep.quarantined) done.erase(id);
  }
  DagState state(plan, selected, done, spec.retries);
  TaskRunner runner(spec, plan, kinds, opt, store, session.local_rank(), stop);
  const int64_t todo = state.selected() - state.already_done();
  Progress progress("sweep " + spec.name, todo, opt.progress_interval_s);
  if (session.rank() == 0)
    std::fprintf(stderr, "sweep %s: %lld tasks selected, %lld already done, %lld to run on %d rank(s)\n",
                 spec.name.c_str(), static_cast<long long>(state.selected()),
                 static_cast<long long>(state.already_done()), static_cast<long long>(todo), session.size());
  OnFinished on_finished = [&](size_t task, const Outcome& out, const DagState& st) {
    const Task& t = plan.tasks[task];
    if (out.kind == Outcome::Kind::kFailed) {
      std::fprintf(stderr, "task failed (attempt %lld): %s: %s\n", static_cast<long long>(st.attempt(task)),
                   t.label.c_str(), out.error.c_str());
      rep.messages.push_back("failed: " + t.label + ": " + out.error);
    }
    progress.update(st.done() + st.failed() + st.skipped(),
                    "failed " + std::to_string(st.failed()) + ", running " + std::to_string(st.running()));
  };
  const ExecStats stats = session.active() ? run_mpi(state, runner, stop, on_finished)
                                           : run_local(state, runner, stop, on_finished);
  rep.selected = state.selected();
  rep.already_done = state.already_done();
  rep.done = state.done();
  rep.failed = state.failed();
  rep.skipped = state.skipped();
  rep.pending = state.pending();
  rep.interrupted = stats.interrupted;
  rep.seconds = stats.seconds;
  rep.tasks_per_rank = stats.tasks_per_rank;
  for (const auto& s : state.skip_reasons()) rep.messages.push_back("skipped: " + s);
  return rep;
}

std::string format_run_report(const RunReport& r) {
  char line[512];
  std::snprintf(line, sizeof line,
                "%lld selected: %lld already done, %lld done now, %lld failed, %lld skipped, %lld pending%s (%s)\n",
                static_cast<long long>(r.selected), static_cast<long long>(r.already_done),
                static_cast<long long>(r.done), static_cast<long long>(r.failed),
                static_cast<long long>(r.skipped), static_cast<long long>(r.pending),
                r.interrupted ? ", interrupted" : "", format_duration(r.seconds).c_str());
  std::string out = line;
  if (r.cleaned) out += "removed " + std::to_string(r.cleaned) + " stale temporary folder(s)\n";
  for (const auto& q : r.quarantined) out += "corrupt rows file moved aside, task re-run: " + q + "\n";
  for (const auto& m : r.messages) out += m + "\n";
  return out;
}

SweepStatus sweep_status(const Plan& plan, const TaskStore& store) {
  SweepStatus s;
  const auto done = store.completed();
  const auto failures = store.failures();
  for (const auto& t : plan.tasks) {
    auto& k = s.kinds[t.kind];
    k.stage = t.stage;
    if (done.count(t.id)) {
      ++k.done;
    } else if (auto it = failures.find(t.id); it != failures.end()) {
      ++k.failed;
      s.failures.push_back(it->second);
    } else {
      ++k.pending;
    }
  }
  return s;
}

std::string format_status(const SweepStatus& s) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-6s %-10s %8s %8s %8s\n", "stage", "kind", "done", "failed", "pending");
  out += line;
  std::vector<std::pair<std::string, KindStatus>> rows(s.kinds.begin(), s.kinds.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.stage < b.second.stage; });
  int64_t d = 0, f = 0, p = 0;
  for (const auto& [kind, k] : rows) {
    std::snprintf(line, sizeof line, "%-6d %-10s %8lld %8lld %8lld\n", k.stage, kind.c_str(),
                  static_cast<long long>(k.done), static_cast<long long>(k.failed), static_cast<long long>(k.pending));
    out += line;
    d += k.done; f += k.failed; p += k.pending;
  }
  std::snprintf(line, sizeof line, "%-6s %-10s %8lld %8lld %8lld\n", "", "total", static_cast<long long>(d),
                static_cast<long long>(f), static_cast<long long>(p));
  out += line;
  for (const auto& fr : s.failures)
    out += "failed (" + std::to_string(fr.attempts) + " attempts, " + fr.writer + "): " + fr.label + ": " + fr.error + "\n";
  return out;
}

}  // namespace popsteer::sweep
