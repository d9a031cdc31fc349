#include "models/sasrec.h"

#include <cmath>

#include "models/toml_text.h"

namespace popsteer::models {

SASRecOptions SASRecOptions::from_config(config::Section s, int64_t n_items) {
  SASRecOptions o(n_items);
  o.hidden_size(s.get_int("hidden_size", o.hidden_size(), {1, 4096}));
  o.n_layers(s.get_int("n_layers", o.n_layers(), {1, 64}));
  o.n_heads(s.get_int("n_heads", o.n_heads(), {1, 64}));
  o.inner_size(s.get_int("inner_size", o.inner_size(), {1, 65536}));
  o.hidden_dropout(s.get_double("hidden_dropout", o.hidden_dropout(), {0.0, 0.99}));
  o.attn_dropout(s.get_double("attn_dropout", o.attn_dropout(), {0.0, 0.99}));
  o.max_seq_len(s.get_int("max_seq_len", o.max_seq_len(), {1, 4096}));
  o.layer_norm_eps(s.get_double("layer_norm_eps", o.layer_norm_eps(), {0.0, 1.0}));
  o.init_std(s.get_double("init_std", o.init_std(), {0.0, 10.0}));
  if (o.hidden_size() % o.n_heads() != 0)
    s.fail("n_heads", "hidden_size (" + std::to_string(o.hidden_size()) +
                          ") must be divisible by n_heads (" + std::to_string(o.n_heads()) + ")");
  s.finish();
  return o;
}

std::string SASRecOptions::to_toml() const {
  return toml_line("hidden_size", hidden_size()) + toml_line("n_layers", n_layers()) +
         toml_line("n_heads", n_heads()) + toml_line("inner_size", inner_size()) +
         toml_line("hidden_dropout", hidden_dropout()) + toml_line("attn_dropout", attn_dropout()) +
         toml_line("max_seq_len", max_seq_len()) + toml_line("layer_norm_eps", layer_norm_eps()) +
         toml_line("init_std", init_std());
}

namespace {

void init_linear(torch::nn::Linear& layer, double std) {
  torch::NoGradGuard no_grad;
  layer->weight.normal_(0.0, std);
  layer->bias.zero_();
}

}  // namespace

SASRecBlockImpl::SASRecBlockImpl(const SASRecOptions& options_) : options(options_) { reset(); }

void SASRecBlockImpl::reset() {
  const int64_t d = options.hidden_size();
  // Q, K and V share one [3d, d] matrix: one matmul instead of three, same distribution.
  qkv = register_module("qkv", torch::nn::Linear(d, 3 * d));
  attn_out = register_module("attn_out", torch::nn::Linear(d, d));
  ffn_in = register_module("ffn_in", torch::nn::Linear(d, options.inner_size()));
  ffn_out = register_module("ffn_out", torch::nn::Linear(options.inner_size(), d));
  auto ln = torch::nn::LayerNormOptions({d}).eps(options.layer_norm_eps());
  ln_attn = register_module("ln_attn", torch::nn::LayerNorm(ln));
  ln_ffn = register_module("ln_ffn", torch::nn::LayerNorm(ln));
  for (auto* l : {&qkv, &attn_out, &ffn_in, &ffn_out}) init_linear(*l, options.init_std());
}

torch::Tensor SASRecBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& mask) {
  const int64_t B = x.size(0), L = x.size(1), d = options.hidden_size();
  const int64_t h = options.n_heads(), dh = d / h;
  // [B, L, 3, h, dh] -> three [B, h, L, dh]
  auto qkv_out = qkv(x).view({B, L, 3, h, dh}).permute({2, 0, 3, 1, 4});
  auto q = qkv_out[0], k = qkv_out[1], v = qkv_out[2];
  auto scores = torch::matmul(q, k.transpose(-2, -1)).mul_(1.0 / std::sqrt(double(dh)));
  scores.add_(mask);
  auto probs = torch::softmax(scores, -1);
  probs = torch::dropout(probs, options.attn_dropout(), is_training());
  auto context = torch::matmul(probs, v).permute({0, 2, 1, 3}).reshape({B, L, d});
  auto a = ln_attn(x + torch::dropout(attn_out(context), options.hidden_dropout(), is_training()));
  auto f = ffn_out(torch::gelu(ffn_in(a)));
  return ln_ffn(a + torch::dropout(f, options.hidden_dropout(), is_training()));
}

SASRecImpl::SASRecImpl(const SASRecOptions& options_) : options(options_) { reset(); }

void SASRecImpl::reset() {
  const int64_t d = options.hidden_size();
  item_emb = register_module("item_emb", torch::nn::Embedding(options.n_items() + 1, d));
  pos_emb = register_module("pos_emb", torch::nn::Embedding(options.max_seq_len(), d));
  ln_emb = register_module(
      "ln_emb", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(options.layer_norm_eps())));
  blocks = register_module("blocks", torch::nn::ModuleList());
  for (int64_t l = 0; l < options.n_layers(); ++l) blocks->push_back(SASRecBlock(options));
  torch::NoGradGuard no_grad;
  // RecBole initialises the PAD row too (no padding_idx): it is a class of the softmax.
  item_emb->weight.normal_(0.0, options.init_std());
  pos_emb->weight.normal_(0.0, options.init_std());
}

torch::Tensor sasrec_attention_mask(const torch::Tensor& items) {
  const int64_t L = items.size(1);
  auto key_ok = items.ne(0).view({items.size(0), 1, 1, L});
  auto causal = torch::ones({L, L}, torch::TensorOptions().dtype(torch::kBool).device(items.device()))
                    .tril()
                    .view({1, 1, L, L});
  auto ok = key_ok.logical_and(causal);
  return torch::zeros(ok.sizes(), torch::TensorOptions().device(items.device()))
      .masked_fill_(ok.logical_not(), -10000.0);
}

torch::Tensor SASRecImpl::forward(const torch::Tensor& items) {
  const int64_t L = items.size(1);
  TORCH_CHECK(L <= options.max_seq_len(), "sequence longer than max_seq_len");
  auto x = item_emb(items) + pos_emb->weight.slice(0, 0, L).unsqueeze(0);
  x = torch::dropout(ln_emb(x), options.hidden_dropout(), is_training());
  const auto mask = sasrec_attention_mask(items);
  for (const auto& block : *blocks) x = block->as<SASRecBlock>()->forward(x, mask);
  return x;
}

torch::Tensor SASRecImpl::logits(const torch::Tensor& h) const {
  return torch::matmul(h, item_emb->weight.t());
}

}  // namespace popsteer::models
