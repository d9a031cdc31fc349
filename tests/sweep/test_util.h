#pragma once
/// Helpers shared by the sweep tests: temporary folders and small sweep files.
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "config/document.h"
#include "sweep/sweep_spec.h"

namespace popsteer::sweep::testing {

/// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() /
            ("popsteer-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string str() const { return path_.string(); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path path_;
};

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline SweepSpec spec_from(const std::string& toml, const std::vector<std::string>& overrides = {}) {
  auto doc = config::Document::parse_string(toml, "test.toml");
  for (const auto& o : overrides) doc->apply_override(o);
  return SweepSpec::from_document(doc);
}

/// A small synthetic sweep: 1 dataset x 1 backbone x 2 seeds, 2 SAEs, 8 steering configs
/// in blocks of 3, ipr (3 configs) + random (2) in blocks of 2.
inline std::string small_sweep(const std::string& results_dir, const std::string& extra = "") {
  return "name = \"small\"\nseed = 7\nresults_dir = \"" + results_dir + "\"\nretries = 1\n" +
         "datasets = [\"synthetic-a\"]\nbackbones = [\"sasrec\"]\nseeds = [0, 1]\n" +
         "[sae]\nscale = [2, 4]\nk = [8]\n" +
         "[steering]\nalpha_pop = [1.0, 2.0]\nalpha_unpop = [1.0, 2.0]\nbeta = [0.0, 0.5]\n" +
         "[baselines.ipr]\nalpha = [0.1, 0.2, 0.4]\n[baselines.random]\nt = [15, 30]\n" +
         "[blocks]\nsteer = 3\nrerank = 2\n[eval]\nk = [10]\nsplits = [\"valid\", \"test\"]\n" +
         "[test]\nkinds = \"synthetic\"\n" + extra;
}

}  // namespace popsteer::sweep::testing
