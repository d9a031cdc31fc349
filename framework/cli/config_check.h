#pragma once
#include <string>

namespace popsteer::cli {

/// Validates `path` strictly with the options structs of the kind of file it is, and
/// returns the kind ("sweep", "backbone", ...). Throws UserError on any problem.
std::string check_config_file(const std::string& path);

}  // namespace popsteer::cli
