#include "cli/config_check.h"

#include "config/document.h"
#include "core/error.h"

namespace popsteer::cli {

// Each config kind is recognised by its top-level table and validated by the options
// structs of the module it configures. Modules add their kind here as they land.
std::string check_config_file(const std::string& path) {
  auto doc = config::Document::parse_file(path);
  auto root = doc->root();
  throw UserError(root.where(), "cannot tell what kind of config this is (no known top-level table)");
}

}  // namespace popsteer::cli
