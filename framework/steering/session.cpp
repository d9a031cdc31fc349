#include "steering/session.h"

#include <ATen/Parallel.h>

#include <numeric>

namespace popsteer::steering {

SteeringSession::SteeringSession(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae, SessionOptions options)
    : opt_(std::move(options)), n_latents_(sae.options().hidden()), dataset_(&backbone.dataset()) {
  valid_ = build(backbone, sae, data::Split::kValid);
  test_ = build(backbone, sae, data::Split::kTest);
}

std::unique_ptr<SplitCache> SteeringSession::build(models::Backbone& backbone, sae::SparseAutoencoderImpl& sae,
                                                   data::Split s) {
  torch::NoGradGuard no_grad;
  const auto& ds = backbone.dataset();
  auto cache = std::make_unique<SplitCache>();
  cache->split = s;
  std::vector<int32_t> users(static_cast<size_t>(ds.n_users));
  std::iota(users.begin(), users.end(), 1);
  std::vector<torch::Tensor> z;
  for (size_t b = 0; b < users.size(); b += static_cast<size_t>(opt_.batch)) {
    std::vector<int32_t> part(users.begin() + static_cast<std::ptrdiff_t>(b),
                              users.begin() + static_cast<std::ptrdiff_t>(std::min(users.size(), b + opt_.batch)));
    z.push_back(sae.pre_activations(backbone.user_representation(part, s).to(torch::kCPU, torch::kFloat)));
  }
  cache->inputs.z = torch::cat(z).contiguous();
  cache->inputs.w_dec = sae.w_dec.detach().to(torch::kCPU).contiguous();
  cache->inputs.b_pre = sae.b_pre.detach().to(torch::kCPU).contiguous();
  cache->inputs.items = backbone.item_embeddings().detach().to(torch::kCPU, torch::kFloat).contiguous();
  cache->inputs.k_sae = sae.options().k();
  for (int32_t u : users) cache->targets.push_back(ds.target(u, s));
  cache->relevant = metrics::Relevance::single(cache->targets);
  EvaluatorOptions eo;
  eo.top_k = opt_.top_k;
  eo.chunk_rows = opt_.chunk_rows;
  if (backbone.masks_history()) {
    // §6.1: validation masks the training items, test masks training + validation.
    auto& hist = s == data::Split::kValid ? history_valid_ : history_test_;
    for (int32_t u : users) {
      auto c = ds.context(u, s);
      hist.emplace_back(c.begin(), c.end());
    }
    for (const auto& h : hist) eo.exclude.emplace_back(h);
  }
  cache->evaluator = std::make_unique<SteeringEvaluator>(cache->inputs, std::move(eo));
  return cache;
}

std::vector<metrics::MetricSet> SteeringSession::evaluate(std::span<const SteerRequest> block, data::Split s) const {
  const auto& c = split(s);
  metrics::ItemInfo info{dataset_->n_items, dataset_->item_group, dataset_->train_count};
  auto mo = opt_.metrics;
  mo.k = opt_.top_k;
  return evaluate_block(*c.evaluator, block, c.relevant, info, mo);
}

SteerRequest SteeringSession::popsteer(const NeuronTable& t, const SteerConfig& config) {
  SteerRequest r;
  r.shift = steer_vector(t.d, t.sigma, config);
  return r;
}

SteerRequest SteeringSession::noise(const NeuronTable& t, const SteerConfig& config, double xi, uint64_t seed) {
  SteerRequest r;
  const auto sel = select_neurons(t.d, config);
  r.noise_neurons = sel.pop;
  r.noise_neurons.insert(r.noise_neurons.end(), sel.unpop.begin(), sel.unpop.end());
  r.noise_xi = xi;
  r.noise_seed = seed;
  return r;
}

SteerRequest SteeringSession::random_select(const NeuronTable& t, const SteerConfig& config, uint64_t seed) {
  SteerRequest r;
  r.shift = random_select_vector(t.d, t.sigma, config, seed);
  return r;
}

SteerRequest SteeringSession::manipulation(const NeuronTable& t, const std::vector<int64_t>& list, int64_t k_prime,
                                           bool post) {
  SteerRequest r;
  r.shift = manipulation_vector(list, k_prime, t.sigma);
  if (post) r.mode = SteerRequest::Mode::kPost;
  return r;
}

}  // namespace popsteer::steering
