#include "core/hash.h"

#include <xxhash.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "core/error.h"

namespace popsteer {

static XXH3_state_t* state_of(void* p) { return static_cast<XXH3_state_t*>(p); }

Hasher::Hasher() : state_(XXH3_createState()) { XXH3_128bits_reset(state_of(state_)); }
Hasher::~Hasher() { XXH3_freeState(state_of(state_)); }

Hasher& Hasher::add_bytes(const void* data, size_t size) {
  XXH3_128bits_update(state_of(state_), data, size);
  return *this;
}

Hasher& Hasher::add(std::string_view field) {
  const uint64_t n = field.size();
  add_bytes(&n, sizeof n);
  return add_bytes(field.data(), field.size());
}

Hasher& Hasher::add(int64_t value) { return add_bytes(&value, sizeof value); }

Hasher& Hasher::add(double value) { return add_bytes(&value, sizeof value); }

std::string Hasher::hex() const {
  const XXH128_hash_t h = XXH3_128bits_digest(state_of(state_));
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

uint64_t Hasher::u64() const { return XXH3_128bits_digest(state_of(state_)).low64; }

std::string hash_file(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw UserError(SourceLocation{path, 0}, std::string("cannot open file: ") + std::strerror(errno));
  Hasher h;
  std::vector<char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), f.get())) > 0) h.add_bytes(buf.data(), n);
  return h.hex();
}

std::string hash_string(std::string_view text) {
  Hasher h;
  h.add(text);
  return h.hex();
}

}  // namespace popsteer
