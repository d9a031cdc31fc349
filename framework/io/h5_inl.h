#pragma once
#include <cstdio>
#include <unistd.h>

namespace popsteer::io {

void rename_into_place(const std::string& tmp, const std::string& path);

template <class F>
void write_atomically(const std::string& path, F&& fill, H5Options options) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    H5File f(tmp, H5File::Mode::kCreate, options);
    fill(f);
    f.flush();
  }
  rename_into_place(tmp, path);
}

}  // namespace popsteer::io
