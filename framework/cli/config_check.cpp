#include "cli/config_check.h"

#include "cli/models_common.h"
#include "cli/sweep_kinds.h"
#include "config/document.h"
#include "core/error.h"

namespace popsteer::cli {

// Each config kind is recognised by its top-level table and validated by the options
// structs of the module it configures. Modules add their kind here as they land.
std::string check_config_file(const std::string& path) {
  auto doc = config::Document::parse_file(path);
  auto root = doc->root();
  // A sweep file names its datasets; validate it as `sweep plan` would (spec + planning,
  // which checks every [options.<kind>] table and baseline parameter).
  if (root.has("datasets")) {
    load_sweep(path, {});
    return "sweep";
  }
  // A backbone config (`train backbone --config`): [backbone] and/or [data] tables.
  if (root.has("backbone") || root.has("data")) {
    load_backbone_config(path);
    return "backbone";
  }
  throw UserError(root.where(), "cannot tell what kind of config this is: expected a sweep file (with `datasets`) or a backbone config (with [backbone] and/or [data])");
}

}  // namespace popsteer::cli
