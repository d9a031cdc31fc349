#include "sae/loss.h"

#include <limits>

namespace popsteer::sae {

SaeLoss sae_loss(SparseAutoencoderImpl& sae, const torch::Tensor& x, const SaeForward& fwd,
                 const torch::Tensor& dead) {
  const auto& opt = sae.options();
  const bool code = opt.compat() == SaeCompat::kCode;
  SaeLoss out;
  auto diff = x - fwd.x_hat;
  auto sse = diff.pow(2).sum();
  auto sst = (x - x.mean(0, true)).pow(2).sum().detach();
  out.sse = sse.item<double>();
  out.sst = sst.item<double>();
  torch::Tensor total = sse;

  const int64_t n_dead = dead.defined() ? dead.sum().item<int64_t>() : 0;
  if (n_dead > 0) {
    const int64_t k_aux = opt.effective_k_aux(n_dead);
    // Restrict the top-k to D: live latents get -inf so they can never be chosen.
    auto masked = fwd.z.masked_fill(dead.logical_not().unsqueeze(0),
                                    -std::numeric_limits<float>::infinity());
    auto idx = topk_indices(masked.detach(), k_aux);
    TopKCode aux{idx, torch::relu(masked.gather(1, idx))};
    auto e = code ? (fwd.x_hat - x) : diff.detach();
    auto e_hat = sae.decode(aux, /*with_bias=*/code);
    auto sse_aux = (e - e_hat).pow(2).sum();
    out.sse_aux = sse_aux.item<double>();
    double weight = opt.aux_gamma();
    if (code) {
      const double cap = static_cast<double>(opt.k_aux() > 0 ? opt.k_aux() : 2 * opt.input_dim());
      weight = 0.5 * std::min(static_cast<double>(n_dead) / cap, 1.0);
    }
    total = total + weight * sse_aux;
  }
  out.loss = total / sst.clamp_min(1e-12);
  return out;
}

}  // namespace popsteer::sae
