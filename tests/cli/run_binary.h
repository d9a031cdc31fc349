#pragma once
/// Runs the real popsteer binary for CLI tests: exit code plus stdout and stderr.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out;  ///< stdout + stderr
};

const std::string& binary() {
  static const std::string b = std::string(POPSTEER_BINARY_DIR) + "/bin/popsteer";
  return b;
}

Outcome run(const std::string& args) {
  const fs::path log = fs::temp_directory_path() / ("popsteer-cli-test-" + std::to_string(::getpid()) + ".log");
  const std::string cmd = "POPSTEER_THREADS=1 " + binary() + " " + args + " > " + log.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  Outcome r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  r.out = ss.str();
  fs::remove(log);
  return r;
}

}  // namespace
