#include "data/cache.h"

#include <filesystem>

#include "core/error.h"
#include "core/hash.h"
#include "data/dataset_io.h"
#include "data/reader.h"
#include "data/text_scan.h"
#include "io/h5.h"

namespace popsteer::data {

std::string cache_path(const std::string& cache_dir, const std::string& input_path,
                       const std::string& key) {
  const std::string stem = std::filesystem::path(input_path).stem().string();
  return (std::filesystem::path(cache_dir) / (stem + "-" + key.substr(0, 16) + ".h5")).string();
}

Dataset load_or_prepare(const std::string& path, const PrepareOptions& options,
                        const std::string& cache_dir, CacheResult* result) {
  CacheResult res;
  const std::string text = read_text_file(path);
  ReadOptions read = options.read;
  if (read.format == "auto" || read.format.empty()) read.format = detect_format(path, text);
  const std::string key = dataset_key(hash_string(text), options, read.format);
  res.path = cache_path(cache_dir, path, key);

  if (io::is_valid_h5(res.path)) {
    try {
      Dataset d = load_dataset(res.path);
      if (d.content_hash == key) {
        res.reused = true;
        if (result) *result = res;
        return d;
      }
    } catch (const std::exception&) {
      // Unreadable or foreign file under our name: rebuild it below.
    }
  }
  RawInteractions raw = parse_interactions(text, path, read);
  Dataset d = prepare_dataset(raw, options, &res.stats);
  d.content_hash = key;
  std::error_code ec;
  std::filesystem::create_directories(cache_dir, ec);
  if (ec) throw UserError(SourceLocation{cache_dir, 0}, "cannot create cache directory: " + ec.message());
  save_dataset(d, res.path, options.key(read.format), std::filesystem::absolute(path).string());
  if (result) *result = res;
  return d;
}

}  // namespace popsteer::data
