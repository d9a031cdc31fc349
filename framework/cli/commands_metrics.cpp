/// `popsteer metrics`: score top-K lists from any tool with popsteer's metrics
/// (ALGORITHMS.md §6). The lists file has one line per user: the user's token, then the
/// recommended items' tokens, best first (tokens = the ids of the dataset file).
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "cli/commands.h"
#include "core/error.h"
#include "data/cache.h"
#include "data/prepare.h"
#include "data/reader.h"
#include "data/text_scan.h"
#include "metrics/metrics.h"

namespace popsteer::cli {
namespace {

struct MetricsArgs {
  std::string lists;
  std::string dataset;
  std::string format = "auto";
  int64_t k_core = data::PrepareOptions{}.k_core;
  std::string dedup = "keep";
  std::string cache_dir;
  std::string split = "test";
  int k = 10;
  int64_t tau = 5;
  bool compat_pad = false;
  bool partial = false;
  bool json = false;
};

/// Parses the lists file into rows of internal ids. Every problem names file:line.
metrics::TopKLists read_lists(const MetricsArgs& a, const data::Dataset& d, std::vector<int32_t>& users) {
  std::unordered_map<std::string_view, int32_t> user_id, item_id;
  for (int32_t u = 1; u <= d.n_users; ++u) user_id.emplace(d.user_tokens[u], u);
  for (int32_t i = 1; i <= d.n_items; ++i) item_id.emplace(d.item_tokens[i], i);
  const std::string text = data::read_text_file(a.lists);
  data::LineCursor cursor(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  std::vector<std::vector<int32_t>> rows;
  std::vector<int64_t> seen_line(static_cast<size_t>(d.n_users) + 1, 0);
  while (cursor.next(line)) {
    const SourceLocation at{a.lists, cursor.line_number()};
    if (data::trim(line).starts_with('#')) continue;
    data::split_fields(line, data::Delim::kWhitespace, fields);
    const auto u = user_id.find(fields[0]);
    if (u == user_id.end())
      throw UserError(at, fmt::format("unknown user {} (not in dataset {})", data::quote_field(fields[0]), a.dataset));
    if (seen_line[u->second] != 0)
      throw UserError(at, fmt::format("user {} already listed on line {}", data::quote_field(fields[0]),
                                      seen_line[u->second]));
    seen_line[u->second] = cursor.line_number();
    std::vector<int32_t> row;
    for (size_t f = 1; f < fields.size(); ++f) {
      const auto it = item_id.find(fields[f]);
      if (it == item_id.end())
        throw UserError(at, fmt::format("unknown item {} in field {} (not in dataset {})",
                                        data::quote_field(fields[f]), f + 1, a.dataset));
      if (std::find(row.begin(), row.end(), it->second) != row.end())
        throw UserError(at, fmt::format("item {} listed twice for user {}", data::quote_field(fields[f]),
                                        data::quote_field(fields[0])));
      row.push_back(it->second);
    }
    users.push_back(u->second);
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw UserError(SourceLocation{a.lists, 0}, "no lists in the file");
  if (!a.partial && static_cast<int32_t>(rows.size()) != d.n_users) {
    int32_t missing = 0;
    for (int32_t u = 1; u <= d.n_users && missing == 0; ++u) missing = seen_line[u] == 0 ? u : 0;
    throw UserError(SourceLocation{a.lists, 0},
                    fmt::format("lists for {} of {} users (first missing: '{}'); pass --partial to score only "
                                "the listed users",
                                rows.size(), d.n_users, d.user_tokens[missing]));
  }
  auto lists = metrics::TopKLists::empty(static_cast<int64_t>(rows.size()), a.k);
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t j = 0; j < rows[r].size() && j < static_cast<size_t>(a.k); ++j)
      lists.row(static_cast<int64_t>(r))[j] = rows[r][j];
  return lists;
}

void run_metrics(const MetricsArgs& a) {
  data::PrepareOptions po;
  po.read.format = a.format;
  po.k_core = a.k_core;
  po.dedup = data::parse_dedup(a.dedup);
  const data::Dataset d = a.cache_dir.empty() ? data::prepare_file(a.dataset, po)
                                              : data::load_or_prepare(a.dataset, po, a.cache_dir);
  std::vector<int32_t> users;
  const metrics::TopKLists lists = read_lists(a, d, users);
  const data::Split split = a.split == "valid" ? data::Split::kValid : data::Split::kTest;
  std::vector<int32_t> targets;
  for (int32_t u : users) targets.push_back(d.target(u, split));
  const metrics::ItemInfo info{d.n_items, d.item_group, d.train_count};
  const metrics::MetricSet m =
      metrics::evaluate(lists, metrics::Relevance::single(targets), info, {a.k, a.tau, a.compat_pad});
  const std::vector<std::pair<const char*, double>> values = {
      {"ndcg", m.ndcg},         {"ndcg_head", m.ndcg_head}, {"ndcg_tail", m.ndcg_tail},
      {"ndcg_nonhead", m.ndcg_nonhead}, {"hit", m.hit},     {"mrr", m.mrr},
      {"coverage", m.coverage}, {"coverage1", m.coverage1}, {"gini", m.gini},
      {"arp", m.arp},           {"aplt", m.aplt},           {"dltc", m.dltc}};
  if (a.json) {
    nlohmann::ordered_json j;
    j["lists"] = a.lists;
    j["dataset"] = a.dataset;
    j["split"] = a.split;
    j["k"] = a.k;
    j["tau"] = a.tau;
    j["compat_pad"] = a.compat_pad;
    j["users"] = m.users;
    for (const auto& [name, v] : values) j[name] = v;
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("{} users, {} split, K={}, tau={}{}\n", m.users, a.split, a.k, a.tau,
             a.compat_pad ? ", compat_pad" : "");
  for (const auto& [name, v] : values) fmt::print("{:<13} {:.6f}\n", name, v);
}

}  // namespace

void add_metrics_commands(CLI::App& app) {
  auto a = std::make_shared<MetricsArgs>();
  auto* cmd = app.add_subcommand("metrics", "Score top-K lists from a file against a dataset's held-out targets");
  cmd->add_option("--lists", a->lists, "Lists file: one line per user, 'user item item ...' (dataset tokens)")
      ->required();
  cmd->add_option("--dataset", a->dataset, "Interaction file the lists refer to (prepared as by `data prepare`)")
      ->required();
  std::vector<std::string> fmts = data::format_names();
  fmts.insert(fmts.begin(), "auto");
  cmd->add_option("--format", a->format, "Dataset file format")->check(CLI::IsMember(fmts))->capture_default_str();
  cmd->add_option("--k-core", a->k_core, "k-core used to prepare the dataset")->capture_default_str();
  cmd->add_option("--dedup", a->dedup, "Duplicate policy used to prepare the dataset")
      ->check(CLI::IsMember({"keep", "drop"}))->capture_default_str();
  cmd->add_option("--cache-dir", a->cache_dir, "Reuse/write the prepared dataset here (default: prepare in memory)");
  cmd->add_option("--split", a->split, "Targets to score against")->check(CLI::IsMember({"test", "valid"}))
      ->capture_default_str();
  cmd->add_option("--k", a->k, "Cut-off K (longer lists are truncated)")->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--tau", a->tau, "ItemCoverage threshold")->check(CLI::Range(int64_t{1}, int64_t{1} << 40))
      ->capture_default_str();
  cmd->add_flag("--compat-pad", a->compat_pad, "Reference-code denominators n_items+1 in coverage and Gini");
  cmd->add_flag("--partial", a->partial, "Score only the users in the file (default: every user must be listed)");
  cmd->add_flag("--json", a->json, "Print JSON");
  cmd->callback([a] { run_metrics(*a); });
}

}  // namespace popsteer::cli
