#pragma once
/// Each command group registers its subcommands on the root app. A group lives in its own
/// file (commands_<group>.cpp); main.cpp calls every add_*_commands below.
#include <CLI/CLI.hpp>

namespace popsteer::cli {

void add_config_commands(CLI::App& app);
void add_metrics_commands(CLI::App& app);
void add_bench_rerank_commands(CLI::App& app);
void add_models_commands(CLI::App& app);
void add_data_commands(CLI::App& app);
void add_sweep_commands(CLI::App& app);
void add_slurm_commands(CLI::App& app);
void add_aggregate_commands(CLI::App& app);
void add_steer_commands(CLI::App& app);

}  // namespace popsteer::cli
