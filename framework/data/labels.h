#pragma once
/// Popularity labels computed from the training portion (ALGORITHMS.md §1.7, §1.8).
#include <cstdint>
#include <vector>

namespace popsteer::data {

/// Python's round(x): to nearest, ties to even (banker's rounding).
int64_t round_half_even(double x);

struct ItemLabels {
  std::vector<int8_t> group;         ///< size n_items+1: +1 head, -1 tail, 0 mid/unlabelled
  std::vector<uint8_t> pareto_head;  ///< size n_items+1: 1 = in the Pareto head
};

/// `count` has n_items+1 entries (index 0 = PAD, ignored). Items with count >= 1 form
/// I_tr (n items); k = max(1, round_half_even(head_fraction * n)).
/// Head: first k of I_tr by (count desc, id asc). Tail: first k by (count asc, id asc)
/// minus head. Pareto head: shortest prefix of I_tr by (count desc, id asc) whose
/// cumulative count reaches pareto_share * total (the crossing item included).
ItemLabels item_labels(const std::vector<int64_t>& count, double head_fraction = 0.1,
                       double pareto_share = 0.8);

/// s(u) = mean of group[i] over the items of train[u] (duplicates counted); size
/// train.size(). Entry 0 (PAD) and users with no training items get 0.
std::vector<double> user_pop_scores(const std::vector<std::vector<int32_t>>& train,
                                    const std::vector<int8_t>& group);

/// User popularity groups (§1.8): real users 1..n sorted by (s asc, id asc); the first
/// floor(fraction*n) get -1 (unpopular), the last ceil(fraction*n) get +1 (popular), the
/// rest 0. floor/ceil are exact for fractions like 0.1 (no 0.1*30 = 3.0000000000000004
/// surprises). Size s.size(); index 0 = PAD = 0.
std::vector<int8_t> user_groups(const std::vector<double>& s, double fraction = 0.1);

}  // namespace popsteer::data
