/// The `popsteer` executable: one binary, subcommands per stage.
/// Exit codes: 0 success, 2 usage or config error (UserError), 1 runtime failure,
/// 3 drained (stopped on SIGTERM/SIGUSR1 before the work was complete).
#include <H5public.h>
#include <torch/version.h>

#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/error.h"
#include "core/version.h"

namespace {

std::string full_version() {
  return popsteer::version_line() + "\nLibTorch " + TORCH_VERSION + "\nHDF5 " +
         std::to_string(H5_VERS_MAJOR) + "." + std::to_string(H5_VERS_MINOR) + "." +
         std::to_string(H5_VERS_RELEASE);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"popsteer: PopSteer and its baselines as distributed hyperparameter sweeps"};
  app.set_version_flag("--version", full_version());
  app.require_subcommand(1);
  popsteer::cli::add_config_commands(app);
  popsteer::cli::add_metrics_commands(app);
  popsteer::cli::add_bench_rerank_commands(app);
  popsteer::cli::add_models_commands(app);
  popsteer::cli::add_data_commands(app);
  popsteer::cli::add_sweep_commands(app);
  popsteer::cli::add_slurm_commands(app);
  popsteer::cli::add_aggregate_commands(app);
  popsteer::cli::add_steer_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "popsteer: %s (see --help)\n", e.what());
    return 2;
  } catch (const popsteer::UserError& e) {
    std::fprintf(stderr, "popsteer: error: %s\n", e.what());
    return 2;
  } catch (const popsteer::Interrupted& e) {
    std::fprintf(stderr, "popsteer: stopped: %s\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "popsteer: failure: %s\n", e.what());
    return 1;
  }
  return 0;
}
