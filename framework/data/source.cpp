#include "data/source.h"

#include "data/cache.h"
#include "data/prepare.h"

namespace popsteer::data {

DataSource DataSource::from_config(config::Section s) {
  DataSource d;
  d.path = s.get_string("path", "");
  if (d.path == "synthetic") d.path.clear();
  if (s.has("synth")) {
    if (!d.synthetic()) s.fail("synth", "[data.synth] applies to synthetic data only; remove 'path'");
    d.synth = SynthOptions::from_config(s.section("synth"));
  }
  d.prepare = PrepareOptions::from_config(s);  // reads the remaining keys, then finish()
  return d;
}

Dataset DataSource::load(const std::string& cache_dir) const {
  if (synthetic()) return synth_dataset(synth, prepare);
  if (cache_dir.empty()) return prepare_file(path, prepare);
  return load_or_prepare(path, prepare, cache_dir);
}

}  // namespace popsteer::data
