#pragma once
/// SASRec samples (ALGORITHMS.md §1.5): every prefix of a user's sequence is a sample.
///
/// A sample names a target position `end` (0-based) in sequences[user]; its input window
/// is seq[max(0, end - L) .. end) — at most L items, oldest first — and its target is
/// seq[end]. For a user with n items: training targets are end = 1 .. n-3 (i_2..i_{n-2};
/// i_1 is never a target), validation end = n-2, test end = n-1 (the test window contains
/// the validation item). Example (L = 3, i1..i6): train [i1]->i2, [i1,i2]->i3,
/// [i1,i2,i3]->i4; valid [i2,i3,i4]->i5; test [i3,i4,i5]->i6.
#include <cstdint>
#include <span>
#include <vector>

#include "data/dataset.h"

namespace popsteer::data {

struct PrefixSample {
  int32_t user = 0;    ///< internal user id (1..n_users)
  int32_t end = 0;     ///< 0-based target position in sequences[user]; window ends before it
  int32_t target = 0;  ///< sequences[user][end]
};

/// All training samples, users ascending, then end ascending.
std::vector<PrefixSample> training_prefixes(const Dataset& data);

/// The validation (end = n-2) or test (end = n-1) sample of a user.
PrefixSample eval_sample(const Dataset& data, int32_t user, Split split);

/// The input window of `s`: seq[max(0, end - max_len) .. end), oldest first.
std::span<const int32_t> prefix_window(const Dataset& data, const PrefixSample& s,
                                       int32_t max_len = 50);

/// Left-aligned padded copy of the window into `out[0..max_len)` (items then zeros);
/// returns the window length. This is the tensor layout of §1.5.
int32_t fill_window(const Dataset& data, const PrefixSample& s, int32_t max_len, int32_t* out);

}  // namespace popsteer::data
