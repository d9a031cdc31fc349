/// prepare: the dataset of a sweep, prepared once into the task's artifact folder.
///
/// Options ([options.prepare]): every data::PrepareOptions key (k_core, dedup, ...), plus
///   file  = "name.inter"    which file of a dataset folder to read (default: its only
///                           file, else the single *.inter file)
///   [options.prepare.synth] data::SynthOptions keys, for datasets named "synthetic..."
#include <filesystem>

#include "core/error.h"
#include "data/cache.h"
#include "data/dataset_io.h"
#include "data/synth.h"
#include "pipeline/common.h"
#include "pipeline/kinds.h"

namespace popsteer::pipeline {
namespace {

namespace fs = std::filesystem;

struct PrepareSettings {
  std::string file;
  bool has_synth = false;
  data::SynthOptions synth;
  data::PrepareOptions prepare;

  static PrepareSettings from_config(config::Section s) {
    PrepareSettings p;
    p.file = s.get_string("file", "");
    if (s.has("synth")) {
      p.has_synth = true;
      p.synth = data::SynthOptions::from_config(s.section("synth"));
      p.synth.validate();
    }
    p.prepare = data::PrepareOptions::from_config(s);  // calls finish()
    return p;
  }
};

/// The interaction file of dataset `name` under `root`.
std::string dataset_file(const std::string& root_in, const std::string& name, const std::string& file) {
  std::string root = root_in;
  if (root.empty()) {
    const char* env = std::getenv("POPSTEER_DATA_ROOT");
    root = env ? env : "data";
  }
  const fs::path p = name.find('/') != std::string::npos ? fs::path(name) : fs::path(root) / name;
  if (!fs::exists(p)) throw UserError("dataset '" + name + "' not found at " + p.string());
  if (fs::is_regular_file(p)) return p.string();
  if (!file.empty()) {
    if (!fs::is_regular_file(p / file)) throw UserError("dataset file " + (p / file).string() + " not found");
    return (p / file).string();
  }
  std::vector<fs::path> files, inter;
  for (const auto& e : fs::directory_iterator(p)) {
    if (!e.is_regular_file() || e.path().filename() == "README.md") continue;
    files.push_back(e.path());
    if (e.path().extension() == ".inter") inter.push_back(e.path());
  }
  if (files.size() == 1) return files[0].string();
  if (inter.size() == 1) return inter[0].string();
  throw UserError("dataset folder " + p.string() + " holds " + std::to_string(files.size()) +
                  " files; name one with [options.prepare] file = \"...\"");
}

}  // namespace

void check_prepare_options(config::Section s) { PrepareSettings::from_config(s); }

std::vector<sweep::ResultRow> run_prepare(const sweep::Task& t, sweep::TaskContext& ctx,
                                          const PipelineSettings& settings) {
  const json params = json::parse(t.params);
  const std::string name = params.at("dataset").get<std::string>();
  auto doc = options_document(params.value("options", json::object()), "prepare");
  const PrepareSettings ps = PrepareSettings::from_config(doc->root());
  const fs::path out = fs::path(ctx.artifact_dir) / kDatasetFile;
  if (name.rfind("synthetic", 0) == 0) {
    data::Dataset d = data::synth_dataset(ps.synth, ps.prepare);
    d.name = name;
    data::save_dataset(d, out.string(), ps.synth.key() + "\n" + ps.prepare.key("seq"), "synthetic");
  } else {
    if (ps.has_synth) throw UserError("[options.prepare.synth] is only for datasets named synthetic*");
    const std::string path = dataset_file(settings.data_root, name, ps.file);
    data::CacheResult cache;
    data::Dataset d = data::load_or_prepare(path, ps.prepare, ctx.artifact_dir, &cache);
    d.name = name;
    // The cache file is this task's artifact: give it the fixed name downstream tasks read.
    fs::rename(cache.path, out);
  }
  ctx.check_stop();
  return {};
}

}  // namespace popsteer::pipeline
