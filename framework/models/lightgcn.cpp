#include "models/lightgcn.h"

#include <algorithm>

#include "models/toml_text.h"

namespace popsteer::models {

LightGCNOptions LightGCNOptions::from_config(config::Section s, int64_t n_users, int64_t n_items) {
  LightGCNOptions o(n_users, n_items);
  o.embedding_size(s.get_int("embedding_size", o.embedding_size(), {1, 65536}));
  o.n_layers(s.get_int("n_layers", o.n_layers(), {0, 64}));
  o.reg_weight(s.get_double("reg_weight", o.reg_weight(), {0.0, 1e6}));
  s.finish();
  return o;
}

std::string LightGCNOptions::to_toml() const {
  return toml_line("embedding_size", embedding_size()) + toml_line("n_layers", n_layers()) +
         toml_line("reg_weight", reg_weight());
}

std::vector<std::pair<int32_t, int32_t>> training_edges(const data::Dataset& dataset) {
  std::vector<std::pair<int32_t, int32_t>> edges;
  for (int32_t u = 1; u <= dataset.n_users; ++u)
    for (int32_t i : dataset.train_items(u)) edges.emplace_back(u, i);
  return edges;
}

torch::Tensor normalized_adjacency(int64_t n_users, int64_t n_items,
                                   const std::vector<std::pair<int32_t, int32_t>>& edges_in) {
  auto edges = edges_in;
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  const int64_t n = n_users + n_items + 2, e = static_cast<int64_t>(edges.size());
  std::vector<double> degree(n, 0.0);
  for (auto [u, i] : edges) {
    degree[u] += 1.0;
    degree[n_users + 1 + i] += 1.0;
  }
  auto index = torch::empty({2, 2 * e}, torch::kLong);
  auto value = torch::empty({2 * e}, torch::kFloat);
  auto ix = index.accessor<int64_t, 2>();
  auto vx = value.accessor<float, 1>();
  for (int64_t k = 0; k < e; ++k) {
    const int64_t a = edges[k].first, b = n_users + 1 + edges[k].second;
    const double w = 1.0 / std::sqrt((degree[a] + 1e-7) * (degree[b] + 1e-7));
    ix[0][k] = a, ix[1][k] = b, vx[k] = static_cast<float>(w);
    ix[0][e + k] = b, ix[1][e + k] = a, vx[e + k] = static_cast<float>(w);
  }
  return torch::sparse_coo_tensor(index, value, {n, n}).coalesce();
}

LightGCNImpl::LightGCNImpl(const LightGCNOptions& options_, torch::Tensor adjacency_)
    : options(options_), adjacency(std::move(adjacency_)) {
  reset();
}

void LightGCNImpl::reset() {
  user_emb = register_module("user_emb",
                             torch::nn::Embedding(options.n_users() + 1, options.embedding_size()));
  item_emb = register_module("item_emb",
                             torch::nn::Embedding(options.n_items() + 1, options.embedding_size()));
  torch::NoGradGuard no_grad;
  torch::nn::init::xavier_uniform_(user_emb->weight);
  torch::nn::init::xavier_uniform_(item_emb->weight);
}

std::pair<torch::Tensor, torch::Tensor> LightGCNImpl::forward() {
  auto e = torch::cat({user_emb->weight, item_emb->weight}, 0);
  auto sum = e;
  for (int64_t l = 0; l < options.n_layers(); ++l) {
    e = torch::mm(adjacency, e);
    sum = sum + e;
  }
  auto mean = sum / double(options.n_layers() + 1);
  const int64_t U = options.n_users() + 1;
  return {mean.slice(0, 0, U), mean.slice(0, U)};
}

}  // namespace popsteer::models
