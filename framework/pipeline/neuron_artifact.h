#pragma once
/// The analyze task's artifact neurons.h5: the per-neuron table (steering::NeuronTable).
/// Layout: datasets d, mean_pop, sd_pop, mean_unpop, sd_unpop, sigma (double, [N]);
/// root attributes kind = "popsteer-neurons", n_pop, n_unpop, n_sigma, source.
#include <string>

#include "steering/neuron_stats.h"

namespace popsteer::pipeline {

void save_neuron_table(const steering::NeuronTable& table, const std::string& path, const std::string& source);
steering::NeuronTable load_neuron_table(const std::string& path);

}  // namespace popsteer::pipeline
