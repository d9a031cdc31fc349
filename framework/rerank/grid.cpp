#include "rerank/grid.h"

#include <fmt/format.h>

namespace popsteer::rerank {

std::vector<RerankConfig> thesis_grid() {
  const std::vector<double> eight{0.01, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0};
  const std::vector<double> three{0.01, 0.05, 0.1};
  std::vector<RerankConfig> grid;
  for (double p : eight)
    for (double a : three) grid.push_back({"fair", {fmt::format("p={}", p), fmt::format("alpha={}", a)}});
  for (double l : eight) grid.push_back({"pmmf", {fmt::format("lambda={}", l)}});
  for (double p : eight)
    for (double l : three) grid.push_back({"pct", {fmt::format("p={}", p), fmt::format("lambda={}", l)}});
  for (int t : {50, 100, 250, 500, 1000}) grid.push_back({"duor", {fmt::format("t={}", t)}});
  for (double a : eight) grid.push_back({"ipr", {fmt::format("alpha={}", a)}});
  for (int t : {15, 30, 50, 75, 100}) grid.push_back({"random", {fmt::format("t={}", t)}});
  return grid;
}

}  // namespace popsteer::rerank
