#include "core/seed.h"

#include "core/hash.h"

namespace popsteer {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t derive_seed(uint64_t base_seed, std::string_view key, uint64_t stream) {
  Hasher h;
  h.add(static_cast<int64_t>(base_seed)).add(key).add(static_cast<int64_t>(stream));
  return splitmix64(h.u64());
}

}  // namespace popsteer
