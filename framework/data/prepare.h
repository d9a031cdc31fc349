#pragma once
/// From raw interactions to the prepared Dataset (ALGORITHMS.md §1):
///   rating threshold -> duplicate policy -> iterative k-core -> dense ids by first
///   appearance in the filtered file (0 = PAD) -> stable chronological order per user
///   (file order breaks timestamp ties) -> check n >= 3 per user -> leave-one-out labels
///   (train counts, head/tail, Pareto head, s(u), user groups).
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/prepare_options.h"
#include "data/raw.h"

namespace popsteer::data {

/// Row counts along the way (for `popsteer data stats`).
struct PrepareStats {
  std::string format;  ///< the reader used (resolved from "auto")
  int64_t raw_rows = 0, raw_users = 0, raw_items = 0;
  int64_t after_threshold = 0;
  int64_t after_dedup = 0;
  int64_t after_kcore = 0;
  int kcore_passes = 0;
};

/// Runs the pipeline. UserError (naming raw.source) if the k-core leaves nothing or a
/// user keeps fewer than 3 interactions, or if a rating threshold is set for a file
/// without ratings. content_hash is left empty (prepare_file / the cache set it).
Dataset prepare_dataset(const RawInteractions& raw, const PrepareOptions& options,
                        PrepareStats* stats = nullptr);

/// Fills the derived fields (train_count, item_group, pareto_head, user_pop_score,
/// user_group) of a Dataset whose sequences/tokens/sizes are set. UserError if a user has
/// fewer than 3 items. Used by prepare_dataset and by the synthetic generator.
void finalize_dataset(Dataset& data, const PrepareOptions& options, const std::string& source);

/// Reads `path` and prepares it; content_hash = dataset_key(file bytes, options).
Dataset prepare_file(const std::string& path, const PrepareOptions& options,
                     PrepareStats* stats = nullptr);

/// The cache key: hash of the input bytes' hash and options.key(resolved format).
std::string dataset_key(const std::string& content_hash, const PrepareOptions& options,
                        const std::string& resolved_format);

}  // namespace popsteer::data
