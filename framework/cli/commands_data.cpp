/// `popsteer data stats|synth|prepare`: inspect raw interaction files, write the built-in
/// synthetic dataset, and prepare (cache) a dataset. File I/O lives here, not in data/.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "data/cache.h"
#include "data/prepare.h"
#include "data/reader.h"
#include "data/synth.h"

namespace popsteer::cli {
namespace {

using data::PrepareOptions;

/// Command-line spellings of PrepareOptions (strings parsed after CLI11 is done).
struct PrepareFlags {
  std::string file;
  std::string format = "auto";
  int64_t k_core = PrepareOptions{}.k_core;
  std::string dedup = "keep";
  double rating_threshold = 0;
  bool has_threshold = false;
  std::string user_col, item_col, time_col, rating_col;
  double head_fraction = PrepareOptions{}.head_fraction;
  double pareto_share = PrepareOptions{}.pareto_share;

  PrepareOptions options() const {
    PrepareOptions o;
    o.read.format = format;
    o.read.user_column = user_col;
    o.read.item_column = item_col;
    o.read.timestamp_column = time_col;
    o.read.rating_column = rating_col;
    o.k_core = k_core;
    o.dedup = data::parse_dedup(dedup);
    if (has_threshold) o.rating_threshold = rating_threshold;
    o.head_fraction = head_fraction;
    o.pareto_share = pareto_share;
    return o;
  }
};

void add_prepare_flags(CLI::App* cmd, PrepareFlags& f) {
  cmd->add_option("FILE", f.file, "Interaction file")->required();
  std::vector<std::string> fmts = data::format_names();
  fmts.insert(fmts.begin(), "auto");
  cmd->add_option("--format", f.format, "File format (default: detect from name/content)")
      ->check(CLI::IsMember(fmts));
  cmd->add_option("--k-core", f.k_core, "Iterative k-core on users and items (<= 1: off)")
      ->check(CLI::Range(int64_t{0}, int64_t{1000000}))
      ->capture_default_str();
  cmd->add_option("--dedup", f.dedup, "Repeated (user, item) rows: keep (reference) or drop")
      ->check(CLI::IsMember({"keep", "drop"}))
      ->capture_default_str();
  cmd->add_option_function<double>(
      "--rating-threshold",
      [&f](double v) {
        f.rating_threshold = v;
        f.has_threshold = true;
      },
      "Keep only rows with rating >= this (default: every row is a positive)");
  cmd->add_option("--user-col", f.user_col, "csv/tsv/inter: user column name");
  cmd->add_option("--item-col", f.item_col, "csv/tsv/inter: item column name");
  cmd->add_option("--time-col", f.time_col, "csv/tsv/inter: timestamp column ('none': file order)");
  cmd->add_option("--rating-col", f.rating_col, "csv/tsv/inter: rating column ('none': ignore)");
  cmd->add_option("--head-fraction", f.head_fraction, "Head/tail share of items (by count)")
      ->check(CLI::Range(0.0, 0.5))
      ->capture_default_str();
  cmd->add_option("--pareto-share", f.pareto_share, "Share of interactions in the Pareto head")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

nlohmann::ordered_json stats_json(const data::Dataset& d, const data::PrepareStats& st,
                                  const std::string& file, const std::string& format,
                                  const PrepareOptions& o, double seconds) {
  int64_t pareto = 0, head_train = 0, tail_train = 0;
  for (int32_t i = 1; i <= d.n_items; ++i) {
    pareto += d.pareto_head[i];
    if (d.item_group[i] == data::kHead) head_train += d.train_count[i];
    if (d.item_group[i] == data::kTail) tail_train += d.train_count[i];
  }
  const int64_t n = d.n_interactions(), train = d.n_train_interactions();
  nlohmann::ordered_json j;
  j["file"] = file;
  j["format"] = format;
  j["k_core"] = o.k_core;
  j["dedup"] = data::dedup_name(o.dedup);
  j["raw"] = {{"interactions", st.raw_rows}, {"users", st.raw_users}, {"items", st.raw_items}};
  j["after_rating_threshold"] = st.after_threshold;
  j["after_dedup"] = st.after_dedup;
  j["kcore_passes"] = st.kcore_passes;
  j["users"] = d.n_users;
  j["items"] = d.n_items;
  j["interactions"] = n;
  j["density"] = static_cast<double>(n) / (static_cast<double>(d.n_users) * d.n_items);
  j["mean_sequence_length"] = static_cast<double>(n) / d.n_users;
  j["train_interactions"] = train;
  j["head_items"] = d.head_items().size();
  j["tail_items"] = d.tail_items().size();
  j["head_train_share"] = train ? static_cast<double>(head_train) / train : 0.0;
  j["tail_train_share"] = train ? static_cast<double>(tail_train) / train : 0.0;
  j["pareto_head_items"] = pareto;
  j["content_hash"] = d.content_hash;
  j["seconds"] = seconds;
  return j;
}

void print_stats(const nlohmann::ordered_json& j) {
  std::printf("%s (%s, %lld-core, duplicates %s)\n", j["file"].get<std::string>().c_str(),
              j["format"].get<std::string>().c_str(), static_cast<long long>(j["k_core"].get<int64_t>()),
              j["dedup"].get<std::string>().c_str());
  const auto& raw = j["raw"];
  std::printf("  raw:          %lld interactions, %lld users, %lld items\n",
              static_cast<long long>(raw["interactions"].get<int64_t>()),
              static_cast<long long>(raw["users"].get<int64_t>()),
              static_cast<long long>(raw["items"].get<int64_t>()));
  std::printf("  users         %d\n  items         %d\n  interactions  %lld\n",
              j["users"].get<int>(), j["items"].get<int>(),
              static_cast<long long>(j["interactions"].get<int64_t>()));
  std::printf("  density       %.6f\n  mean length   %.2f\n", j["density"].get<double>(),
              j["mean_sequence_length"].get<double>());
  std::printf("  head items    %zu (%.1f%% of training interactions)\n",
              j["head_items"].get<size_t>(), 100 * j["head_train_share"].get<double>());
  std::printf("  tail items    %zu (%.1f%% of training interactions)\n",
              j["tail_items"].get<size_t>(), 100 * j["tail_train_share"].get<double>());
  std::printf("  pareto head   %lld items\n", static_cast<long long>(j["pareto_head_items"].get<int64_t>()));
  std::printf("  k-core passes %d; prepared in %.3f s\n", j["kcore_passes"].get<int>(),
              j["seconds"].get<double>());
}

void add_stats(CLI::App* group) {
  auto* cmd = group->add_subcommand("stats", "Statistics of an interaction file after filtering");
  auto flags = std::make_shared<PrepareFlags>();
  auto json = std::make_shared<bool>(false);
  add_prepare_flags(cmd, *flags);
  cmd->add_flag("--json", *json, "Print the statistics as JSON");
  cmd->callback([flags, json] {
    const auto t0 = std::chrono::steady_clock::now();
    const PrepareOptions o = flags->options();
    data::PrepareStats st;
    const data::Dataset d = data::prepare_file(flags->file, o, &st);
    const auto j = stats_json(d, st, flags->file, st.format, o, seconds_since(t0));
    if (*json) std::printf("%s\n", j.dump(2).c_str());
    else print_stats(j);
  });
}

void add_prepare(CLI::App* group) {
  auto* cmd = group->add_subcommand("prepare", "Prepare a dataset into the HDF5 cache (or reuse it)");
  auto flags = std::make_shared<PrepareFlags>();
  auto cache_dir = std::make_shared<std::string>();
  add_prepare_flags(cmd, *flags);
  cmd->add_option("--cache-dir", *cache_dir, "Cache directory")->required();
  cmd->callback([flags, cache_dir] {
    const auto t0 = std::chrono::steady_clock::now();
    data::CacheResult r;
    const data::Dataset d = data::load_or_prepare(flags->file, flags->options(), *cache_dir, &r);
    std::printf("%s\n", r.path.c_str());
    std::fprintf(stderr, "%s: %d users, %d items, %lld interactions (%s in %.3f s)\n", d.name.c_str(),
                 d.n_users, d.n_items, static_cast<long long>(d.n_interactions()),
                 r.reused ? "reused cache" : "prepared and cached", seconds_since(t0));
  });
}

void add_synth(CLI::App* group) {
  auto* cmd = group->add_subcommand("synth", "Write the synthetic dataset (a 'seq' file) from a seed");
  auto o = std::make_shared<data::SynthOptions>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--out", *out, "Output file (one user per line: user item item ...)")->required();
  cmd->add_option("--users", o->n_users, "Number of users")->capture_default_str();
  cmd->add_option("--items", o->n_items, "Number of items")->capture_default_str();
  cmd->add_option("--clusters", o->n_clusters, "Taste clusters")->capture_default_str();
  cmd->add_option("--mean-length", o->mean_length, "Mean items per user")->capture_default_str();
  cmd->add_option("--min-length", o->min_length, "Minimum items per user (>= 3)")->capture_default_str();
  cmd->add_option("--max-length", o->max_length, "Maximum items per user")->capture_default_str();
  cmd->add_option("--pop-exponent", o->popularity_exponent, "Zipf exponent of item popularity")
      ->capture_default_str();
  cmd->add_option("--p-chain", o->p_chain, "Probability of a chain (sequential) step")->capture_default_str();
  cmd->add_option("--p-taste", o->p_taste, "Probability of a taste-cluster draw")->capture_default_str();
  cmd->add_option("--chain-width", o->chain_width, "Successors a chain step chooses from")
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed")->capture_default_str();
  cmd->callback([o, out] {
    const std::string text = data::synth_seq_text(*o);
    // Written to a temporary name and renamed, so a crash never leaves half a file.
    const std::string tmp = *out + ".tmp-" + std::to_string(::getpid());
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      if (!f) throw UserError(SourceLocation{*out, 0}, "cannot open for writing");
      f << text;
      if (!f.flush()) throw UserError(SourceLocation{*out, 0}, "write failed");
    }
    std::filesystem::rename(tmp, *out);
    std::fprintf(stderr, "wrote %s: %lld users, %lld items max, seed %llu\n", out->c_str(),
                 static_cast<long long>(o->n_users), static_cast<long long>(o->n_items),
                 static_cast<unsigned long long>(o->seed));
  });
}

}  // namespace

void add_data_commands(CLI::App& app) {
  auto* group = app.add_subcommand("data", "Inspect, synthesise and prepare datasets");
  group->require_subcommand(1);
  add_stats(group);
  add_synth(group);
  add_prepare(group);
}

}  // namespace popsteer::cli
