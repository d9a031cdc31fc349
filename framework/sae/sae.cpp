#include "sae/sae.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <torch/nn/init.h>

#include <cmath>
#include <string>

#include "core/error.h"
#include "sae/topk.h"

namespace popsteer::sae {

int64_t SaeOptions::effective_k_aux(int64_t dead) const {
  int64_t cap = k_aux_;
  if (cap <= 0) cap = compat_ == SaeCompat::kCode ? 2 * input_dim_ : std::max<int64_t>(1, input_dim_ / 2);
  return std::min(cap, dead);
}

void SaeOptions::validate() const {
  if (input_dim_ < 1) throw UserError("sae: input dimension d must be >= 1, got " + std::to_string(input_dim_));
  if (scale_ < 1) throw UserError("sae.scale must be >= 1, got " + std::to_string(scale_));
  if (k_ < 1 || k_ > hidden())
    throw UserError("sae.k must be in [1, N = scale*d = " + std::to_string(hidden()) + "], got " +
                    std::to_string(k_));
  if (!(aux_gamma_ >= 0)) throw UserError("sae.aux_gamma must be >= 0");
}

SparseAutoencoderImpl::SparseAutoencoderImpl(SaeOptions options) : options_(std::move(options)) {
  options_.validate();
  reset();
}

void SparseAutoencoderImpl::reset() {
  const int64_t d = options_.input_dim(), n = options_.hidden();
  const double bound = 1.0 / std::sqrt(static_cast<double>(d));
  torch::NoGradGuard no_grad;
  auto gen = at::make_generator<at::CPUGeneratorImpl>(options_.init_seed());
  auto enc = torch::empty({n, d}).uniform_(-bound, bound, gen);
  // "encoder = decoder transpose" init: atoms are the encoder rows at unit norm; the
  // encoder itself keeps its scale (§3.2).
  auto dec = enc / enc.norm(2, {1}, true).clamp_min(1e-12);
  w_enc = register_parameter("w_enc", enc);
  b_enc = register_parameter("b_enc", torch::zeros({n}));
  w_dec = register_parameter("w_dec", dec.contiguous());
  b_pre = register_parameter("b_pre", torch::zeros({d}));
}

torch::Tensor SparseAutoencoderImpl::pre_activations(const torch::Tensor& x) {
  return torch::addmm(b_enc, x - b_pre, w_enc.t());
}

TopKCode SparseAutoencoderImpl::activate(const torch::Tensor& z) const {
  auto idx = topk_indices(z.detach(), options_.k());
  return {idx, torch::relu(z.gather(1, idx))};
}

torch::Tensor SparseAutoencoderImpl::decode(const TopKCode& code, bool with_bias) {
  const int64_t b = code.indices.size(0), k = code.indices.size(1);
  // Gather the k active atoms: B·k·d multiply-adds instead of the dense B·N·d.
  auto atoms = w_dec.index_select(0, code.indices.reshape({-1})).view({b, k, -1});
  auto x_hat = torch::bmm(code.values.unsqueeze(1), atoms).squeeze(1);
  return with_bias ? x_hat + b_pre : x_hat;
}

SaeForward SparseAutoencoderImpl::forward(const torch::Tensor& x) {
  SaeForward out;
  out.z = pre_activations(x);
  out.code = activate(out.z);
  out.x_hat = decode(out.code);
  return out;
}

torch::Tensor topk_indices(const torch::Tensor& scores, int64_t k) {
  TORCH_CHECK(scores.dim() == 2, "topk_indices: expected a 2-D tensor");
  TORCH_CHECK(k >= 1 && k <= scores.size(1), "topk_indices: k out of range");
  auto s = scores.to(torch::kFloat).contiguous();
  const int64_t rows = s.size(0), n = s.size(1);
  auto out = torch::empty({rows, k}, torch::kLong);
  const float* src = s.data_ptr<float>();
  int64_t* dst = out.data_ptr<int64_t>();
  at::parallel_for(0, rows, 16, [&](int64_t begin, int64_t end) {
    std::vector<float> vals(static_cast<size_t>(k));
    for (int64_t r = begin; r < end; ++r) {
      select_topk_row(src + r * n, n, k, dst + r * k, vals.data());
    }
  });
  return out;
}

}  // namespace popsteer::sae
