#pragma once
/// A prepared Dataset in HDF5 (the on-disk cache format; io/h5.h does the HDF5 work).
///
/// Layout (version 1): root attributes kind = "popsteer-dataset", version, name,
/// content_hash, options, source, n_users, n_items; datasets seq_offsets (int64,
/// n_users+2: user u's items are seq_items[off[u] .. off[u+1])), seq_items (int32),
/// user_tokens, item_tokens (strings, index 0 = "[PAD]"), train_count (int64),
/// item_group (int8), pareto_head (uint8), user_pop_score (double), user_group (int8).
#include <string>

#include "data/dataset.h"

namespace popsteer::data {

inline constexpr int64_t kDatasetFileVersion = 1;

/// Writes `data` atomically to `path` (temporary name, then rename). `options` and
/// `source` are stored as provenance attributes.
void save_dataset(const Dataset& data, const std::string& path, const std::string& options = "",
                  const std::string& source = "");

/// Reads a file written by save_dataset. std::runtime_error if it is not one (wrong kind
/// or version, missing objects, inconsistent sizes).
Dataset load_dataset(const std::string& path);

}  // namespace popsteer::data
