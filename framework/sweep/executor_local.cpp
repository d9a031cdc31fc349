#include <chrono>

#include "sweep/executor.h"

namespace popsteer::sweep {

ExecStats run_local(DagState& state, const Runner& run, const std::atomic<bool>& stop,
                    const OnFinished& on_finished) {
  ExecStats stats;
  stats.tasks_per_rank.assign(1, 0);
  const auto t0 = std::chrono::steady_clock::now();
  size_t task = 0;
  while (!stop.load() && state.next_ready(task)) {
    const Outcome out = run(task, state.attempt(task), 0);
    ++stats.tasks_per_rank[0];
    switch (out.kind) {
      case Outcome::Kind::kOk: state.complete(task); break;
      case Outcome::Kind::kFailed: state.fail(task); break;
      case Outcome::Kind::kInterrupted: state.requeue(task); stats.interrupted = true; break;
    }
    if (on_finished) on_finished(task, out, state);
    if (stats.interrupted) break;
  }
  stats.interrupted = stats.interrupted || (stop.load() && !state.finished());
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

}  // namespace popsteer::sweep
