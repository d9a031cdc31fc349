#pragma once
/// MPI for the sweep executors: initialisation only when the process was started by an
/// MPI launcher (mpirun/srun), so `popsteer sweep run` without mpirun never touches MPI.
/// Every MPI call goes through mpi_check, which turns an error code into an exception.
#include <string>

namespace popsteer::sweep {

/// True if the environment shows an MPI launcher (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK).
bool launched_by_mpi();

/// Throws std::runtime_error("MPI <what> failed: <MPI_Error_string>") when rc != MPI_SUCCESS.
void mpi_check(int rc, const char* what);

/// Rank on this node: OMPI_COMM_WORLD_LOCAL_RANK, else SLURM_LOCALID, else 0.
int local_rank_from_env();

/// RAII: MPI_Init_thread(FUNNELED) + MPI_ERRORS_RETURN when `use_mpi`, MPI_Finalize on
/// destruction. Without MPI: rank 0 of 1.
class MpiSession {
 public:
  explicit MpiSession(bool use_mpi);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  bool active() const { return active_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_rank() const { return local_rank_; }
  /// MPI_Abort(COMM_WORLD, code): for a fatal error on one rank.
  [[noreturn]] void abort(int code);

 private:
  bool active_ = false;
  int rank_ = 0, size_ = 1, local_rank_ = 0;
};

}  // namespace popsteer::sweep
