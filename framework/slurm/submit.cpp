#include "slurm/submit.h"

#include <sys/wait.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace popsteer::slurm {

std::string sbatch(const std::string& script, const std::string& dependency) {
  std::string cmd = "sbatch --parsable";
  if (!dependency.empty()) cmd += " --dependency=" + dependency;
  cmd += " " + shell_quote(script) + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) throw std::runtime_error("cannot run sbatch");
  std::string out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  if (status != 0 || out.empty() || out.find_first_not_of("0123456789;") != std::string::npos)
    throw std::runtime_error("sbatch " + script + " failed: " + out);
  return out.substr(0, out.find(';'));  // "<id>;<cluster>" on federated clusters
}

std::vector<SubmittedJob> submit_chain(const std::vector<JobScript>& scripts, const std::string& record_dir) {
  std::filesystem::create_directories(record_dir);
  std::vector<SubmittedJob> jobs;
  std::string previous, current;
  int stage = -1;
  for (const auto& s : scripts) {
    if (s.stage < 0) continue;
    if (s.stage != stage) {
      previous = current;
      current.clear();
      stage = s.stage;
    }
    const std::string id = sbatch(s.path, previous.empty() ? "" : "afterok" + previous);
    current += ":" + id;
    jobs.push_back({s.stage, s.part, id, s.path});
  }
  std::string text;
  for (const auto& j : jobs)
    text += std::to_string(j.stage) + " " + std::to_string(j.part) + " " + j.job_id + " " + j.script + "\n";
  const std::time_t t = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", std::gmtime(&t));
  std::ofstream((std::filesystem::path(record_dir) / (std::string("jobs-") + stamp + ".txt")).string(), std::ios::app) << text;
  std::ofstream((std::filesystem::path(record_dir) / "jobs.txt").string()) << text;
  return jobs;
}

}  // namespace popsteer::slurm
