#pragma once
/// A realistic synthetic interaction dataset from a seed: the built-in default dataset
/// (quickstart, and tests where ../shared/data is absent).
///
/// Generative model (all draws from one std::mt19937_64 seeded by
/// derive_seed(seed, "data.synth"); sampling by our own inverse-CDF code, so the output is
/// identical on every platform):
///  - item popularity: a power law w_i = rank_i^-popularity_exponent over a random
///    permutation of ranks;
///  - taste clusters: every item belongs to one of n_clusters clusters; within a cluster
///    the items form a random ring (the "chain"), e.g. episodes of a series;
///  - users: a primary and a secondary taste cluster; length = min_length + a geometric
///    draw with mean (mean_length - min_length), capped at max_length;
///  - sequences: the first item comes from the user's tastes by popularity; then each
///    next item is, with probability p_chain, one of the next chain_width successors of
///    the previous item in its cluster's ring (closer and more popular successors more
///    likely); with probability p_taste, a popularity draw from the user's clusters
///    (primary with probability 0.7); otherwise a global popularity draw. A user never
///    repeats an item (redrawn up to 32 times).
/// The chain step is what a sequential model can learn and a popularity ranking cannot:
/// on the defaults SASRec beats MostPop by a wide margin, while popularity stays
/// long-tailed (the head has many times the tail's interactions).
#include <cstdint>
#include <string>
#include <vector>

#include "config/section.h"
#include "data/dataset.h"
#include "data/prepare_options.h"
#include "data/raw.h"

namespace popsteer::data {

struct SynthOptions {
  int64_t n_users = 1000;
  int64_t n_items = 500;
  int64_t n_clusters = 10;
  double mean_length = 30.0;        ///< mean items per user (before k-core)
  int64_t min_length = 5;           ///< every user has at least this many (>= 3)
  int64_t max_length = 200;         ///< (and never more than n_items)
  double popularity_exponent = 1.2; ///< Zipf exponent of item popularity
  double p_chain = 0.5;             ///< next item follows the previous one's chain
  double p_taste = 0.3;             ///< next item from the user's clusters by popularity
  int64_t chain_width = 3;          ///< successors considered by a chain step
  uint64_t seed = 2020;

  /// Reads every key above (names as written), then s.finish().
  static SynthOptions from_config(config::Section s);
  /// Canonical text of the options (hash material).
  std::string key() const;
  /// UserError if inconsistent (e.g. min_length > max_length, p_chain + p_taste > 1).
  void validate() const;
};

/// Sequences of item ids 1..n_items per user (index 0 = empty PAD user), chronological.
std::vector<std::vector<int32_t>> synth_sequences(const SynthOptions& options);

/// The same as raw interactions (user tokens "1".."n_users", item tokens "1".."n_items",
/// file order = chronological), source "synthetic".
RawInteractions synth_raw(const SynthOptions& options);

/// The text of a `seq` file ("user item item ...\n" per user).
std::string synth_seq_text(const SynthOptions& options);

/// The prepared dataset, through the same pipeline as a file (k-core etc. from
/// `prepare`). name = "synthetic"; content_hash derived from both option sets.
Dataset synth_dataset(const SynthOptions& options, const PrepareOptions& prepare = {});

}  // namespace popsteer::data
