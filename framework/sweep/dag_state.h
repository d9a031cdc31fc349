#pragma once
/// Scheduling state of one run over a selection of a plan's tasks: which are ready (all
/// inputs done), running, done, failed (attempts exhausted) or skipped (an input failed
/// or is outside the selection and not complete). Pure bookkeeping, no I/O, no MPI:
/// the local and the MPI executor share it.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sweep/planner.h"

namespace popsteer::sweep {

class DagState {
 public:
  /// `selected`: plan positions this run is responsible for; `done`: ids complete on disk;
  /// `retries`: extra attempts after a failure.
  DagState(const Plan& plan, const std::vector<size_t>& selected, const std::set<std::string>& done,
           int64_t retries);

  /// Takes the ready task with the lowest plan position (deterministic order).
  bool next_ready(size_t& task);
  bool has_ready() const { return !ready_.empty(); }
  /// Marks a running task done and releases its dependents.
  void complete(size_t task);
  /// Records a failed attempt: requeues it (returns true) or, with attempts exhausted,
  /// marks it failed and skips everything downstream (returns false).
  bool fail(size_t task);
  /// Puts a running task back (abandoned on drain; not counted as an attempt).
  void requeue(size_t task);
  /// 0-based attempt number the task's next run will be.
  int64_t attempt(size_t task) const { return attempts_[task]; }

  /// No task is ready or running: the run is over.
  bool finished() const { return ready_.empty() && running_ == 0; }

  int64_t selected() const { return selected_; }
  int64_t already_done() const { return already_done_; }
  int64_t done() const { return done_; }
  int64_t failed() const { return failed_; }
  int64_t skipped() const { return skipped_; }
  int64_t running() const { return running_; }
  int64_t pending() const { return selected_ - already_done_ - done_ - failed_ - skipped_; }
  /// Labels of skipped tasks with the reason (for the final report).
  const std::vector<std::string>& skip_reasons() const { return skip_reasons_; }

 private:
  enum class State : uint8_t { kOutside, kWaiting, kReady, kRunning, kDone, kFailed, kSkipped };
  void skip_downstream(size_t task, const std::string& why);
  const Plan& plan_;
  int64_t retries_;
  std::vector<State> state_;
  std::vector<int64_t> missing_;              // inputs not yet done
  std::vector<int64_t> attempts_;
  std::vector<std::vector<size_t>> users_;    // dependents (selected ones)
  std::set<size_t> ready_;
  int64_t selected_ = 0, already_done_ = 0, done_ = 0, failed_ = 0, skipped_ = 0, running_ = 0;
  std::vector<std::string> skip_reasons_;
};

}  // namespace popsteer::sweep
