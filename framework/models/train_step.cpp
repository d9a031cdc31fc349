#include <torch/optim/optimizer.h>

#include "models/trainable.h"

namespace popsteer::models {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void optimizer_step(torch::optim::Optimizer& optimizer, const torch::Tensor& loss, int64_t samples,
                    int64_t sequences, double flops, EpochStats& stats) {
  auto t0 = std::chrono::steady_clock::now();
  optimizer.zero_grad();
  loss.backward();
  stats.backward_s += seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  optimizer.step();
  stats.optimizer_s += seconds_since(t0);

  stats.loss += loss.item<double>();
  stats.steps += 1;
  stats.samples += samples;
  stats.sequences += sequences;
  stats.flops += flops;
}

void finish_epoch(EpochStats& stats) { stats.loss = stats.steps ? stats.loss / double(stats.steps) : 0.0; }

}  // namespace popsteer::models
