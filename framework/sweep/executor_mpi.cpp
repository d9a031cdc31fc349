#include <mpi.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "sweep/executor.h"
#include "sweep/mpi_session.h"

namespace popsteer::sweep {
namespace {

constexpr int kTagReport = 11;  // worker -> 0: [task, outcome kind, flags] + error text
constexpr int kTagAssign = 12;  // 0 -> worker: [task, attempt]; task < 0 ends the loop
constexpr int64_t kNoTask = -1;
constexpr int64_t kFinished = -1;
constexpr int64_t kDrained = -2;
constexpr int64_t kFlagStopping = 1;

/// Spin briefly (tasks arrive in microseconds while a sweep is busy), then yield, then
/// sleep with doubling up to 1 ms so an idle rank leaves the CPU to the working ones.
class Backoff {
 public:
  void reset() { n_ = 0; }
  void wait() {
    ++n_;
    if (n_ < 200) return;
    if (n_ < 2000) { std::this_thread::yield(); return; }
    const int64_t us = std::min<int64_t>(1000, int64_t{20} << std::min<int64_t>(6, (n_ - 2000) / 64));
    std::this_thread::sleep_for(std::chrono::microseconds(us));
  }

 private:
  int64_t n_ = 0;
};

struct Report {
  int64_t task = kNoTask, kind = 0, flags = 0;
  std::string error;
};

void send_report(const Report& r) {
  std::vector<char> buf(3 * sizeof(int64_t) + r.error.size());
  const int64_t head[3] = {r.task, r.kind, r.flags};
  std::memcpy(buf.data(), head, sizeof head);
  std::memcpy(buf.data() + sizeof head, r.error.data(), r.error.size());
  mpi_check(MPI_Send(buf.data(), static_cast<int>(buf.size()), MPI_BYTE, 0, kTagReport, MPI_COMM_WORLD),
            "Send(report)");
}

void send_assign(int rank, int64_t task, int64_t attempt) {
  const int64_t msg[2] = {task, attempt};
  mpi_check(MPI_Send(msg, 2, MPI_INT64_T, rank, kTagAssign, MPI_COMM_WORLD), "Send(assign)");
}

/// One-slot mailbox between rank 0's scheduler thread and its worker thread.
struct Mailbox {
  std::mutex m;
  std::condition_variable cv;
  bool has_job = false, has_result = false, quit = false;
  size_t task = 0;
  int64_t attempt = 0;
  Outcome result;
};

void local_worker(Mailbox& box, const Runner& run) {
  for (;;) {
    size_t task;
    int64_t attempt;
    {
      std::unique_lock<std::mutex> lock(box.m);
      box.cv.wait(lock, [&] { return box.has_job || box.quit; });
      if (!box.has_job) return;
      task = box.task;
      attempt = box.attempt;
      box.has_job = false;
    }
    Outcome out = run(task, attempt, 0);
    std::lock_guard<std::mutex> lock(box.m);
    box.result = std::move(out);
    box.has_result = true;
  }
}

Outcome to_outcome(const Report& r) {
  Outcome o;
  o.kind = static_cast<Outcome::Kind>(r.kind - 1);
  o.error = r.error;
  return o;
}

int64_t kind_code(const Outcome& o) { return static_cast<int64_t>(o.kind) + 1; }

ExecStats schedule(DagState& state, const Runner& run, const std::atomic<bool>& stop,
                   const OnFinished& on_finished, int size) {
  ExecStats stats;
  stats.tasks_per_rank.assign(size, 0);
  const auto t0 = std::chrono::steady_clock::now();
  Mailbox box;
  std::thread worker(local_worker, std::ref(box), std::cref(run));
  bool local_busy = false, draining = false;
  size_t local_task = 0;
  std::deque<int> idle;  // remote ranks waiting for work
  Backoff backoff;

  auto handle = [&](size_t task, const Outcome& out, int rank) {
    ++stats.tasks_per_rank[rank];
    switch (out.kind) {
      case Outcome::Kind::kOk: state.complete(task); break;
      case Outcome::Kind::kFailed: state.fail(task); break;
      case Outcome::Kind::kInterrupted: state.requeue(task); draining = true; break;
    }
    if (on_finished) on_finished(task, out, state);
  };

  try {
    for (;;) {
      bool progress = false;
      if (stop.load(std::memory_order_relaxed)) draining = true;
      for (;;) {  // every report that has arrived
        int flag = 0;
        MPI_Status st;
        mpi_check(MPI_Iprobe(MPI_ANY_SOURCE, kTagReport, MPI_COMM_WORLD, &flag, &st), "Iprobe");
        if (!flag) break;
        int count = 0;
        mpi_check(MPI_Get_count(&st, MPI_BYTE, &count), "Get_count");
        std::vector<char> buf(count);
        mpi_check(MPI_Recv(buf.data(), count, MPI_BYTE, st.MPI_SOURCE, kTagReport, MPI_COMM_WORLD,
                           MPI_STATUS_IGNORE),
                  "Recv(report)");
        Report r;
        int64_t head[3];
        std::memcpy(head, buf.data(), sizeof head);
        r.task = head[0];
        r.kind = head[1];
        r.flags = head[2];
        r.error.assign(buf.data() + sizeof head, buf.size() - sizeof head);
        if (r.task >= 0) handle(static_cast<size_t>(r.task), to_outcome(r), st.MPI_SOURCE);
        if (r.flags & kFlagStopping) draining = true;
        idle.push_back(st.MPI_SOURCE);
        progress = true;
      }
      {
        std::unique_lock<std::mutex> lock(box.m);
        if (box.has_result) {
          box.has_result = false;
          Outcome out = std::move(box.result);
          lock.unlock();
          local_busy = false;
          handle(local_task, out, 0);
          progress = true;
        }
      }
      if (!draining) {
        size_t task = 0;
        while (!idle.empty() && state.has_ready()) {
          state.next_ready(task);
          send_assign(idle.front(), static_cast<int64_t>(task), state.attempt(task));
          idle.pop_front();
          progress = true;
        }
        if (!local_busy && state.next_ready(task)) {
          {
            std::lock_guard<std::mutex> lock(box.m);
            box.task = task;
            box.attempt = state.attempt(task);
            box.has_job = true;
          }
          box.cv.notify_one();
          local_busy = true;
          local_task = task;
          progress = true;
        }
      }
      const bool all_idle = !local_busy && static_cast<int>(idle.size()) == size - 1;
      if (all_idle && (draining || state.finished())) {
        stats.interrupted = draining && !state.finished();
        for (int r : idle) send_assign(r, stats.interrupted ? kDrained : kFinished, 0);
        break;
      }
      if (progress) backoff.reset();
      else backoff.wait();
    }
  } catch (...) {
    { std::lock_guard<std::mutex> lock(box.m); box.quit = true; }
    box.cv.notify_one();
    worker.join();  // lets the current local task finish
    throw;
  }
  { std::lock_guard<std::mutex> lock(box.m); box.quit = true; }
  box.cv.notify_one();
  worker.join();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

ExecStats work(const Runner& run, const std::atomic<bool>& stop, int rank, int size) {
  ExecStats stats;
  stats.tasks_per_rank.assign(size, 0);
  const auto t0 = std::chrono::steady_clock::now();
  send_report(Report{});
  Backoff backoff;
  for (;;) {
    int64_t msg[2];
    MPI_Request req;
    mpi_check(MPI_Irecv(msg, 2, MPI_INT64_T, 0, kTagAssign, MPI_COMM_WORLD, &req), "Irecv(assign)");
    backoff.reset();
    for (;;) {  // non-blocking wait: a blocking MPI_Recv would busy-poll a core
      int flag = 0;
      mpi_check(MPI_Test(&req, &flag, MPI_STATUS_IGNORE), "Test(assign)");
      if (flag) break;
      backoff.wait();
    }
    if (msg[0] < 0) {
      stats.interrupted = msg[0] == kDrained;
      break;
    }
    const Outcome out = run(static_cast<size_t>(msg[0]), msg[1], rank);
    ++stats.tasks_per_rank[rank];
    send_report(Report{msg[0], kind_code(out), stop.load() ? kFlagStopping : 0, out.error});
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return stats;
}

}  // namespace

ExecStats run_mpi(DagState& state, const Runner& run, const std::atomic<bool>& stop,
                  const OnFinished& on_finished) {
  int rank = 0, size = 1;
  mpi_check(MPI_Comm_rank(MPI_COMM_WORLD, &rank), "Comm_rank");
  mpi_check(MPI_Comm_size(MPI_COMM_WORLD, &size), "Comm_size");
  if (rank == 0) return schedule(state, run, stop, on_finished, size);
  return work(run, stop, rank, size);
}

}  // namespace popsteer::sweep
