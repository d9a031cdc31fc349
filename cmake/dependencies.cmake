# Every external dependency is found here, once. All come from Debian packages
# (see scripts/setup.sh and the README's dependency table).
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(GTest REQUIRED)
find_package(MPI REQUIRED COMPONENTS CXX)
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(PkgConfig REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)

# LibTorch is only linked by the modules that need it (models, sae, steering):
# a translation unit that includes <torch/torch.h> costs ~20 s to compile.
find_package(Torch REQUIRED)
# Debian's LibTorch is built with AT_PARALLEL_OPENMP: at::parallel_for is an inline
# `#pragma omp parallel` compiled into OUR translation units, so without -fopenmp every
# at::parallel_for in popsteer code silently runs on one thread (measured: the steering
# evaluator ran at the 1-thread rate with 2 threads requested).
find_package(OpenMP REQUIRED COMPONENTS CXX)
add_library(popsteer_torch INTERFACE)
target_link_libraries(popsteer_torch INTERFACE ${TORCH_LIBRARIES} OpenMP::OpenMP_CXX)
target_include_directories(popsteer_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})

add_library(popsteer_hdf5 INTERFACE)
target_link_libraries(popsteer_hdf5 INTERFACE ${HDF5_C_LIBRARIES})
target_include_directories(popsteer_hdf5 SYSTEM INTERFACE ${HDF5_C_INCLUDE_DIRS})
target_compile_definitions(popsteer_hdf5 INTERFACE ${HDF5_C_DEFINITIONS})
