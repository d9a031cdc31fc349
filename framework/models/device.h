#pragma once
/// Device and thread selection for LibTorch work.
#include <torch/torch.h>

#include <cstdint>

namespace popsteer::models {

/// The local rank of this process on its node: OMPI_COMM_WORLD_LOCAL_RANK, else
/// SLURM_LOCALID, else 0.
int64_t local_rank();

/// CUDA device (local rank mod device count) when CUDA is available, else CPU.
torch::Device select_device();

/// The number of cores this process may run on (sched_getaffinity), at least 1.
int64_t available_cores();

/// Sets LibTorch's intra-op threads and OpenBLAS's threads (when OpenBLAS is the BLAS);
/// threads <= 0 means available_cores(). Returns the number set.
int64_t set_torch_threads(int64_t threads);

}  // namespace popsteer::models
