#pragma once
/// Evaluation metrics of ALGORITHMS.md §6 over top-K lists: NDCG@K (overall, head,
/// tail, non-head; §6.2), Hit@K, MRR@K, ItemCoverage@K (§6.3), Gini@K (§6.4), ARP, APLT
/// (tail share) and deep long-tail coverage (§6.5). No LibTorch, no HDF5.
#include <cstdint>
#include <span>
#include <vector>

#include "config/section.h"
#include "metrics/lists.h"

namespace popsteer::metrics {

/// Relevant items per list row, CSR: row r's items are items[offsets[r]..offsets[r+1]).
/// Under leave-one-out each row has one item (the test or validation target).
struct Relevance {
  std::vector<int64_t> offsets{0};
  std::vector<int32_t> items;

  /// One target per row; a target of 0 means "no relevant item" (the row scores 0).
  static Relevance single(std::span<const int32_t> targets);
  /// Appends a row with the given relevant items (duplicates are ignored by the metrics).
  void add_row(std::span<const int32_t> relevant);
  int64_t n_rows() const { return static_cast<int64_t>(offsets.size()) - 1; }
  std::span<const int32_t> row(int64_t r) const {
    return {items.data() + offsets[r], static_cast<size_t>(offsets[r + 1] - offsets[r])};
  }
};

/// Per-item information the metrics need (views; valid during the call).
struct ItemInfo {
  int32_t n_items = 0;                   ///< real items, ids 1..n_items
  std::span<const int8_t> item_group;    ///< size n_items+1: +1 head, -1 tail, 0 mid/unlabelled
  std::span<const int64_t> train_count;  ///< size n_items+1: training interactions per item
};

struct MetricOptions {
  int32_t k = 10;            ///< cut-off K; list slots beyond K are ignored
  int64_t tau = 5;           ///< ItemCoverage threshold: an item counts when >= tau lists hold it
  bool compat_pad = false;   ///< reference-code denominator n_items + 1 in coverage and Gini (A-21)

  /// Keys k, tau, compat_pad (all optional); calls s.finish().
  static MetricOptions from_config(config::Section s);
};

/// Every metric of one evaluation. Means are over all rows (users), including rows
/// without a hit or without a relevant item (which score 0).
struct MetricSet {
  double ndcg = 0;          ///< NDCG@K, eq. 6.1
  double ndcg_head = 0;     ///< relevance restricted to head items (I_Pop), mean over ALL users
  double ndcg_tail = 0;     ///< restricted to tail items (I_Unpop), mean over all users
  double ndcg_nonhead = 0;  ///< restricted to non-head items (mid + tail); ndcg_head + this = ndcg under LOO
  double hit = 0;           ///< Hit@K: share of users with a relevant item in the top K
  double mrr = 0;           ///< MRR@K: mean of 1/rank of the first relevant item (0 if none)
  double coverage = 0;      ///< ItemCoverage@K with tau: |{i : c_i >= tau}| / n
  double coverage1 = 0;     ///< plain ItemCoverage@K (tau = 1)
  double gini = 0;          ///< Gini@K of the exposure counts c_i over all n items (zeros included)
  double arp = 0;           ///< mean over users of the mean training count of the listed items
  double aplt = 0;          ///< mean over users of the share of listed items in the tail set
  double dltc = 0;          ///< |union of lists ∩ tail| / |tail|
  int64_t users = 0;        ///< rows evaluated
  int32_t k = 0;
  int64_t tau = 0;
  std::vector<double> ndcg_per_user;  ///< per row, in the lists' row order (significance tests)
};

/// Scores `lists` (row r against relevant.row(r)). Item ids must be in [0, n_items]
/// (0 = empty slot); throws std::invalid_argument otherwise.
MetricSet evaluate(const TopKLists& lists, const Relevance& relevant, const ItemInfo& items,
                   const MetricOptions& options = {});

/// Exposure counts c_i (§6.3): how many rows list item i within their first k slots.
/// Size n_items+1 (index 0 unused).
std::vector<int64_t> exposure_counts(const TopKLists& lists, int32_t k, int32_t n_items);

/// Gini of counts over `n` items (§6.4): `counts` holds the nonzero-or-zero counts of
/// the real items; n >= counts.size() adds zero-count items (compat_pad passes n+1).
/// Returns 0 when every count is 0.
double gini_index(std::span<const int64_t> counts, int64_t n);

}  // namespace popsteer::metrics
