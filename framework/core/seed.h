#pragma once
/// The one seed-derivation function (STYLE.md habit 6). Every random choice in popsteer
/// takes its seed from (sweep seed, task id [, stream]) — never from the rank, thread or
/// execution order — so a sweep gives the same numbers at 1 or 100 ranks.
#include <cstdint>
#include <string_view>

namespace popsteer {

/// Deterministic 64-bit seed from a base seed and a work-item key (e.g. a task id),
/// with an optional stream number for several independent generators in one task.
uint64_t derive_seed(uint64_t base_seed, std::string_view key, uint64_t stream = 0);

/// SplitMix64 finaliser: a good 64-bit mix for combining integers into seeds.
uint64_t splitmix64(uint64_t x);

}  // namespace popsteer
