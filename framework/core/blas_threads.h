#pragma once
/// OpenBLAS's own worker count. LibTorch's CPU matmuls run in the system BLAS; Debian's
/// pthread OpenBLAS starts its own workers, which at::set_num_threads does not reach. The
/// functions are looked up at run time (dlsym), so any other BLAS simply reports "absent".
namespace popsteer {

/// OpenBLAS's thread count, or -1 when the process's BLAS is not OpenBLAS.
int openblas_threads();
/// Sets OpenBLAS's thread count; false (and nothing done) when the BLAS is not OpenBLAS.
bool set_openblas_threads(int n);

}  // namespace popsteer
