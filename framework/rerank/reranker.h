#pragma once
/// The re-ranking interface (ALGORITHMS.md §7): candidate lists of a set of users in,
/// top-K lists out. Every baseline implements `Reranker`; they are created by name
/// through the registry (rerank/registry.h).
///
/// Common rules (§7): candidates are the base model's top-L items per user after PAD and
/// history masking, ordered by (score desc, id asc) — metrics::top_candidates builds them.
/// "Top-t" below always means the first t entries of a candidate row.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "metrics/lists.h"

namespace popsteer::rerank {

/// Per-item labels from the training portion (§1.7); views of size n_items + 1.
struct ItemLabels {
  int32_t n_items = 0;
  std::span<const int8_t> group;         ///< +1 head, -1 tail, 0 mid / unlabelled
  std::span<const int64_t> train_count;  ///< training interactions per item (IPR's popularity)
  std::span<const uint8_t> pareto_head;  ///< 1 = Pareto head (DUOR); may be empty if DUOR unused
};

/// One re-ranking call: every user to be evaluated on one split, all at once (P-MMF's
/// budgets run over users in id order and PCT's solver averages over all users, so a call
/// must not be split into batches).
struct RerankInput {
  /// [n_rows x width] candidates, each row sorted by (score desc, id asc).
  const metrics::CandidateLists* candidates = nullptr;
  /// User id of each row (P-MMF order, Random seeds). Size n_rows.
  std::span<const int32_t> users;
  /// Per row, the user's profile items (DUOR pop_u, PCT f_u): the non-padding SASRec
  /// input window, or the training items for general backbones. Required by DUOR and PCT.
  std::span<const std::span<const int32_t>> profiles;
  ItemLabels labels;
  int32_t k = 10;     ///< list length K
  int n_threads = 1;  ///< worker threads over rows (0 = hardware); results never depend on it
};

class Reranker {
 public:
  virtual ~Reranker() = default;
  /// Registry name ("ipr", "fair", ...).
  virtual std::string name() const = 0;
  /// Top-K list per candidate row (same row order). Slots with no item are 0.
  virtual metrics::TopKLists rerank(const RerankInput& input) const = 0;
};

/// Checks shapes (rows, users, labels, profiles when `needs_profiles`); throws
/// std::invalid_argument naming the mismatch.
void check_input(const RerankInput& input, const std::string& method, bool needs_profiles);

/// Runs fn(row) for rows 0..n_rows-1 on `n_threads` workers (0 = hardware). Rows must be
/// independent; each row is handled by exactly one worker.
void for_each_row(int64_t n_rows, int n_threads, const std::function<void(int64_t)>& fn);

}  // namespace popsteer::rerank
