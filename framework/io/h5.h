#pragma once
/// A small RAII wrapper over the HDF5 C API: the only place popsteer talks to HDF5.
/// Paths inside a file are "/"-separated ("model/weights"); missing groups are created
/// on write. Numeric arrays are stored row-major with their shape; strings as
/// variable-length UTF-8. Every HDF5 failure becomes a std::runtime_error naming the
/// file and the object.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace popsteer::io {

/// HDF5 file locking: off by default, because it fails on many parallel filesystems
/// (Lustre, GPFS) and popsteer never has two writers on one file anyway.
struct H5Options {
  bool file_locking = false;
};

template <class T>
struct Array {
  std::vector<T> data;
  std::vector<int64_t> shape;  ///< row-major; product == data.size()
};

class H5File {
 public:
  enum class Mode { kRead, kReadWrite, kCreate /* truncates */ };
  H5File(const std::string& path, Mode mode, H5Options options = {});
  ~H5File();
  H5File(H5File&& other) noexcept;
  H5File& operator=(H5File&& other) noexcept;
  H5File(const H5File&) = delete;
  H5File& operator=(const H5File&) = delete;

  const std::string& path() const { return path_; }
  bool exists(const std::string& object) const;
  /// Names directly under group `group` ("/" for the root), sorted.
  std::vector<std::string> list(const std::string& group) const;

  // Supported T: float, double, int32_t, int64_t, uint8_t, int8_t.
  template <class T>
  void write(const std::string& name, const T* data, const std::vector<int64_t>& shape);
  template <class T>
  void write(const std::string& name, const std::vector<T>& data) {
    write(name, data.data(), {static_cast<int64_t>(data.size())});
  }
  template <class T>
  Array<T> read(const std::string& name) const;

  void write_strings(const std::string& name, const std::vector<std::string>& values);
  std::vector<std::string> read_strings(const std::string& name) const;

  /// Attributes on an object (group or dataset; "/" = the file).
  void set_attr(const std::string& object, const std::string& key, const std::string& value);
  void set_attr(const std::string& object, const std::string& key, int64_t value);
  void set_attr(const std::string& object, const std::string& key, double value);
  std::optional<std::string> attr_string(const std::string& object, const std::string& key) const;
  std::optional<int64_t> attr_int(const std::string& object, const std::string& key) const;
  std::optional<double> attr_double(const std::string& object, const std::string& key) const;

  /// Flushes everything written so far to disk (H5Fflush, global scope).
  void flush();

  int64_t id() const { return file_; }

 private:
  void close();
  std::string path_;
  int64_t file_ = -1;  // hid_t
};

/// Writes a file atomically: `fill` writes into `path + ".tmp-<pid>"`, which is flushed,
/// closed and renamed to `path`, so a crash never leaves a half file under the final name.
template <class F>
void write_atomically(const std::string& path, F&& fill, H5Options options = {});

/// True if `path` is a readable, complete HDF5 file (header and superblock intact).
bool is_valid_h5(const std::string& path);

}  // namespace popsteer::io

#include "io/h5_inl.h"
