#pragma once
/// Executors: run the ready tasks of a DagState. Both take the same Runner (which runs a
/// task and commits its results), so local and MPI runs do identical work and write
/// identical rows; only the placement differs.
///
/// MPI protocol (tags in executor_mpi.cpp): every worker rank sends "result + request"
/// messages to rank 0 and receives one task (plan position + attempt) at a time. Rank 0's
/// main thread is the scheduler (the only thread that calls MPI); rank 0 also works, in a
/// second thread fed through a one-slot mailbox, so it computes whenever a task is ready
/// and no remote worker is idle. Idle waits back off to sleeps of up to 1 ms, so a waiting
/// rank costs no CPU.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sweep/dag_state.h"

namespace popsteer::sweep {

struct Outcome {
  enum class Kind { kOk, kFailed, kInterrupted } kind = Kind::kOk;
  std::string error;
};

/// Runs task `task` (plan position) as attempt `attempt` on `rank`; must not throw.
using Runner = std::function<Outcome(size_t task, int64_t attempt, int rank)>;
/// Called by the scheduling rank after each finished task (for progress lines).
using OnFinished = std::function<void(size_t task, const Outcome& outcome, const DagState& state)>;

struct ExecStats {
  bool interrupted = false;
  double seconds = 0;
  std::vector<int64_t> tasks_per_rank;  ///< tasks run by each rank (all attempts)
};

/// One process, tasks in plan order. Stops starting tasks once `stop` is set.
ExecStats run_local(DagState& state, const Runner& run, const std::atomic<bool>& stop,
                    const OnFinished& on_finished = {});

/// Every rank of MPI_COMM_WORLD calls this (MPI must be initialised). `state` is used on
/// rank 0 only. Returns on every rank when the run is over or drained; stats are valid on
/// rank 0. Throws std::runtime_error on an MPI error.
ExecStats run_mpi(DagState& state, const Runner& run, const std::atomic<bool>& stop,
                  const OnFinished& on_finished = {});

}  // namespace popsteer::sweep
