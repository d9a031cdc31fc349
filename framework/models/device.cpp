#include "models/device.h"

#include "core/blas_threads.h"

#include <sched.h>

#include <cstdlib>
#include <string>

namespace popsteer::models {

int64_t local_rank() {
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_RANK", "SLURM_LOCALID"}) {
    if (const char* v = std::getenv(name)) {
      try {
        return std::stoll(v);
      } catch (const std::exception&) {
        // Malformed value: fall through to the next variable.
      }
    }
  }
  return 0;
}

torch::Device select_device() {
  if (!torch::cuda::is_available()) return torch::Device(torch::kCPU);
  const int64_t count = static_cast<int64_t>(torch::cuda::device_count());
  return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(local_rank() % count));
}

int64_t available_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return 1;
}

int64_t set_torch_threads(int64_t threads) {
  const int64_t n = threads > 0 ? threads : available_cores();
  at::set_num_threads(static_cast<int>(n));
  // LibTorch's CPU matmuls go to the system BLAS; Debian's pthread OpenBLAS starts its own
  // workers (one per core) and at::set_num_threads does not reach them. Measured: a
  // `--threads 1` SASRec run kept a second OpenBLAS thread at 100%, so two such runs (or two
  // MPI ranks) on 2 cores ran 4 busy threads. Cap OpenBLAS too when the library is there.
  set_openblas_threads(static_cast<int>(n));
  return n;
}

}  // namespace popsteer::models
