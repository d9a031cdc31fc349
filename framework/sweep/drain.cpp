#include "sweep/drain.h"

#include <signal.h>

namespace popsteer::sweep {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be async-signal-safe");

extern "C" void on_drain_signal(int) { g_stop.store(true); }

}  // namespace

const std::atomic<bool>& install_drain_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_drain_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGUSR1, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  return g_stop;
}

const std::atomic<bool>& stop_flag() { return g_stop; }
void request_stop() { g_stop.store(true); }

}  // namespace popsteer::sweep
