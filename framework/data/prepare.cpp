#include "data/prepare.h"

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <unordered_set>

#include "core/error.h"
#include "core/hash.h"
#include "data/kcore.h"
#include "data/labels.h"
#include "data/reader.h"
#include "data/text_scan.h"

namespace popsteer::data {
namespace {

// Row indices in chronological order: stable sort by timestamp, so file order breaks ties
// (and is the order itself when the format has no timestamps).
std::vector<int64_t> chronological(const RawInteractions& raw, std::vector<int64_t> rows) {
  if (raw.has_timestamp())
    std::stable_sort(rows.begin(), rows.end(),
                     [&](int64_t a, int64_t b) { return raw.timestamp[a] < raw.timestamp[b]; });
  return rows;
}

std::vector<int64_t> drop_duplicates(const RawInteractions& raw, const std::vector<int64_t>& rows) {
  std::unordered_set<uint64_t> seen;
  seen.reserve(rows.size());
  std::vector<uint8_t> keep(raw.size(), 0);
  for (int64_t r : chronological(raw, rows)) {
    const uint64_t key = (static_cast<uint64_t>(raw.user[r]) << 32) | static_cast<uint32_t>(raw.item[r]);
    if (seen.insert(key).second) keep[r] = 1;
  }
  std::vector<int64_t> out;
  for (int64_t r : rows)
    if (keep[r]) out.push_back(r);
  return out;
}

}  // namespace

std::string dataset_key(const std::string& content_hash, const PrepareOptions& options,
                        const std::string& resolved_format) {
  Hasher h;
  h.add(content_hash).add(options.key(resolved_format));
  return h.hex();
}

Dataset prepare_dataset(const RawInteractions& raw, const PrepareOptions& options,
                        PrepareStats* stats) {
  const SourceLocation src{raw.source, 0};
  PrepareStats st;
  st.format = raw.format;
  st.raw_rows = raw.size();
  st.raw_users = static_cast<int64_t>(raw.user_names.size());
  st.raw_items = static_cast<int64_t>(raw.item_names.size());

  std::vector<int64_t> rows;
  rows.reserve(raw.size());
  if (options.rating_threshold) {
    if (!raw.has_rating())
      throw UserError(src, "a rating threshold is set but the file has no rating column");
    for (int64_t r = 0; r < raw.size(); ++r)
      if (raw.rating[r] >= *options.rating_threshold) rows.push_back(r);
  } else {
    rows.resize(raw.size());
    std::iota(rows.begin(), rows.end(), 0);
  }
  st.after_threshold = static_cast<int64_t>(rows.size());
  if (options.dedup == Dedup::kDrop) rows = drop_duplicates(raw, rows);
  st.after_dedup = static_cast<int64_t>(rows.size());

  KCoreResult core = kcore(raw.user, raw.item, static_cast<int32_t>(raw.user_names.size()),
                           static_cast<int32_t>(raw.item_names.size()), std::move(rows), options.k_core);
  st.after_kcore = static_cast<int64_t>(core.rows.size());
  st.kcore_passes = core.passes;
  if (stats) *stats = st;
  if (core.rows.empty())
    throw UserError(src, "filtering leaves no interactions (k_core = " +
                             std::to_string(options.k_core) + " on " + std::to_string(st.raw_rows) +
                             " rows, " + std::to_string(st.raw_users) + " users, " +
                             std::to_string(st.raw_items) + " items); lower --k-core");

  // Dense ids in order of first appearance in the filtered file (§1.3).
  Dataset d;
  d.name = std::filesystem::path(raw.source).stem().string();
  std::vector<int32_t> uid(raw.user_names.size(), 0), iid(raw.item_names.size(), 0);
  d.user_tokens = {"[PAD]"};
  d.item_tokens = {"[PAD]"};
  for (int64_t r : core.rows) {
    if (!uid[raw.user[r]]) {
      uid[raw.user[r]] = static_cast<int32_t>(d.user_tokens.size());
      d.user_tokens.push_back(raw.user_names[raw.user[r]]);
    }
    if (!iid[raw.item[r]]) {
      iid[raw.item[r]] = static_cast<int32_t>(d.item_tokens.size());
      d.item_tokens.push_back(raw.item_names[raw.item[r]]);
    }
  }
  d.n_users = static_cast<int32_t>(d.user_tokens.size() - 1);
  d.n_items = static_cast<int32_t>(d.item_tokens.size() - 1);

  // Chronological per-user sequences (§1.4).
  d.sequences.assign(d.n_users + 1, {});
  for (int64_t r : chronological(raw, std::move(core.rows)))
    d.sequences[uid[raw.user[r]]].push_back(iid[raw.item[r]]);
  finalize_dataset(d, options, raw.source);
  return d;
}

void finalize_dataset(Dataset& d, const PrepareOptions& options, const std::string& source) {
  for (int32_t u = 1; u <= d.n_users; ++u)
    if (d.sequences[u].size() < 3)
      throw UserError(SourceLocation{source, 0},
                      "user '" + d.user_tokens[u] + "' has only " +
                          std::to_string(d.sequences[u].size()) +
                          " interaction(s) after filtering; leave-one-out needs at least 3 "
                          "(use --k-core 3 or more, or drop such users from the file)");
  d.train_count.assign(d.n_items + 1, 0);
  std::vector<std::vector<int32_t>> train(d.n_users + 1);
  for (int32_t u = 1; u <= d.n_users; ++u) {
    const auto t = d.train_items(u);
    train[u].assign(t.begin(), t.end());
    for (int32_t i : t) ++d.train_count[i];
  }
  ItemLabels labels = item_labels(d.train_count, options.head_fraction, options.pareto_share);
  d.item_group = std::move(labels.group);
  d.pareto_head = std::move(labels.pareto_head);
  d.user_pop_score = user_pop_scores(train, d.item_group);
  d.user_group = user_groups(d.user_pop_score, options.user_group_fraction);
}

Dataset prepare_file(const std::string& path, const PrepareOptions& options, PrepareStats* stats) {
  const std::string text = read_text_file(path);
  ReadOptions read = options.read;
  if (read.format == "auto" || read.format.empty()) read.format = detect_format(path, text);
  RawInteractions raw = parse_interactions(text, path, read);
  Dataset d = prepare_dataset(raw, options, stats);
  d.content_hash = dataset_key(hash_string(text), options, read.format);
  return d;
}

}  // namespace popsteer::data
