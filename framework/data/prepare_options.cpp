#include "data/prepare_options.h"

#include <fmt/format.h>

#include "core/error.h"

namespace popsteer::data {

std::string dedup_name(Dedup d) { return d == Dedup::kKeep ? "keep" : "drop"; }

Dedup parse_dedup(const std::string& name) {
  if (name == "keep") return Dedup::kKeep;
  if (name == "drop") return Dedup::kDrop;
  throw UserError("unknown duplicate policy '" + name + "' (expected keep or drop)");
}

PrepareOptions PrepareOptions::from_config(config::Section s) {
  PrepareOptions o;
  std::vector<std::string> fmts = format_names();
  fmts.insert(fmts.begin(), "auto");
  o.read.format = s.get_string("format", o.read.format, fmts);
  o.read.user_column = s.get_string("user_column", o.read.user_column);
  o.read.item_column = s.get_string("item_column", o.read.item_column);
  o.read.timestamp_column = s.get_string("timestamp_column", o.read.timestamp_column);
  o.read.rating_column = s.get_string("rating_column", o.read.rating_column);
  o.k_core = s.get_int("k_core", o.k_core, config::Range{0, 1e9});
  o.dedup = parse_dedup(s.get_string("dedup", dedup_name(o.dedup), {"keep", "drop"}));
  if (s.has("rating_threshold")) o.rating_threshold = s.get_double("rating_threshold", 0.0);
  o.head_fraction = s.get_double("head_fraction", o.head_fraction, config::Range{0.0, 0.5});
  o.pareto_share = s.get_double("pareto_share", o.pareto_share, config::Range{0.0, 1.0});
  o.user_group_fraction =
      s.get_double("user_group_fraction", o.user_group_fraction, config::Range{0.0, 0.5});
  o.max_seq_len = s.get_int("max_seq_len", o.max_seq_len, config::Range{1, 100000});
  s.finish();
  return o;
}

std::string PrepareOptions::key(const std::string& format) const {
  // Bump the version whenever the pipeline's output for the same options changes.
  return fmt::format(
      "popsteer-data-v1;format={};user_column={};item_column={};timestamp_column={};"
      "rating_column={};k_core={};dedup={};rating_threshold={};head_fraction={:.17g};"
      "pareto_share={:.17g};user_group_fraction={:.17g};max_seq_len={}",
      format, read.user_column, read.item_column, read.timestamp_column, read.rating_column,
      k_core, dedup_name(dedup), rating_threshold ? fmt::format("{:.17g}", *rating_threshold) : "none",
      head_fraction, pareto_share, user_group_fraction, max_seq_len);
}

}  // namespace popsteer::data
