#pragma once
/// Provenance strings baked in at build time (git hash + dirty flag).
#include <string>

namespace popsteer {

/// e.g. "0.1.0".
std::string version();
/// e.g. "3f2a9c1" or "3f2a9c1-dirty" or "unknown".
std::string git_hash();
/// One line: "popsteer 0.1.0 (git 3f2a9c1-dirty)".
std::string version_line();

}  // namespace popsteer
