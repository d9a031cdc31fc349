#pragma once
/// The task store: one folder per task id under <results>/tasks/.
///
/// Commit protocol (why a task is "done" only when its rows are completely on disk):
///   1. the task runs in a private folder tasks/<id>.tmp-<host>-<pid>-<n>/ (artifacts);
///   2. its rows are written to rows.h5 inside that folder, flushed and closed;
///   3. the folder is renamed to tasks/<id>/ (one atomic rename on POSIX filesystems).
/// So tasks/<id>/ exists if and only if the artifacts and the rows are complete; a kill -9
/// at any moment leaves at most a temporary folder, which the next run deletes (only
/// those of dead processes on the same host) and the task runs again. If two processes
/// ever complete the same task, the second rename fails (target not empty) and its copy is
/// discarded: rows are never duplicated.
/// Failures are recorded in <results>/failures/<id>.json (written to a temporary name and
/// renamed), with the attempt count and the error text; a later success makes them moot.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sweep/task.h"

namespace popsteer::sweep {

struct FailureRecord {
  std::string task_id, kind, label, error, writer;
  int64_t attempts = 0;
};

class TaskStore {
 public:
  explicit TaskStore(std::string results_dir);

  const std::string& dir() const { return dir_; }
  std::string final_dir(const std::string& id) const;
  /// Ids of every completed task (folder names), read once from the directory.
  std::set<std::string> completed() const;
  bool is_done(const std::string& id) const;

  /// Creates a fresh private folder for running task `id`.
  std::string begin(const std::string& id);
  /// Renames the private folder into place. Returns false (and deletes `tmp`) if the
  /// task was already completed by another writer.
  bool commit(const std::string& id, const std::string& tmp);
  /// Deletes a private folder (after a failure or an abandoned task).
  void discard(const std::string& tmp);

  void record_failure(const Task& task, int64_t attempts, const std::string& error,
                      const std::string& writer);
  std::map<std::string, FailureRecord> failures() const;

  /// Deletes temporary folders left by dead processes of this host. Returns how many.
  int64_t clean_stale() const;
  /// Moves completed folders whose rows.h5 is not a valid HDF5 file aside to
  /// tasks/<id>.corrupt-<n> so they run again; returns the ids moved.
  std::vector<std::string> quarantine_corrupt(const std::set<std::string>& ids) const;

  /// 32 lowercase hex digits.
  static bool is_task_id(const std::string& name);

 private:
  std::string dir_, tasks_, failures_, host_;
  int64_t counter_ = 0;
};

}  // namespace popsteer::sweep
