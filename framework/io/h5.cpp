#include "io/h5.h"

#include <hdf5.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <type_traits>

namespace popsteer::io {
namespace {

[[noreturn]] void fail(const std::string& file, const std::string& what) {
  throw std::runtime_error("HDF5 " + file + ": " + what);
}

/// Closes an hid_t with the right function when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) {}
  ~Handle() {
    if (id_ >= 0) closer_(id_);
  }
  Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = -1; }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*closer_)(hid_t);
};

template <class T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, int32_t>) return H5T_NATIVE_INT32;
  if constexpr (std::is_same_v<T, int64_t>) return H5T_NATIVE_INT64;
  if constexpr (std::is_same_v<T, uint8_t>) return H5T_NATIVE_UINT8;
  if constexpr (std::is_same_v<T, int8_t>) return H5T_NATIVE_INT8;
}

/// Silences HDF5's own error printing: every failure becomes an exception instead.
struct QuietErrors {
  QuietErrors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};

/// Creates the parent groups of "a/b/c" (a and a/b) if missing.
void ensure_parents(hid_t file, const std::string& name, const std::string& path) {
  size_t pos = 0;
  while ((pos = name.find('/', pos + 1)) != std::string::npos) {
    const std::string group = name.substr(0, pos);
    if (group.empty() || group == "/") continue;
    if (H5Lexists(file, group.c_str(), H5P_DEFAULT) > 0) continue;
    Handle g(H5Gcreate2(file, group.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!g.ok()) fail(path, "cannot create group " + group);
  }
}

/// Removes `name` if it exists so that a write replaces it.
void unlink_if_exists(hid_t file, const std::string& name) {
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0) H5Ldelete(file, name.c_str(), H5P_DEFAULT);
}

Handle open_object(hid_t file, const std::string& object, const std::string& path) {
  Handle o(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose);
  if (!o.ok()) fail(path, "no object " + object);
  return o;
}

bool path_exists(hid_t file, const std::string& object) {
  if (object == "/" || object.empty()) return true;
  // Every prefix must exist for H5Lexists not to fail.
  size_t pos = 0;
  while (true) {
    pos = object.find('/', pos + 1);
    const std::string prefix = object.substr(0, pos);
    if (!prefix.empty() && prefix != "/" && H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0)
      return false;
    if (pos == std::string::npos) return true;
  }
}

}  // namespace

H5File::H5File(const std::string& path, Mode mode, H5Options options) : path_(path) {
  static const QuietErrors quiet;  // idempotent library setting, not mutable program state
  (void)quiet;
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_file_locking(fapl.get(), options.file_locking ? 1 : 0, 1);
  if (mode == Mode::kCreate) {
    file_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
    if (file_ < 0) fail(path, "cannot create file");
  } else {
    if (!std::filesystem::exists(path)) fail(path, "file does not exist");
    file_ = H5Fopen(path.c_str(), mode == Mode::kRead ? H5F_ACC_RDONLY : H5F_ACC_RDWR, fapl.get());
    if (file_ < 0) fail(path, "cannot open file (truncated or not HDF5?)");
  }
}

H5File::~H5File() { close(); }

H5File::H5File(H5File&& other) noexcept : path_(std::move(other.path_)), file_(other.file_) {
  other.file_ = -1;
}

H5File& H5File::operator=(H5File&& other) noexcept {
  if (this != &other) {
    close();
    path_ = std::move(other.path_);
    file_ = other.file_;
    other.file_ = -1;
  }
  return *this;
}

void H5File::close() {
  if (file_ >= 0) H5Fclose(file_);
  file_ = -1;
}

bool H5File::exists(const std::string& object) const { return path_exists(file_, object); }

std::vector<std::string> H5File::list(const std::string& group) const {
  std::vector<std::string> names;
  Handle g(H5Gopen2(file_, group.c_str(), H5P_DEFAULT), H5Gclose);
  if (!g.ok()) fail(path_, "no group " + group);
  H5G_info_t info;
  H5Gget_info(g.get(), &info);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    std::string name(static_cast<size_t>(n), '\0');
    H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), n + 1, H5P_DEFAULT);
    names.push_back(name);
  }
  return names;
}

template <class T>
void H5File::write(const std::string& name, const T* data, const std::vector<int64_t>& shape) {
  ensure_parents(file_, name, path_);
  unlink_if_exists(file_, name);
  std::vector<hsize_t> dims(shape.begin(), shape.end());
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
  Handle dset(H5Dcreate2(file_, name.c_str(), native_type<T>(), space.get(), H5P_DEFAULT,
                         H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
  if (!dset.ok()) fail(path_, "cannot create dataset " + name);
  int64_t n = 1;
  for (auto s : shape) n *= s;
  if (n > 0 && H5Dwrite(dset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    fail(path_, "cannot write dataset " + name);
}

template <class T>
Array<T> H5File::read(const std::string& name) const {
  if (!exists(name)) fail(path_, "no dataset " + name);
  Handle dset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dset.ok()) fail(path_, "cannot open dataset " + name);
  Handle space(H5Dget_space(dset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  Array<T> out;
  int64_t n = 1;
  for (auto d : dims) {
    out.shape.push_back(static_cast<int64_t>(d));
    n *= static_cast<int64_t>(d);
  }
  out.data.resize(static_cast<size_t>(n));
  if (n > 0 && H5Dread(dset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data.data()) < 0)
    fail(path_, "cannot read dataset " + name + " (truncated file?)");
  return out;
}

#define POPSTEER_H5_INSTANTIATE(T)                                                          \
  template void H5File::write<T>(const std::string&, const T*, const std::vector<int64_t>&); \
  template Array<T> H5File::read<T>(const std::string&) const;
POPSTEER_H5_INSTANTIATE(float)
POPSTEER_H5_INSTANTIATE(double)
POPSTEER_H5_INSTANTIATE(int32_t)
POPSTEER_H5_INSTANTIATE(int64_t)
POPSTEER_H5_INSTANTIATE(uint8_t)
POPSTEER_H5_INSTANTIATE(int8_t)
#undef POPSTEER_H5_INSTANTIATE

namespace {
Handle string_type() {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}
}  // namespace

void H5File::write_strings(const std::string& name, const std::vector<std::string>& values) {
  ensure_parents(file_, name, path_);
  unlink_if_exists(file_, name);
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const auto& v : values) ptrs.push_back(v.c_str());
  hsize_t dim = values.size();
  Handle type = string_type();
  Handle space(H5Screate_simple(1, &dim, nullptr), H5Sclose);
  Handle dset(H5Dcreate2(file_, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
  if (!dset.ok()) fail(path_, "cannot create dataset " + name);
  if (dim > 0 && H5Dwrite(dset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
    fail(path_, "cannot write dataset " + name);
}

std::vector<std::string> H5File::read_strings(const std::string& name) const {
  if (!exists(name)) fail(path_, "no dataset " + name);
  Handle dset(H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose);
  Handle space(H5Dget_space(dset.get()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::vector<char*> ptrs(static_cast<size_t>(n), nullptr);
  Handle type = string_type();
  if (n > 0 && H5Dread(dset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
    fail(path_, "cannot read dataset " + name + " (truncated file?)");
  std::vector<std::string> out;
  out.reserve(ptrs.size());
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (n > 0) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

namespace {
void write_attr(hid_t file, const std::string& path, const std::string& object, const std::string& key,
                hid_t type, const void* value) {
  Handle obj = open_object(file, object, path);
  if (H5Aexists(obj.get(), key.c_str()) > 0) H5Adelete(obj.get(), key.c_str());
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(H5Acreate2(obj.get(), key.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.ok() || H5Awrite(attr.get(), type, value) < 0)
    fail(path, "cannot write attribute " + key + " on " + object);
}

template <class T>
std::optional<T> read_attr(hid_t file, const std::string& path, const std::string& object,
                           const std::string& key, hid_t type) {
  if (!path_exists(file, object)) return std::nullopt;
  Handle obj = open_object(file, object, path);
  if (H5Aexists(obj.get(), key.c_str()) <= 0) return std::nullopt;
  Handle attr(H5Aopen(obj.get(), key.c_str(), H5P_DEFAULT), H5Aclose);
  T value{};
  if (H5Aread(attr.get(), type, &value) < 0) fail(path, "cannot read attribute " + key);
  return value;
}
}  // namespace

void H5File::set_attr(const std::string& object, const std::string& key, const std::string& value) {
  Handle type = string_type();
  const char* p = value.c_str();
  write_attr(file_, path_, object, key, type.get(), &p);
}

void H5File::set_attr(const std::string& object, const std::string& key, int64_t value) {
  write_attr(file_, path_, object, key, H5T_NATIVE_INT64, &value);
}

void H5File::set_attr(const std::string& object, const std::string& key, double value) {
  write_attr(file_, path_, object, key, H5T_NATIVE_DOUBLE, &value);
}

std::optional<std::string> H5File::attr_string(const std::string& object, const std::string& key) const {
  if (!path_exists(file_, object)) return std::nullopt;
  Handle obj = open_object(file_, object, path_);
  if (H5Aexists(obj.get(), key.c_str()) <= 0) return std::nullopt;
  Handle attr(H5Aopen(obj.get(), key.c_str(), H5P_DEFAULT), H5Aclose);
  Handle type = string_type();
  char* p = nullptr;
  if (H5Aread(attr.get(), type.get(), &p) < 0) fail(path_, "cannot read attribute " + key);
  std::string out = p ? p : "";
  H5free_memory(p);
  return out;
}

std::optional<int64_t> H5File::attr_int(const std::string& object, const std::string& key) const {
  return read_attr<int64_t>(file_, path_, object, key, H5T_NATIVE_INT64);
}

std::optional<double> H5File::attr_double(const std::string& object, const std::string& key) const {
  return read_attr<double>(file_, path_, object, key, H5T_NATIVE_DOUBLE);
}

void H5File::flush() {
  if (H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0) fail(path_, "flush failed");
}

void rename_into_place(const std::string& tmp, const std::string& path) {
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw std::runtime_error("cannot rename " + tmp + " to " + path + ": " + ec.message());
}

bool is_valid_h5(const std::string& path) {
  if (!std::filesystem::exists(path)) return false;
  static const QuietErrors quiet;
  (void)quiet;
  if (H5Fis_hdf5(path.c_str()) <= 0) return false;
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_file_locking(fapl.get(), 0, 1);
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (f < 0) return false;
  H5Fclose(f);
  return true;
}

}  // namespace popsteer::io
