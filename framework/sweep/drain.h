#pragma once
/// Graceful drain on SIGTERM / SIGUSR1 / SIGINT (what SLURM sends before a time limit,
/// and Ctrl-C). The handler only sets an atomic flag; executors and long tasks poll it.
#include <atomic>

namespace popsteer::sweep {

/// Installs the handlers (idempotent) and returns the process's stop flag. The flag is
/// necessarily process-wide state: a signal handler can reach nothing else.
const std::atomic<bool>& install_drain_handlers();

/// The stop flag (false until a signal arrives or request_stop() is called).
const std::atomic<bool>& stop_flag();
/// Sets the flag (tests, and the MPI worker when rank 0 asks it to drain).
void request_stop();

}  // namespace popsteer::sweep
