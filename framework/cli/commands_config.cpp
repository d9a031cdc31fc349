/// `popsteer config check FILE`: validates a config or sweep file without running it.
#include <cstdio>

#include "cli/commands.h"
#include "config/document.h"
#include "cli/config_check.h"

namespace popsteer::cli {

void add_config_commands(CLI::App& app) {
  auto* config = app.add_subcommand("config", "Inspect and validate configuration files");
  config->require_subcommand(1);
  auto* check = config->add_subcommand("check", "Validate a config file strictly (unknown keys, types, ranges)");
  auto file = std::make_shared<std::string>();
  check->add_option("FILE", *file, "TOML file (backbone/SAE config or sweep file)")->required();
  check->callback([file] {
    const std::string kind = check_config_file(*file);
    std::printf("%s: OK (%s)\n", file->c_str(), kind.c_str());
  });
}

}  // namespace popsteer::cli
