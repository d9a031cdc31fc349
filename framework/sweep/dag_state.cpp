#include "sweep/dag_state.h"

#include <stdexcept>

namespace popsteer::sweep {

DagState::DagState(const Plan& plan, const std::vector<size_t>& selected,
                   const std::set<std::string>& done, int64_t retries)
    : plan_(plan), retries_(retries), state_(plan.tasks.size(), State::kOutside),
      missing_(plan.tasks.size(), 0), attempts_(plan.tasks.size(), 0), users_(plan.tasks.size()) {
  for (size_t i : selected) {
    ++selected_;
    state_[i] = done.count(plan.tasks[i].id) ? State::kDone : State::kWaiting;
    if (state_[i] == State::kDone) ++already_done_;
  }
  // Plan order is topological, so a skip propagates forward in one pass.
  for (size_t i : selected) {
    if (state_[i] != State::kWaiting) continue;
    std::string blocked;
    for (const auto& in : plan.tasks[i].inputs) {
      const size_t j = plan.index.at(in);
      if (done.count(in)) continue;
      if (state_[j] == State::kOutside) blocked = "input not complete: " + plan.tasks[j].label;
      else if (state_[j] == State::kSkipped) blocked = "input skipped: " + plan.tasks[j].label;
      else {
        ++missing_[i];
        users_[j].push_back(i);
      }
    }
    if (!blocked.empty()) {
      state_[i] = State::kSkipped;
      ++skipped_;
      skip_reasons_.push_back(plan.tasks[i].label + ": " + blocked);
    } else if (missing_[i] == 0) {
      state_[i] = State::kReady;
      ready_.insert(i);
    }
  }
}

bool DagState::next_ready(size_t& task) {
  if (ready_.empty()) return false;
  task = *ready_.begin();
  ready_.erase(ready_.begin());
  state_[task] = State::kRunning;
  ++running_;
  return true;
}

void DagState::complete(size_t task) {
  if (state_[task] != State::kRunning) throw std::logic_error("complete() of a task that is not running");
  state_[task] = State::kDone;
  --running_;
  ++done_;
  for (size_t u : users_[task])
    if (state_[u] == State::kWaiting && --missing_[u] == 0) {
      state_[u] = State::kReady;
      ready_.insert(u);
    }
}

bool DagState::fail(size_t task) {
  if (state_[task] != State::kRunning) throw std::logic_error("fail() of a task that is not running");
  --running_;
  ++attempts_[task];
  if (attempts_[task] <= retries_) {
    state_[task] = State::kReady;
    ready_.insert(task);
    return true;
  }
  state_[task] = State::kFailed;
  ++failed_;
  skip_downstream(task, "input failed: " + plan_.tasks[task].label);
  return false;
}

void DagState::requeue(size_t task) {
  if (state_[task] != State::kRunning) throw std::logic_error("requeue() of a task that is not running");
  --running_;
  state_[task] = State::kReady;
  ready_.insert(task);
}

void DagState::skip_downstream(size_t task, const std::string& why) {
  for (size_t u : users_[task]) {
    if (state_[u] != State::kWaiting) continue;
    state_[u] = State::kSkipped;
    ++skipped_;
    skip_reasons_.push_back(plan_.tasks[u].label + ": " + why);
    skip_downstream(u, "input skipped: " + plan_.tasks[u].label);
  }
}

}  // namespace popsteer::sweep
