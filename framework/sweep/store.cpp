#include "sweep/store.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

#include "io/h5.h"

namespace popsteer::sweep {
namespace {

namespace fs = std::filesystem;

std::string hostname() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return host;
}

}  // namespace

bool TaskStore::is_task_id(const std::string& name) {
  if (name.size() != 32) return false;
  for (char c : name)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

TaskStore::TaskStore(std::string results_dir)
    : dir_(std::move(results_dir)),
      tasks_((fs::path(dir_) / "tasks").string()),
      failures_((fs::path(dir_) / "failures").string()),
      host_(hostname()) {
  fs::create_directories(tasks_);
  fs::create_directories(failures_);
}

std::string TaskStore::final_dir(const std::string& id) const { return (fs::path(tasks_) / id).string(); }

std::set<std::string> TaskStore::completed() const {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(tasks_)) {
    const std::string name = e.path().filename().string();
    if (is_task_id(name) && e.is_directory()) out.insert(name);
  }
  return out;
}

bool TaskStore::is_done(const std::string& id) const { return fs::is_directory(final_dir(id)); }

std::string TaskStore::begin(const std::string& id) {
  // host + pid + counter: unique across concurrent writers and across retries.
  const std::string tmp = final_dir(id) + ".tmp-" + host_ + "-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter_++);
  fs::remove_all(tmp);
  fs::create_directories(tmp);
  return tmp;
}

bool TaskStore::commit(const std::string& id, const std::string& tmp) {
  if (::rename(tmp.c_str(), final_dir(id).c_str()) == 0) return true;
  const int err = errno;
  if (err == ENOTEMPTY || err == EEXIST) {
    discard(tmp);
    return false;
  }
  throw std::runtime_error("cannot rename " + tmp + " to " + final_dir(id) + ": " +
                           std::system_category().message(err));
}

void TaskStore::discard(const std::string& tmp) {
  std::error_code ec;
  fs::remove_all(tmp, ec);
}

void TaskStore::record_failure(const Task& task, int64_t attempts, const std::string& error,
                               const std::string& writer) {
  nlohmann::json j = {{"task_id", task.id}, {"kind", task.kind}, {"label", task.label},
                      {"attempts", attempts}, {"error", error}, {"writer", writer}};
  const std::string path = (fs::path(failures_) / (task.id + ".json")).string();
  const std::string tmp = path + ".tmp-" + host_ + "-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp);
    out << j.dump(1) << "\n";
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  fs::rename(tmp, path);
}

std::map<std::string, FailureRecord> TaskStore::failures() const {
  std::map<std::string, FailureRecord> out;
  for (const auto& e : fs::directory_iterator(failures_)) {
    if (e.path().extension() != ".json") continue;
    try {
      std::ifstream in(e.path());
      const auto j = nlohmann::json::parse(in);
      FailureRecord r{j.at("task_id"), j.at("kind"), j.at("label"), j.at("error"), j.at("writer"),
                      j.at("attempts")};
      out[r.task_id] = r;
    } catch (const std::exception&) {
      // A half-written record cannot exist (rename), so this is foreign: ignore it.
    }
  }
  return out;
}

int64_t TaskStore::clean_stale() const {
  int64_t n = 0;
  const std::string marker = ".tmp-" + host_ + "-";
  for (const auto& e : fs::directory_iterator(tasks_)) {
    const std::string name = e.path().filename().string();
    const auto pos = name.find(marker);
    if (pos == std::string::npos) continue;
    const std::string rest = name.substr(pos + marker.size());
    const long pid = std::strtol(rest.c_str(), nullptr, 10);
    if (pid <= 0) continue;
    // Still running (or a pid reused by a live process): leave it alone.
    if (pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) continue;
    std::error_code ec;
    fs::remove_all(e.path(), ec);
    if (!ec) ++n;
  }
  return n;
}

std::vector<std::string> TaskStore::quarantine_corrupt(const std::set<std::string>& ids) const {
  std::vector<std::string> moved;
  for (const auto& id : ids) {
    const std::string rows = (fs::path(final_dir(id)) / "rows.h5").string();
    if (io::is_valid_h5(rows)) continue;
    for (int n = 0;; ++n) {
      const std::string dest = final_dir(id) + ".corrupt-" + std::to_string(n);
      if (fs::exists(dest)) continue;
      std::error_code ec;
      fs::rename(final_dir(id), dest, ec);
      if (!ec) moved.push_back(id);
      break;
    }
  }
  return moved;
}

}  // namespace popsteer::sweep
