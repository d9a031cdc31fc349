#include "aggregate/averaging.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "aggregate/grouping.h"
#include "core/hash.h"

namespace popsteer::aggregate {
namespace {

constexpr double sweep::ResultRow::*kMeanFields[] = {
    &sweep::ResultRow::ndcg, &sweep::ResultRow::ndcg_head, &sweep::ResultRow::ndcg_tail,
    &sweep::ResultRow::ndcg_nonhead, &sweep::ResultRow::hit, &sweep::ResultRow::mrr,
    &sweep::ResultRow::coverage, &sweep::ResultRow::gini, &sweep::ResultRow::arp,
    &sweep::ResultRow::aplt, &sweep::ResultRow::dltc};

std::string label_of(const nlohmann::json& params) {
  std::string s;
  for (const auto& [k, v] : params.items()) {
    if (!s.empty()) s += ' ';
    s += k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return s;
}

}  // namespace

std::vector<sweep::ResultRow> average_over(const std::vector<sweep::ResultRow>& rows,
                                           const std::vector<std::string>& keys) {
  if (keys.empty()) return rows;
  const bool merge_backbone_seeds = std::find(keys.begin(), keys.end(), "backbone_seed") != keys.end();
  std::vector<sweep::ResultRow> out;
  // (agreement key without split, split) -> rows; std::map keeps the output deterministic.
  std::map<std::pair<std::string, std::string>, std::vector<const sweep::ResultRow*>> sets;
  std::map<std::string, nlohmann::json> reduced_params;
  for (const auto& r : rows) {
    auto params = nlohmann::json::parse(r.params_json, nullptr, false);
    bool has_key = merge_backbone_seeds;
    if (!params.is_discarded() && params.is_object()) {
      for (const auto& k : keys) has_key = params.erase(k) > 0 || has_key;
    }
    if (!row_is_ok(r) || params.is_discarded() || !params.is_object() || !has_key) {
      out.push_back(r);
      continue;
    }
    const std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", r.dataset, r.backbone, r.k, r.method,
                                        merge_backbone_seeds ? std::string("*") : std::to_string(r.backbone_seed),
                                        params.dump());  // dump() sorts object keys
    sets[{key, r.split}].push_back(&r);
    reduced_params.emplace(key, std::move(params));
  }
  for (const auto& [id, members] : sets) {
    const auto& [key, split] = id;
    sweep::ResultRow m = *members.front();
    const auto n = static_cast<double>(members.size());
    for (auto f : kMeanFields) {
      double sum = 0;
      for (const auto* r : members) sum += r->*f;
      m.*f = sum / n;
    }
    double users = 0, seconds = 0;
    for (const auto* r : members) users += static_cast<double>(r->users), seconds += r->seconds;
    m.users = static_cast<int64_t>(users / n + 0.5);
    m.seconds = seconds;
    const auto& params = reduced_params.at(key);
    m.params_json = params.dump();
    m.config_id = "avg-" + hash_string(key);
    const std::string shown = label_of(params);
    m.label = (shown.empty() ? m.method : shown) + fmt::format(" [mean of {}]", members.size());
    m.task_id = "averaged";
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace popsteer::aggregate
