#include "core/blas_threads.h"

#include <dlfcn.h>

namespace popsteer {

int openblas_threads() {
  auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : -1;
}

bool set_openblas_threads(int n) {
  auto set = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set) set(n);
  return set != nullptr;
}

}  // namespace popsteer
