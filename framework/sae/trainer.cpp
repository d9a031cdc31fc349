#include "sae/trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>

#include <chrono>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "core/seed.h"
#include "sae/loss.h"

namespace popsteer::sae {

SaeTrainOptions SaeTrainOptions::from_config(config::Section s) {
  SaeTrainOptions o;
  o.lr = s.get_double("lr", o.lr, {1e-8, 10});
  o.plateau_factor = s.get_double("plateau_factor", o.plateau_factor, {1e-6, 1});
  o.plateau_patience = s.get_int("plateau_patience", o.plateau_patience, {0, 1e6});
  o.patience = s.get_int("patience", o.patience, {1, 1e6});
  o.max_epochs = s.get_int("max_epochs", o.max_epochs, {1, 1e7});
  o.batch_size = s.get_int("batch_size", o.batch_size, {2, 1e7});
  o.gao_decoder_norm = s.get_bool("gao_decoder_norm", o.gao_decoder_norm);
  s.finish();
  return o;
}

double reconstruction_fvu(SparseAutoencoderImpl& sae, const torch::Tensor& x, int64_t batch) {
  torch::NoGradGuard no_grad;
  auto mean = x.mean(0, true);
  double sse = 0, sst = 0;
  for (int64_t b = 0; b < x.size(0); b += batch) {
    auto xb = x.slice(0, b, std::min(b + batch, x.size(0)));
    sse += (xb - sae.forward(xb).x_hat).pow(2).sum().item<double>();
    sst += (xb - mean).pow(2).sum().item<double>();
  }
  return sst > 0 ? sse / sst : 0.0;
}

namespace {

/// Marks in `fired` [N] every latent with a_j > 0 in `code`.
void mark_fired(torch::Tensor& fired, const TopKCode& code) {
  auto idx = code.indices.masked_select(code.values.detach() > 0);
  fired.index_fill_(0, idx, true);
}

}  // namespace

void project_decoder_grad(SparseAutoencoderImpl& sae) {
  auto& g = sae.w_dec.mutable_grad();
  if (!g.defined()) return;
  torch::NoGradGuard no_grad;
  const auto& w = sae.w_dec;
  // Divide by |w_j|² rather than assume unit atoms: Adam's step moves them off the sphere
  // by O(lr²) before normalize_decoder() puts them back, and a zero atom gets no update.
  auto coef = (g * w).sum(1, true) / w.pow(2).sum(1, true).clamp_min(1e-24);
  g.sub_(coef * w);
}

void normalize_decoder(SparseAutoencoderImpl& sae) {
  torch::NoGradGuard no_grad;
  sae.w_dec.div_(sae.w_dec.norm(2, {1}, true).clamp_min(1e-12));
}

double dead_fraction(SparseAutoencoderImpl& sae, const torch::Tensor& x, int64_t batch) {
  torch::NoGradGuard no_grad;
  auto fired = torch::zeros({sae.options().hidden()}, torch::kBool);
  for (int64_t b = 0; b < x.size(0); b += batch)
    mark_fired(fired, sae.forward(x.slice(0, b, std::min(b + batch, x.size(0)))).code);
  return 1.0 - fired.to(torch::kDouble).mean().item<double>();
}

SparseAutoencoder train_sae(SaeOptions options, const torch::Tensor& train,
                            const torch::Tensor& valid, const SaeTrainOptions& t,
                            SaeTrainReport* report,
                            const std::function<void(const SaeEpochStats&)>& on_epoch,
                            const EpochInputs& epoch_inputs) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  if (train.dim() != 2 || train.size(1) != options.input_dim())
    throw UserError("sae training: inputs must be [n, d=" + std::to_string(options.input_dim()) + "]");
  if (train.size(0) < 2 || valid.size(0) < 2)
    throw UserError("sae training: need at least 2 training and 2 validation rows");
  options.init_seed(derive_seed(t.seed, "sae-init"));
  SparseAutoencoder sae(options);
  torch::optim::Adam adam(sae->parameters(), torch::optim::AdamOptions(t.lr).betas({0.9, 0.999}).eps(1e-8));
  auto gen = at::make_generator<at::CPUGeneratorImpl>(derive_seed(t.seed, "sae-shuffle"));
  const int64_t n = train.size(0), n_hidden = options.hidden();
  auto x_train = train.to(torch::kFloat).contiguous();
  auto x_valid = valid.to(torch::kFloat).contiguous();

  double lr = t.lr, best_fvu = std::numeric_limits<double>::infinity();
  double plateau_best = best_fvu;
  int64_t since_best = 0, since_plateau = 0;
  torch::Tensor dead;  // undefined in epoch 0: no AuxK
  std::vector<torch::Tensor> best_params;
  SaeTrainReport rep;
  for (int64_t epoch = 0; epoch < t.max_epochs; ++epoch) {
    const auto epoch_start = Clock::now();
    torch::Tensor x_epoch = x_train;
    if (epoch_inputs) {
      x_epoch = epoch_inputs(epoch).to(torch::kCPU, torch::kFloat).contiguous();
      if (x_epoch.sizes() != x_train.sizes())
        throw std::runtime_error("sae training: epoch " + std::to_string(epoch) +
                                 " inputs have a different shape than the training rows");
    }
    auto perm = torch::randperm(n, gen, torch::kLong);
    auto fired = torch::zeros({n_hidden}, torch::kBool);
    double loss_sum = 0, sse_sum = 0, sst_sum = 0;
    int64_t batches = 0;
    for (int64_t b = 0; b < n; b += t.batch_size) {
      const int64_t e = std::min(b + t.batch_size, n);
      if (e - b < 2) continue;  // SST of a single row is 0
      auto xb = x_epoch.index_select(0, perm.slice(0, b, e));
      auto fwd = sae->forward(xb);
      auto l = sae_loss(*sae, xb, fwd, dead);
      adam.zero_grad();
      l.loss.backward();
      if (t.gao_decoder_norm) project_decoder_grad(*sae);
      adam.step();
      if (t.gao_decoder_norm) normalize_decoder(*sae);
      mark_fired(fired, fwd.code);
      loss_sum += l.loss.item<double>();
      sse_sum += l.sse;
      sst_sum += l.sst;
      ++batches;
    }
    dead = fired.logical_not();  // D for the next epoch (§3.5)
    SaeEpochStats st;
    st.epoch = epoch;
    st.train_loss = batches ? loss_sum / static_cast<double>(batches) : 0.0;
    st.train_fvu = sst_sum > 0 ? sse_sum / sst_sum : 0.0;
    st.valid_fvu = reconstruction_fvu(*sae, x_valid);
    st.dead_fraction = dead.to(torch::kDouble).mean().item<double>();
    st.lr = lr;
    st.seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
    rep.history.push_back(st);
    if (on_epoch) on_epoch(st);

    // Early stopping keeps the best weights; the plateau schedule follows PyTorch's
    // ReduceLROnPlateau (mode min, relative threshold 1e-4).
    if (st.valid_fvu < best_fvu) {
      best_fvu = st.valid_fvu;
      rep.best_epoch = epoch;
      since_best = 0;
      torch::NoGradGuard no_grad;
      best_params.clear();
      for (auto& p : sae->parameters()) best_params.push_back(p.detach().clone());
    } else if (++since_best >= t.patience) {
      rep.epochs = epoch + 1;
      break;
    }
    if (st.valid_fvu < plateau_best * (1.0 - 1e-4)) {
      plateau_best = st.valid_fvu;
      since_plateau = 0;
    } else if (++since_plateau > t.plateau_patience) {
      lr *= t.plateau_factor;
      for (auto& group : adam.param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
      since_plateau = 0;
    }
    rep.epochs = epoch + 1;
  }
  {
    torch::NoGradGuard no_grad;
    auto params = sae->parameters();
    for (size_t i = 0; i < params.size() && i < best_params.size(); ++i) params[i].copy_(best_params[i]);
  }
  rep.valid_fvu = best_fvu;
  rep.dead_fraction = dead_fraction(*sae, x_train);
  rep.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (report) *report = std::move(rep);
  return sae;
}

}  // namespace popsteer::sae
