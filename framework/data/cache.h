#pragma once
/// The prepared-dataset cache: `load_or_prepare` returns the Dataset for (file, options),
/// reusing `<cache_dir>/<stem>-<key16>.h5` when its full key matches.
///
/// The key (Dataset::content_hash) hashes the input file's bytes and every option
/// (PrepareOptions::key with the resolved format, which carries a pipeline version), so a
/// changed input or option never reuses a stale file: it maps to another file name, and
/// the full 32-digit key stored inside is compared before reuse. Files are written
/// atomically (temporary name + rename); a corrupt or foreign file is rebuilt.
#include <string>

#include "data/dataset.h"
#include "data/prepare.h"

namespace popsteer::data {

struct CacheResult {
  std::string path;     ///< the cache file
  bool reused = false;  ///< true if read from the cache, false if (re)built and written
  PrepareStats stats;   ///< filled only when built
};

/// The cache file name for a key: <cache_dir>/<stem of input>-<first 16 hex of key>.h5.
std::string cache_path(const std::string& cache_dir, const std::string& input_path,
                       const std::string& key);

/// Loads the cached dataset or prepares it (and writes the cache). Creates cache_dir.
/// UserErrors of reading/preparing propagate.
Dataset load_or_prepare(const std::string& path, const PrepareOptions& options,
                        const std::string& cache_dir, CacheResult* result = nullptr);

}  // namespace popsteer::data
