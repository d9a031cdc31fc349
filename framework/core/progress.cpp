#include "core/progress.h"

#include <fmt/core.h>

#include <cstdio>

namespace popsteer {

Progress::Progress(std::string label, int64_t total, double min_interval_s)
    : label_(std::move(label)),
      total_(total),
      min_interval_s_(min_interval_s),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

double Progress::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

double Progress::eta_s(int64_t done) const {
  if (total_ <= 0 || done <= 0) return -1;
  return elapsed_s() / static_cast<double>(done) * static_cast<double>(total_ - done);
}

void Progress::update(int64_t done, const std::string& detail) {
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_print_).count();
  if (!printed_ || since >= min_interval_s_ || (total_ > 0 && done >= total_)) print(done, detail);
}

void Progress::force(int64_t done, const std::string& detail) { print(done, detail); }

void Progress::print(int64_t done, const std::string& detail) {
  last_print_ = std::chrono::steady_clock::now();
  printed_ = true;
  std::string line = fmt::format("[{}] {}", label_, done);
  if (total_ > 0) line += fmt::format("/{} ({:.0f}%)", total_, 100.0 * done / total_);
  line += " elapsed " + format_duration(elapsed_s());
  const double eta = eta_s(done);
  if (eta >= 0 && done < total_) line += " eta " + format_duration(eta);
  if (!detail.empty()) line += " " + detail;
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

std::string format_duration(double s) {
  if (s < 60) return fmt::format("{:.1f}s", s);
  const auto total = static_cast<int64_t>(s);
  if (s < 3600) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
}

}  // namespace popsteer
