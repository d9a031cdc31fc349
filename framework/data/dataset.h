#pragma once
/// The prepared dataset: the contract every downstream module reads (models, metrics,
/// rerank, steering, sweep). No LibTorch here.
///
/// Ids are dense and 1-based; 0 is the padding id for users and items. Per-item vectors
/// have n_items + 1 entries (index 0 = PAD); per-user vectors have n_users + 1 entries.
/// Split (ALGORITHMS.md §1.4, chronological leave-one-out): for a user with chronological
/// items i_1..i_n (n >= 3): training portion i_1..i_{n-2}, validation target i_{n-1},
/// test target i_n.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace popsteer::data {

/// Item popularity group (ALGORITHMS.md §1.7): +1 head (I_Pop), -1 tail (I_Unpop), 0 mid
/// or unlabelled (zero training count).
enum ItemGroup : int8_t { kTail = -1, kMid = 0, kHead = 1 };

enum class Split { kValid, kTest };

struct Dataset {
  std::string name;          ///< human-readable (file stem or "synthetic")
  std::string content_hash;  ///< hash of the input bytes + every option that shaped it
  int32_t n_users = 0;       ///< real users (ids 1..n_users)
  int32_t n_items = 0;       ///< real items (ids 1..n_items)

  /// Full chronological item sequence per user; sequences[0] is empty (PAD user).
  std::vector<std::vector<int32_t>> sequences;
  /// Original tokens of users / items, indexed by internal id (index 0 = "[PAD]").
  std::vector<std::string> user_tokens, item_tokens;

  /// Training-portion interaction count per item (duplicates counted), size n_items+1.
  std::vector<int64_t> train_count;
  /// ItemGroup per item, size n_items+1 (PAD = kMid).
  std::vector<int8_t> item_group;
  /// 1 if the item is in the Pareto head (DUOR, §1.7), size n_items+1.
  std::vector<uint8_t> pareto_head;
  /// User popularity score s(u) (§1.8), size n_users+1.
  std::vector<double> user_pop_score;
  /// User popularity group (§1.8): +1 popular (last ceil(10%) by s(u)), -1 unpopular
  /// (first floor(10%)), 0 otherwise; size n_users+1. (Added by the data module.)
  std::vector<int8_t> user_group;

  int64_t n_interactions() const;
  /// i_1..i_{n-2}.
  std::span<const int32_t> train_items(int32_t user) const;
  /// The items a model may see when predicting the target of `split`:
  /// valid -> i_1..i_{n-2}; test -> i_1..i_{n-1}.
  std::span<const int32_t> context(int32_t user, Split split) const;
  /// i_{n-1} (valid) or i_n (test).
  int32_t target(int32_t user, Split split) const;
  std::vector<int32_t> head_items() const;  ///< ids with group +1, ascending
  std::vector<int32_t> tail_items() const;  ///< ids with group -1, ascending
  /// pop_score(i) = train_count[i] / sum of train_count (§1.7; used by IPR).
  double pop_score(int32_t item) const;
  /// Sum of train_count (number of training-portion interactions).
  int64_t n_train_interactions() const;
};

}  // namespace popsteer::data
