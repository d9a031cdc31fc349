#pragma once
/// Progress lines for long work (epochs, tasks): readable in a SLURM log, never flooding
/// it. A line is printed at most every `min_interval_s` seconds (and always for the last
/// step), with done/total, rate and ETA.
#include <chrono>
#include <cstdint>
#include <string>

namespace popsteer {

class Progress {
 public:
  /// `label` prefixes every line (e.g. "sae s=64 k=48"). total may be 0 if unknown.
  Progress(std::string label, int64_t total, double min_interval_s = 10.0);

  /// Record that `done` units are complete; prints if enough time has passed.
  /// `detail` is appended to the line (e.g. "loss=0.123").
  void update(int64_t done, const std::string& detail = "");
  /// Always prints (e.g. once per epoch).
  void force(int64_t done, const std::string& detail = "");

  double elapsed_s() const;
  /// Seconds remaining at the current rate, or -1 when unknown.
  double eta_s(int64_t done) const;

 private:
  void print(int64_t done, const std::string& detail);
  std::string label_;
  int64_t total_;
  double min_interval_s_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
  bool printed_ = false;
};

/// "1h02m", "3m05s", "12.3s".
std::string format_duration(double seconds);

}  // namespace popsteer
