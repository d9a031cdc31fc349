#pragma once
/// Every option that shapes a prepared Dataset, with its default beside it.
#include <cstdint>
#include <optional>
#include <string>

#include "config/section.h"
#include "data/reader.h"

namespace popsteer::data {

/// Duplicate (user, item) policy. kKeep is the reference behaviour (RecBole
/// rm_dup_inter = None): every repeat is an interaction of its own, counted in k-core and
/// popularity. kDrop keeps only the chronologically first occurrence (file order breaks
/// timestamp ties) and removes the repeats before k-core.
enum class Dedup { kKeep, kDrop };

struct PrepareOptions {
  ReadOptions read;                  ///< format ("auto") and column mapping
  int64_t k_core = 5;                ///< iterative k-core on users and items; <= 1 = off
  Dedup dedup = Dedup::kKeep;        ///< see Dedup
  std::optional<double> rating_threshold;  ///< keep rows with rating >= this; none = all positive
  double head_fraction = 0.1;        ///< head/tail size = round(head_fraction * |I_tr|) (§1.7)
  double pareto_share = 0.8;         ///< Pareto head covers this share of training interactions
  double user_group_fraction = 0.1;  ///< popular/unpopular user share by s(u) (§1.8)
  int64_t max_seq_len = 50;          ///< SASRec window L (§1.5); recorded with the dataset

  /// Reads keys format, user_column, item_column, timestamp_column, rating_column,
  /// k_core, dedup ("keep"|"drop"), rating_threshold, head_fraction, pareto_share,
  /// user_group_fraction, max_seq_len; then s.finish() (unknown keys are errors). Read
  /// any other key of the same table (e.g. `path`) before passing the section.
  static PrepareOptions from_config(config::Section s);

  /// Canonical text of every option (cache key material and provenance). `format` is
  /// the resolved format name, used in place of read.format ("auto").
  std::string key(const std::string& format) const;
};

std::string dedup_name(Dedup d);
/// "keep" / "drop"; UserError otherwise.
Dedup parse_dedup(const std::string& name);

}  // namespace popsteer::data
