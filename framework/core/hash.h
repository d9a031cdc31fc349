#pragma once
/// Stable content hashes (xxHash XXH3-128, from Debian's libxxhash): the same bytes give
/// the same hex string on every machine and every run. Used for dataset cache keys and
/// task ids, so they must never depend on pointer values, rank or time.
#include <cstdint>
#include <string>
#include <string_view>

namespace popsteer {

/// Incremental hasher. Feed fields with `add`; each field is length-prefixed so that
/// ("ab","c") and ("a","bc") hash differently.
class Hasher {
 public:
  Hasher();
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  Hasher& add(std::string_view field);
  Hasher& add(int64_t value);
  Hasher& add(double value);
  /// Raw bytes, not length-prefixed (for streaming a file).
  Hasher& add_bytes(const void* data, size_t size);
  /// 32 lowercase hex digits.
  std::string hex() const;
  /// Low 64 bits of the digest.
  uint64_t u64() const;

 private:
  void* state_;
};

/// Hash of a whole file's bytes (32 hex digits). Throws UserError if it cannot be read.
std::string hash_file(const std::string& path);

/// Hash of one string (32 hex digits).
std::string hash_string(std::string_view text);

}  // namespace popsteer
