#include "steering/attribution.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace popsteer::steering {

std::vector<ItemAttribution> attribute(const torch::Tensor& idx_before, const torch::Tensor& val_before,
                                       const torch::Tensor& idx_after, const torch::Tensor& val_after,
                                       const torch::Tensor& w_dec, const torch::Tensor& b_pre,
                                       const torch::Tensor& item_emb, const std::vector<int32_t>& items) {
  // Δa over the union of both active sets (double, sparse).
  std::map<int64_t, double> before, delta;
  auto ib = idx_before.to(torch::kLong).contiguous(), ia = idx_after.to(torch::kLong).contiguous();
  auto vb = val_before.to(torch::kDouble).contiguous(), va = val_after.to(torch::kDouble).contiguous();
  for (int64_t t = 0; t < ib.numel(); ++t) {
    before[ib.data_ptr<int64_t>()[t]] += vb.data_ptr<double>()[t];
    delta[ib.data_ptr<int64_t>()[t]] -= vb.data_ptr<double>()[t];
  }
  for (int64_t t = 0; t < ia.numel(); ++t) delta[ia.data_ptr<int64_t>()[t]] += va.data_ptr<double>()[t];
  auto w = w_dec.detach().to(torch::kDouble).contiguous();
  auto e = item_emb.detach().to(torch::kDouble).contiguous();
  auto bias = b_pre.detach().to(torch::kDouble).contiguous();
  const int64_t d = w.size(1);
  const double* pw = w.data_ptr<double>();
  const double* pe = e.data_ptr<double>();
  const double* pb = bias.data_ptr<double>();
  std::vector<ItemAttribution> out;
  for (int32_t item : items) {
    ItemAttribution a;
    a.item = item;
    const double* ei = pe + static_cast<int64_t>(item) * d;
    double base = 0;
    for (int64_t c = 0; c < d; ++c) base += pb[c] * ei[c];
    a.score_before = base;
    for (const auto& [k, v] : before) {
      double dot = 0;
      for (int64_t c = 0; c < d; ++c) dot += pw[k * d + c] * ei[c];
      a.score_before += v * dot;
    }
    for (const auto& [k, dv] : delta) {
      if (dv == 0) continue;
      NeuronContribution nc;
      nc.neuron = k;
      nc.delta_activation = dv;
      for (int64_t c = 0; c < d; ++c) nc.alignment += pw[k * d + c] * ei[c];
      nc.contribution = dv * nc.alignment;
      a.delta += nc.contribution;
      a.neurons.push_back(nc);
    }
    a.score_after = a.score_before + a.delta;
    std::stable_sort(a.neurons.begin(), a.neurons.end(), [](const auto& x, const auto& y) {
      return std::abs(x.contribution) > std::abs(y.contribution);
    });
    out.push_back(std::move(a));
  }
  return out;
}

UserExplanation explain_user(const SteeringEvaluator& evaluator, const SteeringInputs& inputs,
                             const SteerRequest& request, int64_t user_row) {
  UserExplanation ex;
  auto [ib, vb] = evaluator.activations({});
  auto [ia, va] = evaluator.activations(request);
  std::vector<SteerRequest> block{SteerRequest{}, request};
  const auto lists = evaluator.rank(block);
  auto rb = lists[0].row(user_row), ra = lists[1].row(user_row);
  ex.before.assign(rb.begin(), rb.end());
  ex.after.assign(ra.begin(), ra.end());
  std::vector<int32_t> entered, left;
  for (int32_t i : ex.after)
    if (i != 0 && std::find(ex.before.begin(), ex.before.end(), i) == ex.before.end()) entered.push_back(i);
  for (int32_t i : ex.before)
    if (i != 0 && std::find(ex.after.begin(), ex.after.end(), i) == ex.after.end()) left.push_back(i);
  auto run = [&](const std::vector<int32_t>& items) {
    return attribute(ib[user_row], vb[user_row], ia[user_row], va[user_row], inputs.w_dec, inputs.b_pre,
                     inputs.items, items);
  };
  ex.entered = run(entered);
  ex.left = run(left);
  return ex;
}

}  // namespace popsteer::steering
