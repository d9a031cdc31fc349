#pragma once
/// The per-neuron table on disk (HDF5 via io/h5.h): /neurons/{d, mean_pop, sd_pop,
/// mean_unpop, sd_unpop, sigma} as float64 [N], counts and provenance as attributes.
/// Readable with h5py/pandas from its attributes alone. Written atomically.
#include <map>
#include <string>

#include "steering/neuron_stats.h"

namespace popsteer::steering {

/// `attrs` (e.g. sae checkpoint hash, mode, seed) become string attributes of /neurons.
void save_neuron_table(const std::string& path, const NeuronTable& table,
                       const std::map<std::string, std::string>& attrs = {});
/// UserError when missing or not a neuron table.
NeuronTable load_neuron_table(const std::string& path, std::map<std::string, std::string>* attrs = nullptr);

}  // namespace popsteer::steering
